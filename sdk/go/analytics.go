package cpod

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// Analytics is event ingestion and structured aggregate queries (client.Analytics); never raw
// SQL: the server compiles a query to parameterised SQL restricted to the token's tenant.
type Analytics struct{ api *gen.ClientWithResponses }

// Event is one analytics event to ingest.
type Event struct {
	// Name, e.g. "checkout.completed".
	Name string
	// Timestamp is when it happened on the client; zero means now (when Ingest is called).
	Timestamp time.Time
	// UserID is the end user, when known; empty defaults to the token's user.
	UserID string
	// Properties are strings, numbers, booleans or nil (at most 64); nested values are
	// refused with a *ValidationError, since they could not be queried.
	Properties map[string]any
}

// Ingest stores up to 1000 events as one batch, all or nothing, and returns how many were
// accepted. One Idempotency-Key covers the call's retries, so a retry after a lost answer
// does not count the events twice.
func (a *Analytics) Ingest(ctx context.Context, events []Event) (int, error) {
	batch := gen.EventBatch{Events: make([]gen.AnalyticsEvent, len(events))}
	now := time.Now()
	for i, e := range events {
		props, err := eventProperties(e.Properties)
		if err != nil {
			return 0, fmt.Errorf("cpod: event %d (%s): %w", i, e.Name, err)
		}
		ts := e.Timestamp
		if ts.IsZero() {
			ts = now
		}
		batch.Events[i] = gen.AnalyticsEvent{Name: e.Name, Timestamp: ts, UserId: optional(e.UserID), Properties: props}
	}
	resp, err := a.api.IngestAnalyticsEventsWithResponse(ctx, &gen.IngestAnalyticsEventsParams{}, batch)
	if err != nil {
		return 0, err
	}
	out, err := decoded(resp.JSON202, resp.HTTPResponse)
	if err != nil {
		return 0, err
	}
	return out.Accepted, nil
}

// Track ingests one event that happens now: the shorthand for a one-event Ingest.
//
//	err := c.Analytics.Track(ctx, "signup", map[string]any{"plan": "pro"})
func (a *Analytics) Track(ctx context.Context, name string, properties map[string]any) error {
	_, err := a.Ingest(ctx, []Event{{Name: name, Properties: properties}})
	return err
}

// eventProperties puts each value in the contract's union as its own JSON, so any
// JSON-encodable value passes through and the server alone judges it (one rule, one place).
func eventProperties(in map[string]any) (gen.EventProperties, error) {
	out := make(gen.EventProperties, len(in))
	for name, v := range in {
		if v == nil {
			out[name] = nil // JSON null
			continue
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", name, err)
		}
		var p gen.EventProperties_AdditionalProperties
		if err := p.UnmarshalJSON(raw); err != nil {
			return nil, fmt.Errorf("property %q: %w", name, err)
		}
		out[name] = &p
	}
	return out, nil
}
