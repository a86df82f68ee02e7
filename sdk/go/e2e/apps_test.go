package e2e

import (
	"errors"
	"testing"

	cpod "github.com/cpod/cpod/sdk/go"
)

func newAdmin(t *testing.T) *cpod.Client {
	t.Helper()
	c, err := cpod.New(cpod.Options{BaseURL: dev.BaseURL, AdminToken: dev.AdminToken})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An app's whole life: created, used, listed, rotated (the old secret stops working), deleted.
func TestOAuthAppLifecycle(t *testing.T) {
	ctx, admin := testContext(t), newAdmin(t)
	app, err := admin.OAuth.Apps.Create(ctx, cpod.AppCreate{
		TenantId: dev.TenantID, Name: "go worker", DeclaredScopes: []cpod.Scope{"kv.read", "kv.write"}, AppType: cpod.AppTypeService,
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	worker, err := cpod.New(cpod.Options{BaseURL: dev.BaseURL, ClientID: app.ClientId, ClientSecret: app.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := worker.KV.Put(ctx, "go-first-run", true, nil); err != nil {
		t.Fatal(err)
	}
	listed := false
	for each, err := range admin.OAuth.Apps.List(ctx, &cpod.AppListOptions{TenantID: dev.TenantID, Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		listed = listed || each.ClientId == app.ClientId
	}
	if !listed {
		t.Fatalf("%s not listed", app.ClientId)
	}
	rotated, err := admin.OAuth.Apps.RotateSecret(ctx, app.ClientId)
	if err != nil || rotated.ClientSecret == app.ClientSecret || rotated.SecretRotatedAt == nil {
		t.Fatalf("RotateSecret = %+v, %v", rotated, err)
	}
	stale, err := cpod.New(cpod.Options{BaseURL: dev.BaseURL, ClientID: app.ClientId, ClientSecret: app.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	var ae *cpod.AuthenticationError
	if _, err := stale.KV.Get(ctx, "go-first-run", nil); !errors.As(err, &ae) {
		t.Fatalf("old secret after rotation: %v", err)
	}
	if err := admin.OAuth.Apps.Delete(ctx, app.ClientId); err != nil {
		t.Fatal(err)
	}
	var nf *cpod.NotFoundError
	if _, err := admin.OAuth.Apps.Get(ctx, app.ClientId); !errors.As(err, &nf) {
		t.Fatalf("Get after Delete: %v", err)
	}
}

func TestOAuthAppBadInputIsTyped(t *testing.T) {
	ctx, admin := testContext(t), newAdmin(t)
	var ve *cpod.ValidationError
	_, err := admin.OAuth.Apps.Create(ctx, cpod.AppCreate{
		TenantId: dev.TenantID, Name: "go bad", DeclaredScopes: []cpod.Scope{"kv.everything"}, AppType: cpod.AppTypeService,
	}, "")
	if !errors.As(err, &ve) || len(ve.Fields) == 0 {
		t.Fatalf("unknown scope: %v", err)
	}
	var nf *cpod.NotFoundError
	_, err = admin.OAuth.Apps.Create(ctx, cpod.AppCreate{
		TenantId: "ten_00000000000000000000000000", Name: "go orphan", DeclaredScopes: []cpod.Scope{"kv.read"}, AppType: cpod.AppTypeService,
	}, "")
	if !errors.As(err, &nf) {
		t.Fatalf("unknown tenant: %v", err)
	}
	// The data app's token is not an admin token: without AdminToken nothing is sent.
	var ae *cpod.AuthenticationError
	if _, err := newClient(t).OAuth.Apps.Get(ctx, dev.ClientID); !errors.As(err, &ae) {
		t.Fatalf("admin call without AdminToken: %v", err)
	}
}
