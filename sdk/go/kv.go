package cpod

import (
	"context"
	"iter"
	"time"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

type (
	// KVEntry is a stored key with its value and version.
	KVEntry = gen.KvEntry
	// KVListItem is a key without its value, as listed.
	KVListItem = gen.KvListItem
	// Tier says who shares KV data: TierPrivate (this app), TierUser (the token's user across
	// the tenant's apps) or TierShared (every app of the tenant). Empty means private.
	Tier = gen.Tier
)

// The KV tiers.
const (
	TierPrivate = gen.TierPrivate
	TierUser    = gen.TierUser
	TierShared  = gen.TierShared
)

// KV is the key-value store (client.KV): JSON values, versions for compare-and-set, TTLs.
type KV struct{ api *gen.ClientWithResponses }

// KVOptions choose the tier of a KV call; nil means private.
type KVOptions struct {
	Tier Tier
}

// KVPutOptions add a TTL and a compare-and-set version to Put.
type KVPutOptions struct {
	Tier Tier
	// TTL expires the entry after this long (whole seconds; at most a year). Zero: never.
	TTL time.Duration
	// IfVersion writes only if the entry is at this version (412 otherwise); use
	// [CreateOnly] for "only if the key does not exist yet".
	IfVersion *int
}

// CreateOnly is the IfVersion that means "only if the key does not exist yet".
func CreateOnly() *int { v := 0; return &v }

// KVListOptions narrow and size a listing.
type KVListOptions struct {
	Tier Tier
	// Prefix lists only keys starting with it.
	Prefix string
	// Limit is the page size; zero uses the server's default.
	Limit int
}

func tierOf(o *KVOptions) *Tier {
	if o == nil {
		return nil
	}
	return optional(o.Tier)
}

// Get returns the entry at key; a missing key is a *NotFoundError.
func (k *KV) Get(ctx context.Context, key string, opts *KVOptions) (*KVEntry, error) {
	resp, err := k.api.GetKvWithResponse(ctx, key, &gen.GetKvParams{Tier: tierOf(opts)})
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}

// Put stores value (any JSON-encodable value) at key and returns the new entry.
func (k *KV) Put(ctx context.Context, key string, value any, opts *KVPutOptions) (*KVEntry, error) {
	body := gen.KvPutRequest{Value: value}
	var params gen.PutKvParams
	if opts != nil {
		params.Tier = optional(opts.Tier)
		body.IfVersion = opts.IfVersion
		body.TtlSeconds = optional(int(opts.TTL / time.Second))
	}
	resp, err := k.api.PutKvWithResponse(ctx, key, &params, body)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}

// Delete removes key; ifVersion, when not nil, deletes only at that version (412 otherwise).
func (k *KV) Delete(ctx context.Context, key string, ifVersion *int, opts *KVOptions) error {
	_, err := k.api.DeleteKvWithResponse(ctx, key, &gen.DeleteKvParams{Tier: tierOf(opts), IfVersion: ifVersion})
	return err
}

// Incr adds by to the number at key (a missing key counts as 0) atomically and returns the
// result. It is a POST: one Idempotency-Key covers its retries, so a retry never adds twice.
func (k *KV) Incr(ctx context.Context, key string, by int, opts *KVOptions) (int, error) {
	resp, err := k.api.IncrKvWithResponse(ctx, key, &gen.IncrKvParams{Tier: tierOf(opts)}, gen.KvIncrRequest{By: &by})
	if err != nil {
		return 0, err
	}
	out, err := decoded(resp.JSON200, resp.HTTPResponse)
	if err != nil {
		return 0, err
	}
	return out.Value, nil
}

// List walks every key (without values) of every page, in lexicographic order.
//
//	for item, err := range c.KV.List(ctx, &cpod.KVListOptions{Prefix: "cart:"}) { … }
func (k *KV) List(ctx context.Context, opts *KVListOptions) iter.Seq2[KVListItem, error] {
	var o KVListOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, func(ctx context.Context, cursor string) ([]KVListItem, *string, error) {
		params := gen.ListKvParams{
			Tier: optional(gen.ListKvParamsTier(o.Tier)), Prefix: optional(o.Prefix),
			Limit: optional(o.Limit), Cursor: optional(cursor),
		}
		resp, err := k.api.ListKvWithResponse(ctx, &params)
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
