package cpod

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The Go SDK's tables read against @cpod/sdk's source, as the Python SDK's test_parity.py
// does (STYLE.md habit 16 in its smallest form): a change on one side that the other does not
// follow fails here. Skipped when the module is used outside the repository.

func tsSource(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../src/" + name)
	if err != nil {
		t.Skipf("TypeScript SDK source not found: %v", err)
	}
	return string(b)
}

func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	before, _, _ := strings.Cut(after, to)
	return before
}

func TestCodeToClassTableMatchesTheTypeScriptSDK(t *testing.T) {
	table := between(tsSource(t, "error-mapping.ts"), "ERROR_CLASSES", "};")
	rows := regexp.MustCompile(`(?m)^\s+(\w+): (\w+),$`).FindAllStringSubmatch(table, -1)
	if len(rows) != len(errorClasses) {
		t.Fatalf("TS maps %d codes, Go %d", len(rows), len(errorClasses))
	}
	for _, row := range rows {
		class, ok := errorClasses[Code(row[1])]
		if !ok {
			t.Errorf("%s: not mapped in Go", row[1])
			continue
		}
		goName := strings.TrimPrefix(fmt.Sprintf("%T", class(APIError{})), "*cpod.")
		want := map[string]string{"CpodError": "APIError"}[row[2]]
		if want == "" {
			want = row[2]
		}
		if goName != want {
			t.Errorf("%s: Go %s, TS %s", row[1], goName, row[2])
		}
	}
}

func TestStatusFallbackTableMatchesTheTypeScriptSDK(t *testing.T) {
	table := between(tsSource(t, "error-mapping.ts"), "function codeForStatus", "};")
	rows := regexp.MustCompile(`(?m)^\s+(\d+): "(\w+)",$`).FindAllStringSubmatch(table, -1)
	if len(rows) != len(statusCodes) {
		t.Fatalf("TS has %d statuses, Go %d", len(rows), len(statusCodes))
	}
	for _, row := range rows {
		status, _ := strconv.Atoi(row[1])
		if statusCodes[status] != Code(row[2]) {
			t.Errorf("%d: Go %q, TS %q", status, statusCodes[status], row[2])
		}
	}
}

func TestRetryDefaultsMatchTheTypeScriptSDK(t *testing.T) {
	src := tsSource(t, "retry-policy.ts")
	number := func(name string) float64 {
		m := regexp.MustCompile(name + `\s*[:=]\s*([\d_.]+)`).FindStringSubmatch(src)
		if m == nil {
			t.Fatalf("%s not found", name)
		}
		v, _ := strconv.ParseFloat(strings.ReplaceAll(m[1], "_", ""), 64)
		return v
	}
	ms := func(d time.Duration) float64 { return float64(d.Milliseconds()) }
	p := DefaultRetryPolicy
	if number("maxRetries") != float64(p.MaxRetries) || number("baseDelayMs") != ms(p.BaseDelay) ||
		number("maxDelayMs") != ms(p.MaxDelay) || number("maxRetryAfterMs") != ms(p.MaxRetryAfter) {
		t.Fatalf("DefaultRetryPolicy %+v differs from retry-policy.ts", p)
	}
}
