package docgen_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/docgen"
)

// recorder stands in for a test, to see what Check reports.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()                     {}
func (r *recorder) Logf(string, ...interface{}) {}
func (r *recorder) Errorf(f string, a ...interface{}) {
	r.errors = append(r.errors, fmt.Sprintf(f, a...))
}
func (r *recorder) Fatalf(f string, a ...interface{}) {
	r.errors = append(r.errors, fmt.Sprintf(f, a...))
}

const doc = `# Title

Intro.

<!-- BEGIN GENERATED table: make docs rewrites this block -->
| A |
| --- |
| old |
<!-- END GENERATED table -->

After.
`

func write(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.md")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckFailsOnAStaleBlockAndLeavesTheFile(t *testing.T) {
	t.Setenv(docgen.UpdateVariable, "")
	path := write(t, doc)
	r := &recorder{TB: t}
	docgen.Check(r, path, "table", "| A |\n| --- |\n| new |\n")
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "stale (run make docs") || !strings.Contains(r.errors[0], `"| new |"`) {
		t.Fatalf("Check reported %q, want one stale-block error showing the new line", r.errors)
	}
	if raw, _ := os.ReadFile(path); string(raw) != doc {
		t.Fatalf("Check without %s rewrote the file:\n%s", docgen.UpdateVariable, raw)
	}
}

func TestCheckPassesOnACurrentBlock(t *testing.T) {
	r := &recorder{TB: t}
	docgen.Check(r, write(t, doc), "table", "| A |\n| --- |\n| old |")
	if len(r.errors) != 0 {
		t.Fatalf("Check reported %q on a current block", r.errors)
	}
}

func TestCheckReportsAMissingBlock(t *testing.T) {
	r := &recorder{TB: t}
	docgen.Check(r, write(t, doc), "other", "x")
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "BEGIN GENERATED other") {
		t.Fatalf("Check reported %q, want the missing marker named", r.errors)
	}
}

func TestUpdateRewritesOnlyTheBlock(t *testing.T) {
	t.Setenv(docgen.UpdateVariable, "1")
	path := write(t, doc)
	r := &recorder{TB: t}
	docgen.Check(r, path, "table", "| A |\n| --- |\n| new |\n")
	raw, _ := os.ReadFile(path)
	want := strings.Replace(doc, "| old |", "| new |", 1)
	if len(r.errors) != 0 || string(raw) != want {
		t.Fatalf("update reported %q and wrote:\n%s\nwant:\n%s", r.errors, raw, want)
	}
}

func TestTableEscapesCells(t *testing.T) {
	got := docgen.Table([]string{"Case", "Message"}, [][]string{{"Pipe", docgen.Code("a|b")}, {"Lines", docgen.Code("one\ntwo")}})
	want := "| Case | Message |\n| --- | --- |\n| Pipe | `a\\|b` |\n| Lines | `one`<br>`two` |\n"
	if got != want {
		t.Fatalf("Table gave\n%s\nwant\n%s", got, want)
	}
	if got := docgen.Code("say `hi`"); got != "``say `hi```" && got != "`` say `hi` ``" {
		t.Fatalf("Code of a text with backticks gave %s", got)
	}
}

func TestPropsTablesReadsDefaultLines(t *testing.T) {
	dir := t.TempDir()
	src := `package p

// WidgetOptions are shared choices.
type WidgetOptions struct {
	// Size of the widget. Default: 3.
	Size *int
}

// WidgetProps configures a widget.
type WidgetProps struct {
	WidgetOptions

	// Name of the widget, shown
	// to users. Default: the construct ID.
	Name *string

	// The owner. Required.
	Owner *string

	internal int
}

// helper is not a props type.
type helper struct{ X int }
`
	if err := os.WriteFile(filepath.Join(dir, "props.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := docgen.PropsTables(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "`WidgetOptions`:\n\n| Prop | Default |\n| --- | --- |\n| `Size` | 3. |\n" +
		"\n`WidgetProps`:\n\n| Prop | Default |\n| --- | --- |\n| (embeds `WidgetOptions`) | see `WidgetOptions` |\n| `Name` | the construct ID. |\n| `Owner` | required |\n"
	if got != want {
		t.Fatalf("PropsTables gave\n%s\nwant\n%s", got, want)
	}
}

func TestPropsTablesRefusesAnUndocumentedDefault(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\ntype XProps struct {\n\t// Colour of x.\n\tColour *string\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "props.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := docgen.PropsTables(dir); err == nil || !strings.Contains(err.Error(), "XProps.Colour") {
		t.Fatalf("PropsTables gave error %v, want one naming XProps.Colour", err)
	}
}

func TestBrokenLinks(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"README.md": "# Top\n\n## Set-up: two commands\n\n[a](docs/guide.md) [b](docs/guide.md#the-service-lambda-app) " +
			"[c](#set-up-two-commands) [d](docs/missing.md) [e](docs/guide.md#nowhere) [f](#nowhere) [g](https://example.com/x#y)\n\n" +
			"```\n[h](not-checked.md)\n```\n",
		"docs/guide.md": "# Guide\n\n## The service: `lambda-app`\n\n## Again\n\n## Again\n\n[back](../README.md#top) [dup](#again-1)\n",
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var broken []string
	for _, name := range []string{"README.md", "docs/guide.md"} {
		b, err := docgen.BrokenLinks(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		broken = append(broken, b...)
	}
	want := []string{
		filepath.ToSlash(filepath.Join(dir, "README.md")) + ":5: docs/missing.md: no such file",
		filepath.ToSlash(filepath.Join(dir, "README.md")) + ":5: docs/guide.md#nowhere: no heading with that anchor",
		filepath.ToSlash(filepath.Join(dir, "README.md")) + ":5: #nowhere: no heading with that anchor",
	}
	if strings.Join(broken, "\n") != strings.Join(want, "\n") {
		t.Fatalf("BrokenLinks found\n%s\nwant\n%s", strings.Join(broken, "\n"), strings.Join(want, "\n"))
	}
}
