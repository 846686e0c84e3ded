// Package docgen keeps the reference tables of the documentation generated
// from the code they describe: the refused settings and props from the test
// cases that pin their messages, the props' defaults from the `Default:` lines
// of their doc comments, the security gate's suppressions from the lists the
// gate applies.
//
// A generated block sits between two markers in a Markdown file:
//
//	<!-- BEGIN GENERATED NAME: make docs rewrites this block -->
//	...
//	<!-- END GENERATED NAME -->
//
// A test builds the block's text and calls [Check]: it fails when the file's
// block differs, and rewrites it instead when UPDATE_DOCS=1 is set (`make
// docs`).
package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// UpdateVariable, set to 1, makes Check rewrite stale blocks instead of
// failing.
const UpdateVariable = "UPDATE_DOCS"

func beginMarker(name string) string {
	return "<!-- BEGIN GENERATED " + name + ": make docs rewrites this block -->"
}

func endMarker(name string) string { return "<!-- END GENERATED " + name + " -->" }

// Check compares block name of the Markdown file at path with content. With
// UPDATE_DOCS=1 it rewrites a stale block in place; otherwise a stale or
// missing block fails the test, saying how to regenerate it.
func Check(t testing.TB, path, name, content string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v", err)
		return
	}
	current, err := Block(string(raw), name)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
		return
	}
	want := strings.TrimRight(content, "\n") + "\n"
	if current == want {
		return
	}
	if os.Getenv(UpdateVariable) == "1" {
		updated, _ := Replace(string(raw), name, want)
		if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: rewrote the generated block %s", path, name)
		return
	}
	t.Errorf("%s: the generated block %s is stale (run make docs to rewrite it); first difference:\n%s",
		filepath.ToSlash(path), name, firstDifference(current, want))
}

// Block returns the text between the markers of block name, or an error
// naming the marker that is missing.
func Block(doc, name string) (string, error) {
	begin, end := beginMarker(name), endMarker(name)
	i := strings.Index(doc, begin)
	if i < 0 {
		return "", fmt.Errorf("no line %q", begin)
	}
	rest := doc[i+len(begin):]
	j := strings.Index(rest, end)
	if j < 0 {
		return "", fmt.Errorf("no line %q after its BEGIN", end)
	}
	return strings.TrimPrefix(rest[:j], "\n"), nil
}

// Replace returns doc with the text of block name replaced by content.
func Replace(doc, name, content string) (string, error) {
	current, err := Block(doc, name)
	if err != nil {
		return "", err
	}
	begin := beginMarker(name) + "\n"
	i := strings.Index(doc, begin) + len(begin)
	return doc[:i] + content + doc[i+len(current):], nil
}

func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("  line %d in the file: %q\n  line %d generated:   %q", i+1, gl, i+1, wl)
		}
	}
	return "  (none)"
}

// Table renders a Markdown table. Cells are written as given except that a
// '|' is escaped and a line break becomes <br>, so any text fits in a cell.
func Table(header []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + Cell(c) + " |")
		}
		b.WriteString("\n")
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// Cell makes text safe for one Markdown table cell.
func Cell(text string) string {
	return strings.ReplaceAll(strings.ReplaceAll(text, "|", `\|`), "\n", "<br>")
}

// Code wraps text as inline code, with a fence long enough for any
// backticks it holds; each line of a multi-line text is its own span, the
// spans joined by <br>.
func Code(text string) string {
	if strings.Contains(text, "\n") {
		var spans []string
		for _, line := range strings.Split(text, "\n") {
			spans = append(spans, Code(line))
		}
		return strings.Join(spans, "<br>")
	}
	fence := "`"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	if strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") {
		return fence + " " + text + " " + fence
	}
	return fence + text + fence
}
