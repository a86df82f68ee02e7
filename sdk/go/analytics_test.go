package cpod

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"
)

// bodyOf decodes a request's JSON body into a generic map, as the server would see it.
func bodyOf(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestIngestSendsTheBatchAsTheContractShapesIt(t *testing.T) {
	var got map[string]any
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		got = bodyOf(t, r)
		writeJSON(w, 202, map[string]any{"accepted": 2})
	})
	at := time.Date(2025, 4, 15, 9, 30, 0, 0, time.UTC)
	n, err := g.client(&fakeClock{}).Analytics.Ingest(context.Background(), []Event{
		{Name: "checkout.completed", Timestamp: at, UserID: "u_1", Properties: map[string]any{"plan": "pro", "amount": 49.5, "gift": false, "coupon": nil}},
		{Name: "signup"},
	})
	if err != nil || n != 2 {
		t.Fatalf("Ingest = %d, %v", n, err)
	}
	r := g.seen()[0]
	if r.URL.Path != "/v1/analytics/events" || r.Header.Get("Idempotency-Key") == "" || r.Header.Get("Authorization") != "Bearer tok-1" {
		t.Fatalf("request %s %v", r.URL.Path, r.Header)
	}
	events := got["events"].([]any)
	first, second := events[0].(map[string]any), events[1].(map[string]any)
	props := first["properties"].(map[string]any)
	if first["timestamp"] != "2025-04-15T09:30:00Z" || first["user_id"] != "u_1" || props["amount"] != 49.5 ||
		props["gift"] != false || props["plan"] != "pro" {
		t.Fatalf("first event %v", first)
	}
	if v, ok := props["coupon"]; !ok || v != nil {
		t.Fatalf("a nil property must be sent as null: %v", props)
	}
	// The contract requires properties, and a zero Timestamp means now: both always sent.
	if _, ok := second["properties"].(map[string]any); !ok || second["timestamp"] == nil || second["user_id"] != nil {
		t.Fatalf("second event %v", second)
	}
}

func TestTrackIngestsOneEvent(t *testing.T) {
	var got map[string]any
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		got = bodyOf(t, r)
		writeJSON(w, 202, map[string]any{"accepted": 1})
	})
	if err := g.client(&fakeClock{}).Analytics.Track(context.Background(), "signup", map[string]any{"plan": "free"}); err != nil {
		t.Fatal(err)
	}
	events := got["events"].([]any)
	if len(events) != 1 || events[0].(map[string]any)["name"] != "signup" {
		t.Fatalf("events %v", events)
	}
}

func TestIngestRefusesAnUnencodablePropertyBeforeSending(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { t.Error("sent") })
	_, err := g.client(&fakeClock{}).Analytics.Ingest(context.Background(), []Event{{Name: "x", Properties: map[string]any{"f": func() {}}}})
	if err == nil || len(g.seen()) != 0 {
		t.Fatalf("err = %v", err)
	}
}

func TestQuerySendsTypedFiltersAndKeepsFloat64Values(t *testing.T) {
	var got map[string]any
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		got = bodyOf(t, r)
		w.Header().Set("Content-Type", "application/json")
		// 123456789.25 is not a float32: a float32 decode would answer 123456792.
		_, _ = io.WriteString(w, `{"rows":[{"bucket":"2025-04-01T00:00:00Z","group":{"plan":"pro"},"value":123456789.25},`+
			`{"bucket":null,"group":{},"value":null}]}`)
	})
	from := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	res, err := g.client(&fakeClock{}).Analytics.Query(context.Background(), AnalyticsQuery{
		Event: "checkout.completed", From: from, To: from.AddDate(0, 0, 14), Aggregate: AggregateSum, Property: "amount",
		Interval: IntervalDay, GroupBy: []string{"plan"},
		Filters: []Filter{{Property: "country", Op: OpIn, Value: []string{"DE", "FR"}}, {Property: "amount", Op: OpGt, Value: 10}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"aggregate":"sum","event":"checkout.completed","filters":[{"op":"in","property":"country","value":["DE","FR"]},` +
		`{"op":"gt","property":"amount","value":10}],"from":"2025-04-01T00:00:00Z","group_by":["plan"],"interval":"day",` +
		`"property":"amount","to":"2025-04-15T00:00:00Z"}`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Fatalf("body\n %s\nwant\n %s", b, want)
	}
	if len(res.Rows) != 2 || *res.Rows[0].Value != 123456789.25 || res.Rows[0].Group["plan"] != "pro" ||
		!res.Rows[0].Bucket.Equal(from) || res.Rows[1].Value != nil || res.Rows[1].Bucket != nil {
		t.Fatalf("rows %+v", res.Rows)
	}
}

func TestQueryOmitsUnsetOptionsAndMapsValidationErrors(t *testing.T) {
	var got map[string]any
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		got = bodyOf(t, r)
		problem(w, 400, "validation_failed")
	})
	_, err := g.client(&fakeClock{}).Analytics.Query(context.Background(), AnalyticsQuery{Event: "e", Aggregate: AggregateCount})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Status != 400 {
		t.Fatalf("err = %v", err)
	}
	for _, absent := range []string{"property", "interval", "group_by", "filters"} {
		if _, ok := got[absent]; ok {
			t.Errorf("%s sent though unset: %v", absent, got)
		}
	}
}
