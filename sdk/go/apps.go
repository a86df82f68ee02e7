package cpod

import (
	"context"
	"iter"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

type (
	// App is an OAuth app as stored; its secret is never part of it.
	App = gen.App
	// AppWithSecret is an app with its client secret, returned only by Create and
	// RotateSecret: store the secret at once, it cannot be shown again.
	AppWithSecret = gen.AppWithSecret
	// AppCreate is what Create registers: tenant, name, declared scopes, app type and
	// optionally a chosen client id.
	AppCreate = gen.AppCreateRequest
	// AppType is AppTypeService (machine to machine) or AppTypeWeb (acts for its users).
	AppType = gen.AppType
	// Scope is one OAuth scope, e.g. "kv.read".
	Scope = gen.Scope
)

// The app types.
const (
	AppTypeService = gen.Service
	AppTypeWeb     = gen.Web
)

// OAuth is OAuth administration (client.OAuth); it mirrors @cpod/sdk's client.oauth.
type OAuth struct {
	// Apps manages OAuth apps.
	Apps *Apps
}

// Apps manages OAuth apps (client.OAuth.Apps), an operator's tool: every call sends
// Options.AdminToken, and fails with an *AuthenticationError when the client has none.
type Apps struct{ api *gen.ClientWithResponses }

// AppListOptions narrow and size a listing.
type AppListOptions struct {
	// TenantID lists only that tenant's apps; empty lists every tenant's.
	TenantID string
	// Limit is the page size; zero uses the server's default.
	Limit int
}

// Create registers an app and returns it with its secret, shown only this once.
// idempotencyKey ("" for a fresh one) makes a retry of yours create no second app: the
// server answers it with a *ConflictError naming the app, since the secret is not stored.
func (a *Apps) Create(ctx context.Context, body AppCreate, idempotencyKey string) (*AppWithSecret, error) {
	resp, err := a.api.CreateAppWithResponse(ctx, &gen.CreateAppParams{IdempotencyKey: optional(idempotencyKey)}, body)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON201, resp.HTTPResponse)
}

// List walks every app (without secrets) in creation order.
func (a *Apps) List(ctx context.Context, opts *AppListOptions) iter.Seq2[App, error] {
	var o AppListOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, func(ctx context.Context, cursor string) ([]App, *string, error) {
		params := gen.ListAppsParams{TenantId: optional(o.TenantID), Limit: optional(o.Limit), Cursor: optional(cursor)}
		resp, err := a.api.ListAppsWithResponse(ctx, &params)
		if err != nil {
			return nil, nil, err
		}
		page, err := decoded(resp.JSON200, resp.HTTPResponse)
		if err != nil {
			return nil, nil, err
		}
		return page.Items, page.NextCursor, nil
	})
}

// Get reads one app (never its secret); an unknown client id is a *NotFoundError.
func (a *Apps) Get(ctx context.Context, clientID string) (*App, error) {
	resp, err := a.api.GetAppWithResponse(ctx, clientID)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}

// Delete deletes the app: it gets no new tokens, and access tokens it already holds run out
// within their lifetime.
func (a *Apps) Delete(ctx context.Context, clientID string) error {
	_, err := a.api.DeleteAppWithResponse(ctx, clientID)
	return err
}

// RotateSecret issues a new secret and returns it once; the old one stops working at once.
func (a *Apps) RotateSecret(ctx context.Context, clientID string) (*AppWithSecret, error) {
	resp, err := a.api.RotateAppSecretWithResponse(ctx, clientID, &gen.RotateAppSecretParams{})
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}
