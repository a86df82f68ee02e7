package cpod

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strconv"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// Entities are the tenant's directory (client.Entities), one [Collection] per entity type,
// named as in the other SDKs (client.entities.people, …).
type Entities struct {
	People           *Collection[Person, PersonCreate, PersonUpdate]
	Groups           *Collection[Group, GroupCreate, GroupUpdate]
	TechnologyAssets *Collection[TechnologyAsset, TechnologyAssetCreate, TechnologyAssetUpdate]
	SoftwareLicenses *Collection[SoftwareLicense, SoftwareLicenseCreate, SoftwareLicenseUpdate]
}

// The entity types, their create bodies and their update bodies (nil fields keep their value).
type (
	Person                = gen.Person
	PersonCreate          = gen.PersonCreate
	PersonUpdate          = gen.PersonUpdate
	Group                 = gen.Group
	GroupCreate           = gen.GroupCreate
	GroupUpdate           = gen.GroupUpdate
	TechnologyAsset       = gen.TechnologyAsset
	TechnologyAssetCreate = gen.TechnologyAssetCreate
	TechnologyAssetUpdate = gen.TechnologyAssetUpdate
	SoftwareLicense       = gen.SoftwareLicense
	SoftwareLicenseCreate = gen.SoftwareLicenseCreate
	SoftwareLicenseUpdate = gen.SoftwareLicenseUpdate
)

// Collection is one entity type's operations: T is the entity, C its create body, U its
// update body. Versions give optimistic concurrency: pass the version you last read to
// Update and Delete, and a concurrent change answers *PreconditionFailedError.
type Collection[T, C, U any] struct{ ops collectionOps[T, C, U] }

// collectionOps are the generated client's calls for one entity type, in one shape.
type collectionOps[T, C, U any] struct {
	create func(ctx context.Context, idempotencyKey *string, body C) (*T, error)
	get    func(ctx context.Context, id string) (*T, error)
	update func(ctx context.Context, id string, ifMatch *string, body U) (*T, error)
	del    func(ctx context.Context, id string, ifMatch *string) error
	list   func(ctx context.Context, q listQuery) ([]T, *string, error)
}

// listQuery is one page's query, common to every entity type.
type listQuery struct {
	limit          *int
	cursor, filter *string
	sort           string
}

// ListOptions filter, sort and size an entity listing.
type ListOptions struct {
	// Filter is a JSON filter value on the type's indexed fields, with $eq $ne $gt $gte $lt
	// $lte $in $nin $exists $and $or, e.g. map[string]any{"email": map[string]any{"$exists":
	// true}}; it is JSON-encoded for the request.
	Filter any
	// Sort is an indexed field, prefixed with "-" for descending, e.g. "-display_name".
	Sort string
	// Limit is the page size; zero uses the server's default.
	Limit int
}

// Create adds an entity. The SDK sends one Idempotency-Key for the call and its retries;
// pass your own (stable across process restarts) as idempotencyKey, or "".
func (c *Collection[T, C, U]) Create(ctx context.Context, body C, idempotencyKey string) (*T, error) {
	return c.ops.create(ctx, optional(idempotencyKey), body)
}

// Get returns the entity with id; an unknown or deleted id is a *NotFoundError.
func (c *Collection[T, C, U]) Get(ctx context.Context, id string) (*T, error) {
	return c.ops.get(ctx, id)
}

// Update changes the given fields. ifVersion, when not 0, is the version you last read.
func (c *Collection[T, C, U]) Update(ctx context.Context, id string, fields U, ifVersion int) (*T, error) {
	return c.ops.update(ctx, id, ifMatch(ifVersion), fields)
}

// Delete soft-deletes the entity; ifVersion as in Update.
func (c *Collection[T, C, U]) Delete(ctx context.Context, id string, ifVersion int) error {
	return c.ops.del(ctx, id, ifMatch(ifVersion))
}

// List walks every matching entity of every page.
//
//	for person, err := range c.Entities.Entities.People.List(ctx, nil) { … }
func (c *Collection[T, C, U]) List(ctx context.Context, opts *ListOptions) iter.Seq2[T, error] {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	var filter *string
	if o.Filter != nil {
		b, err := json.Marshal(o.Filter)
		if err != nil {
			return func(yield func(T, error) bool) {
				var zero T
				yield(zero, fmt.Errorf("cpod: ListOptions.Filter: %w", err))
			}
		}
		filter = optional(string(b))
	}
	return paginate(ctx, func(ctx context.Context, cursor string) ([]T, *string, error) {
		return c.ops.list(ctx, listQuery{limit: optional(o.Limit), cursor: optional(cursor), filter: filter, sort: o.Sort})
	})
}

// ifMatch is the If-Match value for a version (0 = unconditional): the quoted version.
func ifMatch(version int) *string {
	if version == 0 {
		return nil
	}
	v := strconv.Quote(strconv.Itoa(version))
	return &v
}
