package bench

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// synthResources runs an app that synthesizes one service and returns its
// stack's resources, without the construct metadata.
func synthResources(t *testing.T, name string, args ...string) map[string]interface{} {
	t.Helper()
	root := cdktest.RepoRoot()
	out := t.TempDir()
	cmd := exec.Command(name, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "FASTAPI_SERVICES=1", "CDK_OUTDIR="+out, "CDK_VALIDATION=false",
		"PATH="+filepath.Join(root, "node_modules", ".bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, output)
	}
	raw, err := os.ReadFile(filepath.Join(out, "Service1.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var template struct {
		Resources map[string]map[string]interface{} `json:"Resources"`
	}
	if err := json.Unmarshal(raw, &template); err != nil {
		t.Fatal(err)
	}
	resources := map[string]interface{}{}
	for id, r := range template.Resources {
		delete(r, "Metadata")
		resources[id] = r
	}
	return resources
}

// The TypeScript baseline declares exactly the stack the Go app builds, so
// the benchmarks compare the same work: a change to the constructs that the
// baseline does not follow fails here.
func TestTypeScriptBaselineDeclaresTheSameStack(t *testing.T) {
	root := cdktest.RepoRoot()
	node := filepath.Join(root, "node_modules", ".bin", "node")
	for _, installed := range []string{node, filepath.Join(root, "bench", "typescript", "node_modules", "aws-cdk-lib")} {
		if _, err := os.Stat(installed); err != nil {
			t.Skipf("%s is not installed: make test installs it (npm ci)", installed)
		}
	}
	goApp := filepath.Join(t.TempDir(), "goapp")
	build := exec.Command("go", "build", "-o", goApp, "./bench/goapp")
	build.Dir = cdktest.RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./bench/goapp: %v\n%s", err, out)
	}
	goResources := synthResources(t, goApp)
	tsResources := synthResources(t, node, "bench/typescript/app.ts")
	var ids []string
	for id := range goResources {
		ids = append(ids, id)
	}
	for id := range tsResources {
		if _, ok := goResources[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !reflect.DeepEqual(goResources[id], tsResources[id]) {
			g, _ := json.Marshal(goResources[id])
			s, _ := json.Marshal(tsResources[id])
			t.Errorf("resource %s differs:\n  Go:         %s\n  TypeScript: %s", id, g, s)
		}
	}
}
