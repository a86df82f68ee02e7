package cpod

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestListWalksEveryPageAndSendsTheCursor(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		pages := map[string]any{
			"":   map[string]any{"items": []any{map[string]any{"key": "a", "version": 1}, map[string]any{"key": "b", "version": 1}}, "next_cursor": "c1"},
			"c1": map[string]any{"items": []any{map[string]any{"key": "c", "version": 1}}, "next_cursor": nil},
		}
		writeJSON(w, 200, pages[r.URL.Query().Get("cursor")])
	})
	var keys []string
	for item, err := range g.client(&fakeClock{}).KV.List(context.Background(), &KVListOptions{Prefix: "p", Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, item.Key)
	}
	if len(keys) != 3 || keys[2] != "c" {
		t.Fatalf("keys = %v", keys)
	}
	q := g.seen()[0].URL.Query()
	if q.Get("prefix") != "p" || q.Get("limit") != "2" || q.Has("cursor") || q.Has("tier") {
		t.Fatalf("first page query = %v", q)
	}
}

func TestBreakStopsFetching(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, map[string]any{"items": []any{map[string]any{"id": "per_1", "display_name": "A"}}, "next_cursor": "more"})
	})
	for range g.client(&fakeClock{}).Entities.People.List(context.Background(), nil) {
		break
	}
	if len(g.seen()) != 1 {
		t.Fatalf("pages fetched = %d, want 1", len(g.seen()))
	}
}

func TestListYieldsTheErrorOnceAndStops(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { problem(w, 400, "invalid_filter") })
	var errs int
	filter := map[string]any{"email": map[string]any{"$exists": true}}
	for _, err := range g.client(&fakeClock{}).Entities.People.List(context.Background(), &ListOptions{Filter: filter, Sort: "-display_name"}) {
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("err = %v", err)
		}
		errs++
	}
	if errs != 1 {
		t.Fatalf("errors yielded = %d", errs)
	}
	q := g.seen()[0].URL.Query()
	if q.Get("filter") != `{"email":{"$exists":true}}` || q.Get("sort") != "-display_name" {
		t.Fatalf("query = %v", q)
	}
}
