package cpod

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
)

// TestScenarioPagination runs pagination.json through KV.List.
func TestScenarioPagination(t *testing.T) {
	f := loadScenarios[paginationFile](t, "pagination.json")
	for _, sc := range f.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			s := &script{}
			for _, p := range sc.Pages {
				if p.Error != nil {
					s.steps = append(s.steps, *p.Error)
					continue
				}
				items := []map[string]any{}
				for _, k := range p.Items {
					items = append(items, map[string]any{"key": k, "version": 1, "expires_at": nil})
				}
				b, _ := json.Marshal(map[string]any{"items": items, "next_cursor": p.NextCursor})
				text := string(b)
				s.steps = append(s.steps, scriptedResponse{Status: 200, Headers: map[string]string{"content-type": "application/json"}, BodyText: &text})
			}
			c := scenarioClient(t, Options{ClientID: "app_1", ClientSecret: "cs_1"}, s, (&scenarioClock{}).clock(0.5))
			keys := []string{}
			var err error
			for item, e := range c.KV.List(context.Background(), nil) {
				if e != nil {
					err = e
					break
				}
				keys = append(keys, item.Key)
				if len(keys) == sc.Take {
					break
				}
			}
			if got := outcomeOf(err); got != sc.Expect.Outcome {
				t.Errorf("outcome %+v, want %+v", got, sc.Expect.Outcome)
			}
			if fmt.Sprint(keys) != fmt.Sprint(sc.Expect.Keys) {
				t.Errorf("keys %v, want %v", keys, sc.Expect.Keys)
			}
			var cursors, want []string
			for _, r := range s.requests() {
				cursors = append(cursors, fmt.Sprintf("%q", r.URL.Query()["cursor"]))
			}
			for _, c := range sc.Expect.Cursors {
				if c == nil {
					want = append(want, `[]`)
				} else {
					want = append(want, fmt.Sprintf("%q", []string{*c}))
				}
			}
			if fmt.Sprint(cursors) != fmt.Sprint(want) {
				t.Errorf("cursors %v, want %v", cursors, want)
			}
		})
	}
}
