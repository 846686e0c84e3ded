package frontdoor_test

import (
	"path/filepath"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/docgen"
)

// constructs/README.md's table of refused props is generated from the cases
// TestInvalidPropsFailAtSynth runs.
func TestDocsRefusedProps(t *testing.T) {
	var rows [][]string
	for _, c := range refusals() {
		rows = append(rows, []string{c.name, docgen.Code("frontdoor: " + c.want)})
	}
	docgen.Check(t, filepath.Join("..", "README.md"), "frontdoor-refused-props",
		"`frontdoor`:\n\n"+docgen.Table([]string{"Case", "Message"}, rows))
}

// constructs/README.md's table of props and defaults is generated from the
// `Default:` lines of props.go.
func TestDocsProps(t *testing.T) {
	tables, err := docgen.PropsTables(".")
	if err != nil {
		t.Fatal(err)
	}
	docgen.Check(t, filepath.Join("..", "README.md"), "frontdoor-props", tables)
}
