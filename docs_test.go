package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/docgen"
)

// docs/settings.md's table of refused settings is generated from the cases
// TestBadSettingsAreRefused runs: every message it shows is one the app was
// seen to print.
func TestDocsRefusedSettings(t *testing.T) {
	var rows [][]string
	for _, c := range badSettings() {
		given, err := json.Marshal(c.context)
		if err != nil {
			t.Fatal(err)
		}
		if text, ok := c.context[configFileKey].(string); ok {
			given = []byte("cdk.json:\n" + strings.TrimSpace(text))
		}
		var printed []string
		for _, m := range c.messages {
			printed = append(printed, "error: "+m)
		}
		rows = append(rows, []string{c.name, docgen.Code(string(given)), docgen.Code(strings.Join(printed, "\n"))})
	}
	docgen.Check(t, filepath.Join("docs", "settings.md"), "refused-settings",
		docgen.Table([]string{"Case", "Context given", "What the app prints"}, rows))
}

// Every relative link in the project's Markdown resolves: the file exists and
// the anchor is one of its headings.
func TestDocsLinksResolve(t *testing.T) {
	var pages []string
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "cdk.out") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") {
			pages = append(pages, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 5 {
		t.Fatalf("found only %q: the walk missed the docs", pages)
	}
	for _, page := range pages {
		broken, err := docgen.BrokenLinks(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range broken {
			t.Error(b)
		}
	}
}

// docs/settings.md's table of refused make variables is generated from the
// cases TestMakeRefusesBadVariables runs.
func TestDocsRefusedMakeVariables(t *testing.T) {
	var rows [][]string
	for _, c := range makeRefusals() {
		rows = append(rows, []string{c.name, docgen.Code("make " + strings.Join(c.args, " ")), docgen.Code(c.want)})
	}
	docgen.Check(t, filepath.Join("docs", "settings.md"), "refused-make-variables",
		docgen.Table([]string{"Case", "Command", "What it prints first"}, rows))
}
