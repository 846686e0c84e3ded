package settings_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/docgen"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
)

// The reference documents every setting once, in the order of Keys.
func TestReferenceCoversEverySettingOnce(t *testing.T) {
	var documented []string
	for _, doc := range settings.Reference() {
		if doc.What == "" || doc.Default == "" {
			t.Errorf("the reference of %q lacks what it does or its default", doc.Keys)
		}
		documented = append(documented, doc.Keys...)
	}
	if !slices.Equal(documented, settings.Keys()) {
		t.Fatalf("the reference documents %q, want every setting once in the order of Keys: %q", documented, settings.Keys())
	}
}

// docs/settings.md's table of settings is generated from Reference.
func TestDocsSettingsTable(t *testing.T) {
	var rows [][]string
	for _, doc := range settings.Reference() {
		var keys []string
		for _, k := range doc.Keys {
			keys = append(keys, docgen.Code(k))
		}
		rows = append(rows, []string{strings.Join(keys, ", "), doc.What, doc.Default})
	}
	docgen.Check(t, filepath.Join("..", "..", "docs", "settings.md"), "settings",
		docgen.Table([]string{"Setting", "What", "Default"}, rows))
}
