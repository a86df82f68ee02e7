package cpod

import (
	"context"
	"iter"
	"time"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

type (
	// AuditRecord is one entry of the tenant's hash-chained audit log.
	AuditRecord = gen.AuditRecord
	// AuditVerifyResult says whether the audit chain checks out, and where it breaks.
	AuditVerifyResult = gen.AuditVerifyResult
)

// Audit is the tenant's audit log (client.Audit).
type Audit struct{ api *gen.ClientWithResponses }

// AuditListOptions narrow a listing; zero fields are absent.
type AuditListOptions struct {
	// From includes records at or after this instant.
	From time.Time
	// To includes records before this instant (exclusive).
	To time.Time
	// Action keeps records with exactly this action, e.g. "kv.put".
	Action string
	// Limit is the page size; zero uses the server's default.
	Limit int
}

// List walks every matching record, oldest first.
func (a *Audit) List(ctx context.Context, opts *AuditListOptions) iter.Seq2[AuditRecord, error] {
	var o AuditListOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, func(ctx context.Context, cursor string) ([]AuditRecord, *string, error) {
		params := gen.ListAuditEventsParams{
			Action: optional(gen.AuditAction(o.Action)), Limit: optional(o.Limit), Cursor: optional(cursor),
		}
		if !o.From.IsZero() {
			params.From = &o.From
		}
		if !o.To.IsZero() {
			params.To = &o.To
		}
		resp, err := a.api.ListAuditEventsWithResponse(ctx, &params)
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

// Verify recomputes the tenant's audit chain on the server.
func (a *Audit) Verify(ctx context.Context) (*AuditVerifyResult, error) {
	resp, err := a.api.VerifyAuditWithResponse(ctx)
	if err != nil {
		return nil, err
	}
	return decoded(resp.JSON200, resp.HTTPResponse)
}
