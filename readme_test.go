package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
)

var backticked = regexp.MustCompile("`([^`]+)`")

// readmeSettings returns the keys in the first column of the README's
// settings table (the one whose header starts "| Setting |").
func readmeSettings(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	inTable := false
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case strings.HasPrefix(line, "| Setting |"):
			inTable = true
		case inTable && strings.HasPrefix(line, "| ---"):
		case inTable && strings.HasPrefix(line, "|"):
			first := strings.Split(line, "|")[1]
			for _, m := range backticked.FindAllStringSubmatch(first, -1) {
				keys = append(keys, m[1])
			}
		case inTable:
			return keys
		}
	}
	return keys
}

// The README's settings table lists exactly the settings the app knows.
func TestReadmeDocumentsEverySetting(t *testing.T) {
	documented := readmeSettings(t)
	if len(documented) == 0 {
		t.Fatal(`README.md has no settings table (a header starting "| Setting |")`)
	}
	known := settings.Keys()
	missing, unknown := cdktest.Difference(known, documented), cdktest.Difference(documented, known)
	if len(missing) > 0 {
		t.Errorf("README.md's settings table lacks %q", missing)
	}
	if len(unknown) > 0 {
		t.Errorf("README.md's settings table documents %q, which the app does not know", unknown)
	}
}
