package cpod

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func app(id string) map[string]any {
	return map[string]any{
		"client_id": id, "tenant_id": "ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N", "name": "w", "declared_scopes": []string{"kv.read"},
		"app_type": "service", "created_at": "2025-04-15T09:30:00Z", "secret_rotated_at": nil,
	}
}

func withSecret(id string) map[string]any {
	a := app(id)
	a["client_secret"] = "cs_q3Zf1c8Yt0WbXk9vNnR2sLpA4eHdJ6uM7gT5iO0yKzE"
	return a
}

func TestAppsSendTheAdminTokenAndDataCallsTheAppToken(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/v1/oauth/apps/app_1":
			writeJSON(w, 200, app("app_1"))
		default:
			entry(w, "k")
		}
	})
	c, err := New(Options{BaseURL: g.server.URL, ClientID: "app", ClientSecret: "s3cret", AdminToken: "adm", clock: (&fakeClock{}).clock()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if a, err := c.OAuth.Apps.Get(ctx, "app_1"); err != nil || a.ClientId != "app_1" {
		t.Fatalf("Get = %+v, %v", a, err)
	}
	if _, err := c.KV.Get(ctx, "k", nil); err != nil {
		t.Fatal(err)
	}
	seen := g.seen()
	if seen[0].Header.Get("Authorization") != "Bearer adm" || seen[1].Header.Get("Authorization") != "Bearer tok-1" {
		t.Fatalf("admin call %q, data call %q", seen[0].Header.Get("Authorization"), seen[1].Header.Get("Authorization"))
	}
}

func TestAMissingCredentialFailsBeforeSending(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { t.Error("sent") })
	ctx := context.Background()
	var ae *AuthenticationError
	if _, err := g.client(&fakeClock{}).OAuth.Apps.Get(ctx, "app_1"); !errors.As(err, &ae) {
		t.Fatalf("admin call without AdminToken: %v", err)
	}
	admin, err := New(Options{BaseURL: g.server.URL, AdminToken: "adm"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.KV.Get(ctx, "k", nil); !errors.As(err, &ae) {
		t.Fatalf("data call without app credentials: %v", err)
	}
	if len(g.seen()) != 0 || g.tokens != 0 {
		t.Fatalf("%d requests, %d token requests", len(g.seen()), g.tokens)
	}
}

func TestAppsCreateListRotateDelete(t *testing.T) {
	var created map[string]any
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/v1/oauth/apps":
			created = bodyOf(t, r)
			writeJSON(w, 201, withSecret("app_new"))
		case r.Method == "GET" && r.URL.Query().Get("cursor") == "":
			writeJSON(w, 200, map[string]any{"items": []any{app("app_a")}, "next_cursor": "c2"})
		case r.Method == "GET":
			writeJSON(w, 200, map[string]any{"items": []any{app("app_b")}, "next_cursor": nil})
		case r.Method == "POST":
			writeJSON(w, 200, withSecret("app_new"))
		case r.Method == "DELETE":
			problem(w, 404, "not_found")
		}
	})
	c, err := New(Options{BaseURL: g.server.URL, AdminToken: "adm", clock: (&fakeClock{}).clock()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := c.OAuth.Apps.Create(ctx, AppCreate{
		TenantId: "ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N", Name: "w", DeclaredScopes: []Scope{"kv.read"}, AppType: AppTypeService,
	}, "key-1")
	if err != nil || a.ClientSecret == "" {
		t.Fatalf("Create = %+v, %v", a, err)
	}
	if created["app_type"] != "service" || g.seen()[0].Header.Get("Idempotency-Key") != "key-1" {
		t.Fatalf("create body %v, key %q", created, g.seen()[0].Header.Get("Idempotency-Key"))
	}
	var ids []string
	for item, err := range c.OAuth.Apps.List(ctx, &AppListOptions{TenantID: "ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N", Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, item.ClientId)
	}
	q := g.seen()[2].URL.Query()
	if len(ids) != 2 || ids[1] != "app_b" || q.Get("cursor") != "c2" || q.Get("tenant_id") == "" || q.Get("limit") != "1" {
		t.Fatalf("ids %v, second page query %v", ids, q)
	}
	if r, err := c.OAuth.Apps.RotateSecret(ctx, "app_new"); err != nil || r.ClientSecret == "" {
		t.Fatalf("RotateSecret = %+v, %v", r, err)
	}
	if p := g.seen()[3].URL.Path; p != "/v1/oauth/apps/app_new/rotate-secret" {
		t.Fatalf("rotate path %s", p)
	}
	var nf *NotFoundError
	if err := c.OAuth.Apps.Delete(ctx, "app_gone"); !errors.As(err, &nf) {
		t.Fatalf("Delete = %v", err)
	}
}
