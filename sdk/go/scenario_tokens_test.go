package cpod

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestScenarioTokens runs tokens.json: each step advances the fake clock, then makes its
// calls concurrently.
func TestScenarioTokens(t *testing.T) {
	f := loadScenarios[tokensFile](t, "tokens.json")
	entry := `{"key":"k","value":1,"version":1,"expires_at":null}`
	ok := scriptedResponse{Status: 200, Headers: map[string]string{"content-type": "application/json"}, BodyText: &entry}
	for _, sc := range f.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			clk := &scenarioClock{at: time.Date(2025, 4, 15, 9, 30, 0, 0, time.UTC)}
			s := &script{expiresIn: sc.ExpiresIn, failures: sc.Failures}
			c := scenarioClient(t, Options{ClientID: "app_1", ClientSecret: "cs_1"}, s, clk.clock(0.5))
			for i, step := range sc.Steps {
				clk.advance(time.Duration(step.AdvanceSeconds * float64(time.Second)))
				s.mu.Lock()
				s.steps, s.served = append(append([]scriptedResponse(nil), step.Responses...), ok), 0
				s.mu.Unlock()
				before := len(s.requests())
				outcomes := concurrently(s, step.Calls, func() error {
					_, err := c.KV.Get(context.Background(), "k", nil)
					return err
				})
				for _, got := range outcomes {
					if got != step.Expect.Outcome {
						t.Errorf("step %d: outcome %+v, want %+v", i, got, step.Expect.Outcome)
					}
				}
				if n := s.tokenRequests(); n != step.Expect.TokenRequests {
					t.Errorf("step %d: %d token requests, want %d", i, n, step.Expect.TokenRequests)
				}
				var bearers []string
				for _, r := range s.requests()[before:] {
					bearers = append(bearers, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
				}
				if strings.Join(bearers, ",") != strings.Join(step.Expect.Bearers, ",") {
					t.Errorf("step %d: bearers %v, want %v", i, bearers, step.Expect.Bearers)
				}
			}
		})
	}
}

// concurrently makes n calls at once. A token request is held until all n calls have started
// and then a little longer, so the others reach the token cache while it is in flight: if the
// cache were not single-flight they would send their own token requests, which the count
// catches. (The pause only gives a broken cache the chance to show; a correct one passes
// whatever the scheduling.)
func concurrently(s *script, n int, call func() error) []outcome {
	var started, done sync.WaitGroup
	started.Add(n)
	s.onToken = func() {
		started.Wait()
		time.Sleep(20 * time.Millisecond)
	}
	defer func() { s.onToken = nil }()
	outcomes := make([]outcome, n)
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			outcomes[i] = outcomeOf(call())
		}()
	}
	done.Wait()
	return outcomes
}
