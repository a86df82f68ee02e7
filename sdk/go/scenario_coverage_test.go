package cpod

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"
)

// The other direction of the scenarios: what the SDK has must be what they cover, so a code
// or an error class added here without a scenario fails (retryable statuses are held by the
// status sweep in TestScenarioStatusSweep, which tries every status).

func TestScenarioCoverageOfCodes(t *testing.T) {
	f := loadScenarios[errorsFile](t, "errors.json")
	covered := map[string]bool{}
	for _, s := range f.Scenarios {
		covered[s.Expect.Code] = true
	}
	var mine, theirs []string
	for code := range errorClasses {
		mine = append(mine, string(code))
	}
	for code := range covered {
		theirs = append(theirs, code)
	}
	slices.Sort(mine)
	slices.Sort(theirs)
	if !slices.Equal(mine, theirs) {
		t.Errorf("errorClasses maps %v, the error scenarios cover %v", mine, theirs)
	}
}

// TestScenarioCoverageOfClasses: the exported error classes (APIError and every exported
// struct embedding it, read from this package's source) are the classes the scenarios name.
func TestScenarioCoverageOfClasses(t *testing.T) {
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var mine []string
	for _, pkg := range pkgs {
		ast.Inspect(pkg, func(n ast.Node) bool {
			spec, ok := n.(*ast.TypeSpec)
			if !ok || !spec.Name.IsExported() {
				return true
			}
			if spec.Name.Name == "APIError" {
				mine = append(mine, neutralClassName("APIError"))
			}
			if st, ok := spec.Type.(*ast.StructType); ok {
				for _, field := range st.Fields.List {
					if id, ok := field.Type.(*ast.Ident); ok && len(field.Names) == 0 && id.Name == "APIError" {
						mine = append(mine, spec.Name.Name)
					}
				}
			}
			return true
		})
	}
	theirs := scenarioClasses(t)
	slices.Sort(mine)
	if !slices.Equal(mine, theirs) {
		t.Errorf("the SDK's error classes %v, the scenarios name %v", mine, theirs)
	}
}

// scenarioClasses is every class an expectation or outcome of any scenario file names.
func scenarioClasses(t *testing.T) []string {
	seen := map[string]bool{}
	for _, s := range loadScenarios[errorsFile](t, "errors.json").Scenarios {
		seen[s.Expect.Class] = true
	}
	for _, s := range loadScenarios[retryFile](t, "retry.json").Scenarios {
		seen[s.Expect.Outcome.Class] = true
	}
	for _, s := range loadScenarios[tokensFile](t, "tokens.json").Scenarios {
		for _, step := range s.Steps {
			seen[step.Expect.Outcome.Class] = true
		}
	}
	for _, s := range loadScenarios[paginationFile](t, "pagination.json").Scenarios {
		seen[s.Expect.Outcome.Class] = true
	}
	delete(seen, "")
	var out []string
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
