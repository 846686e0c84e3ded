package review

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// The whole review, as `make diff` runs it, on a clone of this repository
// whose branch renames the alias: it blocks, naming the alias and the URL;
// a commit acknowledging both lets it pass; the temporary worktree is gone
// afterwards.
func TestRunBlocksUntilAcknowledged(t *testing.T) {
	needSpec(t)
	if _, err := exec.LookPath("cdk"); err != nil {
		t.Skip("the CDK CLI is not on PATH: make test puts node_modules/.bin first")
	}
	t.Setenv("CDK_VALIDATION", "false") // the review reads templates; validation is synth's test
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	run := func(dir string, name string, args ...string) string {
		t.Helper()
		out, err := command(dir, nil, name, args...)
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return out
	}
	run(tmp, "git", "clone", "--quiet", cdktest.RepoRoot(), repo)
	// The resource specification lives in the toolchain, which a clone lacks.
	if err := os.MkdirAll(filepath.Join(repo, filepath.Dir(SpecFile)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(cdktest.RepoRoot(), SpecFile), filepath.Join(repo, SpecFile)); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		return run(repo, "git", append([]string{"-c", "user.name=Reviewer", "-c", "user.email=reviewer@example.com"}, args...)...)
	}
	// The base is named, as CI names it: a pull request's checkout has no
	// default branch to find (the default lookup is checked below).
	base := strings.TrimSpace(git("rev-parse", "HEAD"))
	git("switch", "--quiet", "-c", "rename-alias")
	file := filepath.Join(repo, "stacks", "service_stack.go")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "serviceProps.ImageTagOrDigest = props.ImageTagOrDigest"
	if !bytes.Contains(src, []byte(anchor)) {
		t.Fatalf("stacks/service_stack.go no longer has %q: update this test", anchor)
	}
	src = bytes.Replace(src, []byte(anchor), []byte(anchor+`; serviceProps.AliasName = jsii.String("prod")`), 1)
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	git("commit", "--quiet", "-am", "Rename the alias")
	app := filepath.Join(tmp, "app")
	run(repo, "go", "build", "-o", app, ".")

	review := func() (int, string, string) {
		var stdout, stderr bytes.Buffer
		markdown := filepath.Join(tmp, "review.md")
		code := Run(Options{Dir: repo, Environment: "default", Base: base, App: app, Markdown: markdown, Stdout: &stdout, Stderr: &stderr})
		md, _ := os.ReadFile(markdown)
		return code, stdout.String() + stderr.String(), string(md)
	}
	code, out, md := review()
	if code != 1 {
		t.Fatalf("make diff of an alias rename exited %d, want 1:\n%s", code, out)
	}
	for _, want := range []string{
		"BLOCKS       FastApiLambda/Service/Alias (AWS::Lambda::Alias",
		"BLOCKS       FastApiLambda/Service/Url (AWS::Lambda::Url",
		"[~] AWS::Lambda::Alias Service/Alias", // cdk diff's own output
		"-m 'Acknowledge-Risk: FastApiLambda/Service/Alias\nAcknowledge-Risk: FastApiLambda/Service/Url'",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("the review lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasPrefix(md, CommentMarker+"\n### ❌ `default`: 2 change(s)") {
		t.Fatalf("pull-request comment:\n%s", md)
	}

	git("commit", "--quiet", "--allow-empty", "-m", "Rename the alias to prod: nothing calls it yet",
		"-m", "Acknowledge-Risk: FastApiLambda/Service/Alias\nAcknowledge-Risk: FastApiLambda/Service/Url")
	code, out, _ = review()
	if code != 0 || !strings.Contains(out, "acknowledged FastApiLambda/Service/Url") || !strings.Contains(out, "Nothing blocks the merge.") {
		t.Fatalf("acknowledged, the review exited %d:\n%s", code, out)
	}
	// With no BASE, the merge-base with the default branch.
	git("branch", "--force", "main", base)
	if commit, described, err := resolveBase(repo, ""); err != nil || commit != base {
		t.Fatalf("default base = %s (%s), %v; want %s", commit, described, err, base)
	}
	if worktrees := git("worktree", "list"); strings.Count(worktrees, "\n") != 1 {
		t.Fatalf("a temporary worktree is left:\n%s", worktrees)
	}
}

// A stack that depends on another (a front door's service on its us-east-1
// edge stack) is diffed on its own against a template: the CLI refuses to
// compare a stack and its dependencies with one template.
func TestDiffOfAStackWithADependency(t *testing.T) {
	needSpec(t)
	if _, err := exec.LookPath("cdk"); err != nil {
		t.Skip("the CDK CLI is not on PATH: make test puts node_modules/.bin first")
	}
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.template.json")
	if err := os.WriteFile(empty, []byte(`{"Resources": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := diff(dir, assemblyDir, empty, "Shop")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "AWS::CloudFront::Distribution") || strings.Contains(out, "AWS::WAFv2::WebACL") {
		t.Fatalf("the diff of Shop is not Shop's alone (its distribution, not the edge's web ACL):\n%s", out)
	}
}
