package e2e

import (
	"errors"
	"fmt"
	"testing"
	"time"

	cpod "github.com/cpod/cpod/sdk/go"
)

func TestAnalyticsIngestAndQuery(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	event := fmt.Sprintf("go.checkout.%d", time.Now().UnixNano())
	now := time.Now().UTC()
	n, err := c.Analytics.Ingest(ctx, []cpod.Event{
		{Name: event, Timestamp: now, UserID: "u_1", Properties: map[string]any{"plan": "pro", "amount": 49.5}},
		{Name: event, Timestamp: now, UserID: "u_2", Properties: map[string]any{"plan": "free", "amount": 0}},
	})
	if err != nil || n != 2 {
		t.Fatalf("Ingest = %d, %v", n, err)
	}
	if err := c.Analytics.Track(ctx, event, map[string]any{"plan": "pro", "amount": 10}); err != nil {
		t.Fatal(err)
	}
	res, err := c.Analytics.Query(ctx, cpod.AnalyticsQuery{
		Event: event, From: now.Add(-time.Hour), To: time.Now().Add(time.Minute),
		Aggregate: cpod.AggregateSum, Property: "amount", GroupBy: []string{"plan"},
		Filters: []cpod.Filter{{Property: "plan", Op: cpod.OpIn, Value: []string{"pro", "free"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	sums := map[any]float64{}
	for _, row := range res.Rows {
		if row.Value != nil {
			sums[row.Group["plan"]] = *row.Value
		}
	}
	if len(res.Rows) != 2 || sums["pro"] != 59.5 || sums["free"] != 0 {
		t.Fatalf("rows %+v", res.Rows)
	}
}

func TestAnalyticsBadInputIsAValidationError(t *testing.T) {
	ctx, c := testContext(t), newClient(t)
	var ve *cpod.ValidationError
	// Nested properties could not be queried, so the server refuses the whole batch.
	_, err := c.Analytics.Ingest(ctx, []cpod.Event{{Name: "go.bad", Properties: map[string]any{"nested": map[string]any{"a": 1}}}})
	if !errors.As(err, &ve) || ve.Status != 400 {
		t.Fatalf("Ingest with a nested property: %v", err)
	}
	// sum reads a property: without one the query is refused, naming the field.
	_, err = c.Analytics.Query(ctx, cpod.AnalyticsQuery{
		Event: "go.bad", From: time.Now().Add(-time.Hour), To: time.Now(), Aggregate: cpod.AggregateSum,
	})
	if !errors.As(err, &ve) || ve.Code != "validation_failed" || len(ve.Fields) == 0 {
		t.Fatalf("sum without property: %v (fields %v)", err, cpod.AsError(err))
	}
}
