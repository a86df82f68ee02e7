package e2e

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	cpod "github.com/cpod/cpod/sdk/go"
)

// Example_analytics is the README's analytics example, run against the dev platform.
func Example_analytics() {
	os.Setenv("CPOD_BASE_URL", dev.BaseURL)
	os.Setenv("CPOD_CLIENT_ID", dev.ClientID)
	os.Setenv("CPOD_CLIENT_SECRET", dev.ClientSecret)
	analyticsExample()
	// Output:
	// accepted 2
	// free: 1
	// pro: 2
}

// Example_apps is the README's app-administration example, with the admin token and tenant
// that `cpod dev` saved in dev-credentials.json.
func Example_apps() {
	os.Setenv("CPOD_BASE_URL", dev.BaseURL)
	os.Setenv("CPOD_ADMIN_TOKEN", dev.AdminToken)
	os.Setenv("CPOD_TENANT_ID", dev.TenantID)
	appsExample()
	// Output:
	// created billing worker (secret shown once: true)
	// rotated: true
	// after delete: not_found
}

// analyticsExample: begin
func analyticsExample() {
	ctx := context.Background()
	client, err := cpod.New(cpod.Options{
		BaseURL:      os.Getenv("CPOD_BASE_URL"),
		ClientID:     os.Getenv("CPOD_CLIENT_ID"),
		ClientSecret: os.Getenv("CPOD_CLIENT_SECRET"),
	})
	if err != nil {
		log.Fatal(err)
	}

	from := time.Now().Add(-time.Minute)
	if err := client.Analytics.Track(ctx, "readme.signup", map[string]any{"plan": "pro"}); err != nil {
		log.Fatal(err)
	}
	accepted, err := client.Analytics.Ingest(ctx, []cpod.Event{ // one batch, all or nothing
		{Name: "readme.signup", Properties: map[string]any{"plan": "free"}},
		{Name: "readme.signup", Properties: map[string]any{"plan": "pro"}, UserID: "u_42"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("accepted", accepted)

	result, err := client.Analytics.Query(ctx, cpod.AnalyticsQuery{
		Event: "readme.signup", From: from, To: time.Now().Add(time.Minute),
		Aggregate: cpod.AggregateCount, GroupBy: []string{"plan"},
		Filters: []cpod.Filter{{Property: "plan", Op: cpod.OpIn, Value: []string{"free", "pro"}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range result.Rows {
		fmt.Printf("%v: %v\n", row.Group["plan"], *row.Value)
	}
}

// analyticsExample: end

// appsExample: begin
func appsExample() {
	ctx := context.Background()
	admin, err := cpod.New(cpod.Options{
		BaseURL:    os.Getenv("CPOD_BASE_URL"),
		AdminToken: os.Getenv("CPOD_ADMIN_TOKEN"),
	})
	if err != nil {
		log.Fatal(err)
	}

	app, err := admin.OAuth.Apps.Create(ctx, cpod.AppCreate{
		TenantId:       os.Getenv("CPOD_TENANT_ID"),
		Name:           "billing worker",
		DeclaredScopes: []cpod.Scope{"kv.read", "kv.write"},
		AppType:        cpod.AppTypeService,
	}, "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("created %s (secret shown once: %t)\n", app.Name, app.ClientSecret != "")

	rotated, err := admin.OAuth.Apps.RotateSecret(ctx, app.ClientId) // the old secret stops working
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("rotated:", rotated.ClientSecret != app.ClientSecret)

	if err := admin.OAuth.Apps.Delete(ctx, app.ClientId); err != nil {
		log.Fatal(err)
	}
	_, err = admin.OAuth.Apps.Get(ctx, app.ClientId)
	fmt.Println("after delete:", cpod.CodeOf(err))
}

// appsExample: end
