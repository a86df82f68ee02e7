package cpod

import (
	"context"
	"iter"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

type (
	// Secret is a secret with its value, as Secrets.Get returns it.
	Secret = gen.Secret
	// SecretMetadata is everything about a secret except its value; safe to list and log.
	SecretMetadata = gen.SecretMetadata
)

// Secrets is the tenant's secret store (client.Secrets): values encrypted at rest, listed
// without their values.
type Secrets struct{ api *gen.ClientWithResponses }

// Get returns the secret with its value; an unknown name is a *NotFoundError.
func (s *Secrets) Get(ctx context.Context, name string) (*Secret, error) {
	resp, err := s.api.GetSecretWithResponse(ctx, name)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}

// Put creates or replaces the secret; description ("" for none) is shown in listings, so it
// must never hold the value.
func (s *Secrets) Put(ctx context.Context, name, value, description string) (*SecretMetadata, error) {
	resp, err := s.api.PutSecretWithResponse(ctx, name, gen.SecretPutRequest{Value: value, Description: optional(description)})
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}

// Delete removes the secret.
func (s *Secrets) Delete(ctx context.Context, name string) error {
	_, err := s.api.DeleteSecretWithResponse(ctx, name)
	return err
}

// List walks every secret's metadata; limit is the page size (0: the server's default).
func (s *Secrets) List(ctx context.Context, limit int) iter.Seq2[SecretMetadata, error] {
	return paginate(ctx, func(ctx context.Context, cursor string) ([]SecretMetadata, *string, error) {
		resp, err := s.api.ListSecretsWithResponse(ctx, &gen.ListSecretsParams{Limit: optional(limit), Cursor: optional(cursor)})
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
