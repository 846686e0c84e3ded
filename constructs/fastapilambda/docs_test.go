package fastapilambda_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/docgen"
)

// constructs/README.md's table of refused props is generated from the cases
// TestInvalidPropsFailAtSynth runs, the machine's paths shown as
// placeholders.
func TestDocsRefusedProps(t *testing.T) {
	workingDir, _ := os.Getwd()
	var rows [][]string
	for _, c := range invalidProps() {
		message := strings.ReplaceAll(strings.ReplaceAll(c.want, imageDir, "<ImageDirectory>"), workingDir, "<working directory>")
		rows = append(rows, []string{c.name, docgen.Code("fastapilambda: " + message)})
	}
	docgen.Check(t, filepath.Join("..", "README.md"), "fastapilambda-refused-props",
		"`fastapilambda`:\n\n"+docgen.Table([]string{"Case", "Message"}, rows))
}

// constructs/README.md's table of props and defaults is generated from the
// `Default:` lines of props.go.
func TestDocsProps(t *testing.T) {
	tables, err := docgen.PropsTables(".")
	if err != nil {
		t.Fatal(err)
	}
	docgen.Check(t, filepath.Join("..", "README.md"), "fastapilambda-props", tables)
}
