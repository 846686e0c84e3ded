package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

var (
	inlineLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	heading    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	htmlAnchor = regexp.MustCompile(`<a (?:name|id)="([^"]+)"`)
)

// proseLines returns the lines of a Markdown document outside fenced code
// blocks, with their 1-based line numbers.
func proseLines(doc string) ([]string, []int) {
	var lines []string
	var numbers []int
	fenced := false
	for i, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			lines = append(lines, line)
			numbers = append(numbers, i+1)
		}
	}
	return lines, numbers
}

// Anchors returns the anchors GitHub gives the headings of a Markdown
// document (a heading's text lower-cased, punctuation dropped, spaces as
// '-', a repeated heading suffixed -1, -2, ...), plus explicit <a name>s.
func Anchors(doc string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	lines, _ := proseLines(doc)
	for _, line := range lines {
		for _, m := range htmlAnchor.FindAllStringSubmatch(line, -1) {
			anchors[m[1]] = true
		}
		m := heading.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		slug := Slug(m[1])
		if n := seen[slug]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	}
	return anchors
}

// Slug is GitHub's anchor for a heading's text.
func Slug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// BrokenLinks checks the relative links of the Markdown file at path (links
// with a scheme, such as https:, are not followed): each must name a file or
// directory that exists, and an anchor must be a heading of the Markdown
// file it points into. It returns one line per broken link.
func BrokenLinks(path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var broken []string
	lines, numbers := proseLines(string(raw))
	for i, line := range lines {
		for _, m := range inlineLink.FindAllStringSubmatch(line, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			resolved := path
			if file != "" {
				resolved = filepath.Join(filepath.Dir(path), filepath.FromSlash(file))
			}
			where := fmt.Sprintf("%s:%d: %s", filepath.ToSlash(path), numbers[i], target)
			info, err := os.Stat(resolved)
			if err != nil {
				broken = append(broken, where+": no such file")
				continue
			}
			if anchor == "" {
				continue
			}
			if info.IsDir() || !strings.HasSuffix(resolved, ".md") {
				broken = append(broken, where+": an anchor into a file that is not Markdown")
				continue
			}
			doc, err := os.ReadFile(resolved)
			if err != nil {
				return nil, err
			}
			if !Anchors(string(doc))[anchor] {
				broken = append(broken, where+": no heading with that anchor")
			}
		}
	}
	return broken, nil
}
