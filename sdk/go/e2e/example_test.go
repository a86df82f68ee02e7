package e2e

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"testing"

	cpod "github.com/cpod/cpod/sdk/go"
)

// Example is the README's example, run against the dev platform with the variables the
// README tells a newcomer to export.
func Example() {
	os.Setenv("CPOD_BASE_URL", dev.BaseURL)
	os.Setenv("CPOD_CLIENT_ID", dev.ClientID)
	os.Setenv("CPOD_CLIENT_SECRET", dev.ClientSecret)
	readmeExample()
	// Output:
	// greeting = hello (version 1)
	// counter = 3
	// no such key: not_found
	// Ada Lovelace
}

// readmeExample: begin
func readmeExample() {
	ctx := context.Background()
	client, err := cpod.New(cpod.Options{
		BaseURL:      os.Getenv("CPOD_BASE_URL"),
		ClientID:     os.Getenv("CPOD_CLIENT_ID"),
		ClientSecret: os.Getenv("CPOD_CLIENT_SECRET"),
	})
	if err != nil {
		log.Fatal(err)
	}

	entry, err := client.KV.Put(ctx, "readme:greeting", "hello", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("greeting = %v (version %d)\n", entry.Value, entry.Version)

	n, err := client.KV.Incr(ctx, "readme:counter", 3, nil) // retried safely: one Idempotency-Key
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("counter =", n)

	_, err = client.KV.Get(ctx, "readme:missing", nil)
	var notFound *cpod.NotFoundError
	if errors.As(err, &notFound) {
		fmt.Println("no such key:", notFound.Code)
	}

	if _, err := client.Entities.People.Create(ctx, cpod.PersonCreate{DisplayName: "Ada Lovelace"}, ""); err != nil {
		log.Fatal(err)
	}
	filter := map[string]any{"display_name": map[string]any{"$eq": "Ada Lovelace"}}
	for person, err := range client.Entities.People.List(ctx, &cpod.ListOptions{Filter: filter}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(person.DisplayName)
	}
}

// readmeExample: end

// The README shows exactly the code each example runs (one indent less): every function
// between "// <name>: begin" and "// <name>: end" markers in this package's files.
func TestReadmeShowsTheExamples(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for file, names := range map[string][]string{
		"example_test.go":      {"readmeExample"},
		"example_more_test.go": {"analyticsExample", "appsExample"},
	} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			_, rest, _ := strings.Cut(string(src), "// "+name+": begin\nfunc "+name+"() {\n")
			body, _, _ := strings.Cut(rest, "\n}\n\n// "+name+": end")
			lines := strings.Split(body, "\n")
			for i, line := range lines {
				lines[i] = strings.TrimPrefix(line, "\t")
			}
			if body == "" || !strings.Contains(string(readme), strings.Join(lines, "\n")) {
				t.Errorf("README.md's example differs from %s in e2e/%s: copy it over", name, file)
			}
		}
	}
}
