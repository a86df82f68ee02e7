package cpod

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strconv"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

type (
	// Person is a person entity of the tenant's directory.
	Person = gen.Person
	// PersonCreate is the body of People.Create.
	PersonCreate = gen.PersonCreate
	// PersonUpdate holds the fields People.Update changes; nil fields keep their value.
	PersonUpdate = gen.PersonUpdate
)

// People are the person entities (client.People).
type People struct{ api *gen.ClientWithResponses }

// PeopleListOptions filter, sort and size a listing.
type PeopleListOptions struct {
	// Filter is a JSON filter value on display_name, email, external_id, e.g.
	// map[string]any{"email": map[string]any{"$exists": true}}; it is JSON-encoded.
	Filter any
	// Sort is an indexed field, prefixed with "-" for descending, e.g. "-display_name".
	Sort string
	// Limit is the page size; zero uses the server's default.
	Limit int
}

// Create adds a person. The SDK sends one Idempotency-Key for the call and its retries;
// pass your own (stable across process restarts) with idempotencyKey, or "".
func (p *People) Create(ctx context.Context, person PersonCreate, idempotencyKey string) (*Person, error) {
	resp, err := p.api.CreatePersonWithResponse(ctx, &gen.CreatePersonParams{IdempotencyKey: optional(idempotencyKey)}, person)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON201, resp.HTTPResponse)
}

// Get returns the person with id; an unknown (or deleted) id is a *NotFoundError.
func (p *People) Get(ctx context.Context, id string) (*Person, error) {
	resp, err := p.api.GetPersonWithResponse(ctx, id)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}

// ifMatch is the If-Match value for a version (0 = unconditional).
func ifMatch(version int) *string {
	if version == 0 {
		return nil
	}
	v := strconv.Quote(strconv.Itoa(version))
	return &v
}

// Update changes the given fields. ifVersion, when not 0, is the version you last read: a
// concurrent change answers *PreconditionFailedError instead of being overwritten.
func (p *People) Update(ctx context.Context, id string, fields PersonUpdate, ifVersion int) (*Person, error) {
	resp, err := p.api.UpdatePersonWithResponse(ctx, id, &gen.UpdatePersonParams{IfMatch: ifMatch(ifVersion)}, fields)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}

// Delete soft-deletes the person; ifVersion as in Update.
func (p *People) Delete(ctx context.Context, id string, ifVersion int) error {
	_, err := p.api.DeletePersonWithResponse(ctx, id, &gen.DeletePersonParams{IfMatch: ifMatch(ifVersion)})
	return err
}

// List walks every matching person of every page.
func (p *People) List(ctx context.Context, opts *PeopleListOptions) iter.Seq2[Person, error] {
	var o PeopleListOptions
	if opts != nil {
		o = *opts
	}
	var filter *string
	if o.Filter != nil {
		b, err := json.Marshal(o.Filter)
		if err != nil {
			return func(yield func(Person, error) bool) {
				yield(Person{}, fmt.Errorf("cpod: People.List filter: %w", err))
			}
		}
		filter = optional(string(b))
	}
	return paginate(ctx, func(ctx context.Context, cursor string) ([]Person, *string, error) {
		params := gen.ListPeopleParams{
			Filter: filter, Sort: optional(gen.ListPeopleParamsSort(o.Sort)),
			Limit: optional(o.Limit), Cursor: optional(cursor),
		}
		resp, err := p.api.ListPeopleWithResponse(ctx, &params)
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
