package e2e

import (
	"testing"
	"time"

	cpod "github.com/cpod/cpod/sdk/go"
)

func TestSecretsRoundTrip(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	meta, err := c.Secrets.Put(ctx, "E2E_API_KEY", "not-a-real-secret", "for the e2e test")
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Secrets.Get(ctx, "E2E_API_KEY")
	if err != nil || got.Value != "not-a-real-secret" || got.Version != meta.Version {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	var names []string
	for s, err := range c.Secrets.List(ctx, 1) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		t.Fatal("List found no secret")
	}
	if err := c.Secrets.Delete(ctx, "E2E_API_KEY"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Secrets.Get(ctx, "E2E_API_KEY"); cpod.CodeOf(err) != "not_found" {
		t.Fatalf("Get after Delete: %v", err)
	}
}

func TestAuditListsWritesAndVerifies(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	since := time.Now().Add(-time.Second)
	if _, err := c.KV.Put(ctx, "e2e:audited", 1, nil); err != nil {
		t.Fatal(err)
	}
	// The audit log is written after the response (onResponse): give it a moment.
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := 0
		for _, err := range c.Audit.List(ctx, &cpod.AuditListOptions{From: since, Action: "kv.put", Limit: 1}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no kv.put audit record")
		}
		time.Sleep(200 * time.Millisecond)
	}
	result, err := c.Audit.Verify(ctx)
	if err != nil || !result.Valid || result.Checked == 0 {
		t.Fatalf("Verify = %+v, %v", result, err)
	}
}
