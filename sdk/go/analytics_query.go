package cpod

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

type (
	// Aggregate is what a query computes per row: AggregateCount, AggregateUniqUsers,
	// AggregateSum or AggregateAvg (the last two need AnalyticsQuery.Property).
	Aggregate = gen.AnalyticsQueryAggregate
	// Interval is a query's bucket size; empty means one bucket for the whole range.
	Interval = gen.AnalyticsQueryInterval
	// FilterOp compares a property with a filter's value.
	FilterOp = gen.AnalyticsFilterOp
)

// The aggregates, intervals and filter operators of the contract.
const (
	AggregateCount     = gen.Count
	AggregateUniqUsers = gen.UniqUsers
	AggregateSum       = gen.Sum
	AggregateAvg       = gen.Avg

	IntervalMinute = gen.Minute
	IntervalHour   = gen.Hour
	IntervalDay    = gen.Day
	IntervalWeek   = gen.Week
	IntervalMonth  = gen.Month

	OpEq  = gen.Eq
	OpNe  = gen.Ne
	OpGt  = gen.Gt
	OpGte = gen.Gte
	OpLt  = gen.Lt
	OpLte = gen.Lte
	OpIn  = gen.In
)

// Filter keeps events whose Property compares with Value by Op. Value is a string, number
// or bool; for OpIn a slice of them (up to 100).
//
//	cpod.Filter{Property: "country", Op: cpod.OpIn, Value: []string{"DE", "FR"}}
type Filter struct {
	Property string
	Op       FilterOp
	Value    any
}

// AnalyticsQuery aggregates one event over [From, To), at most 366 days.
type AnalyticsQuery struct {
	Event     string
	From, To  time.Time
	Aggregate Aggregate
	// Property is the numeric property AggregateSum and AggregateAvg read.
	Property string
	// Interval buckets the rows by time; empty means one row per group.
	Interval Interval
	// GroupBy names up to 3 properties to group by.
	GroupBy []string
	// Filters must all hold (AND); at most 20.
	Filters []Filter
}

// AnalyticsRow is one result row. Value is float64 (the generated type's float32 would round
// large sums) and nil for AggregateAvg over no values.
type AnalyticsRow struct {
	// Bucket is the start of the row's time bucket; nil without an Interval.
	Bucket *time.Time `json:"bucket"`
	// Group holds the row's GroupBy values by property name; empty without GroupBy.
	Group map[string]any `json:"group"`
	Value *float64       `json:"value"`
}

// AnalyticsResult holds the rows, ordered by bucket, then group.
type AnalyticsResult struct {
	Rows []AnalyticsRow `json:"rows"`
}

// Query runs an aggregate query. An invalid query (unknown aggregate, sum without property,
// a result over 10 000 rows, …) is a *ValidationError whose Fields name the culprit.
func (a *Analytics) Query(ctx context.Context, q AnalyticsQuery) (*AnalyticsResult, error) {
	body := gen.AnalyticsQuery{
		Event: q.Event, From: q.From, To: q.To, Aggregate: q.Aggregate,
		Property: optional(q.Property), Interval: optional(q.Interval),
	}
	if len(q.GroupBy) > 0 {
		body.GroupBy = &q.GroupBy
	}
	if len(q.Filters) > 0 {
		filters := make([]gen.AnalyticsFilter, len(q.Filters))
		for i, f := range q.Filters {
			raw, err := json.Marshal(f.Value)
			if err != nil {
				return nil, fmt.Errorf("cpod: filter %d (%s): %w", i, f.Property, err)
			}
			filters[i] = gen.AnalyticsFilter{Property: f.Property, Op: f.Op}
			if err := filters[i].Value.UnmarshalJSON(raw); err != nil {
				return nil, fmt.Errorf("cpod: filter %d (%s): %w", i, f.Property, err)
			}
		}
		body.Filters = &filters
	}
	// The unparsed call: the generated parser would decode values as float32, rounding large
	// sums and failing on values beyond float32's range. Errors (non-2xx) come from the doer.
	resp, err := a.api.QueryAnalytics(ctx, body)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out AnalyticsResult
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("cpod: analytics result (%d): %w", resp.StatusCode, err)
	}
	return &out, nil
}
