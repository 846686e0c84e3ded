// Package examples holds example CDK apps built from the repository's
// constructs, one per directory; this test keeps their cdk.json in step with
// the repository's.
package examples

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

type cdkJSON struct {
	App     string                 `json:"app"`
	Context map[string]interface{} `json:"context"`
}

func readCdkJSON(t *testing.T, path string) cdkJSON {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var config cdkJSON
	if err := json.Unmarshal(raw, &config); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return config
}

// Each example synthesizes, under `cdk synth` and in its tests, with the
// feature flags the constructs are tested with: the repository's cdk.json
// context, without its environments (the product's settings).
func TestExamplesUseTheRepositoryFeatureFlags(t *testing.T) {
	flags := cdktest.Context()
	delete(flags, "environments")
	found, err := filepath.Glob(filepath.Join("*", "cdk.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		t.Fatal("no examples/*/cdk.json found")
	}
	for _, path := range found {
		t.Run(filepath.Dir(path), func(t *testing.T) {
			config := readCdkJSON(t, path)
			if config.App != "go run ." {
				t.Errorf("%s: app is %q, want \"go run .\"", path, config.App)
			}
			for flag, want := range flags {
				if got, ok := config.Context[flag]; !ok || !reflect.DeepEqual(got, want) {
					t.Errorf("%s: %s is %v, the repository's cdk.json has %v", path, flag, got, want)
				}
			}
			for flag := range config.Context {
				if _, ok := flags[flag]; !ok {
					t.Errorf("%s: %s is not in the repository's cdk.json", path, flag)
				}
			}
		})
	}
}
