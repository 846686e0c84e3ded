package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// CommentMarker starts the pull-request comment, so the workflow updates its
// own comment in place instead of adding one per push.
const CommentMarker = "<!-- fastapi-lambda-cdk review -->"

// Options configure Run.
type Options struct {
	// Dir is the repository's working tree: what the change synthesizes.
	Dir string
	// Environment is the environment of cdk.json to synthesize on both sides.
	Environment string
	// Base is the git revision to compare with. Empty: the merge-base of
	// HEAD with the default branch (origin/HEAD, origin/main or main).
	Base string
	// App is the built app of the working tree.
	App string
	// Markdown, when set, is a file to write the pull-request comment to.
	Markdown string
	// Stdout takes the report, Stderr progress and errors.
	Stdout, Stderr io.Writer
}

// Run synthesizes the base in a temporary git worktree and the working tree,
// prints `cdk diff --template` of each stack and the risk summary, and
// returns the exit code: 0 when nothing unacknowledged blocks, 1 when
// something does, 2 when the review itself failed. It needs no AWS account.
func Run(o Options) int {
	report, err := review(o)
	if err != nil {
		fmt.Fprintf(o.Stderr, "error: %v\n", err)
		return 2
	}
	report.WriteText(o.Stdout)
	if o.Markdown != "" {
		var md bytes.Buffer
		report.WriteMarkdown(&md, CommentMarker)
		if err := os.WriteFile(o.Markdown, md.Bytes(), 0o644); err != nil {
			fmt.Fprintf(o.Stderr, "error: %v\n", err)
			return 2
		}
	}
	if len(report.Unacknowledged()) > 0 {
		return 1
	}
	return 0
}

func review(o Options) (*Report, error) {
	spec, err := LoadSpec(filepath.Join(o.Dir, SpecFile))
	if err != nil {
		return nil, err
	}
	base, described, err := resolveBase(o.Dir, o.Base)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "fastapi-lambda-cdk-review-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	// A worktree left by an interrupted review is forgotten first.
	_, _ = git(o.Dir, "worktree", "prune")
	headStacks := map[string]string{}
	headOut := filepath.Join(tmp, "head.out")
	if hasEnvironment(o.Dir, o.Environment) {
		fmt.Fprintf(o.Stderr, "review: synthesizing the working tree, environment %s\n", o.Environment)
		if err := synth(o.Dir, o.App, o.Environment, headOut); err != nil {
			return nil, fmt.Errorf("the working tree does not synthesize environment %s:\n%w", o.Environment, err)
		}
		if headStacks, err = stacks(headOut); err != nil {
			return nil, err
		}
	} else {
		fmt.Fprintf(o.Stderr, "review: the working tree has no environment %s: its stacks are removed\n", o.Environment)
	}

	worktree := filepath.Join(tmp, "base")
	if _, err := git(o.Dir, "worktree", "add", "--quiet", "--detach", worktree, base); err != nil {
		return nil, err
	}
	defer func() {
		if _, err := git(o.Dir, "worktree", "remove", "--force", worktree); err != nil {
			fmt.Fprintf(o.Stderr, "review: %v\n", err)
		}
	}()
	baseStacks := map[string]string{}
	baseOut := filepath.Join(tmp, "base.out")
	if hasEnvironment(worktree, o.Environment) {
		fmt.Fprintf(o.Stderr, "review: synthesizing the base, %s, in a temporary worktree\n", described)
		baseApp := filepath.Join(tmp, "base-app")
		if out, err := command(worktree, nil, "go", "build", "-o", baseApp, "."); err != nil {
			return nil, fmt.Errorf("the base %s does not build: %v\n%s", described, err, out)
		}
		if err := synth(worktree, baseApp, o.Environment, baseOut); err != nil {
			return nil, fmt.Errorf("the base %s does not synthesize environment %s (compare with another base: make diff BASE=<ref>):\n%w", described, o.Environment, err)
		}
		if baseStacks, err = stacks(baseOut); err != nil {
			return nil, err
		}
	} else {
		fmt.Fprintf(o.Stderr, "review: the base has no environment %s: its stacks are new\n", o.Environment)
	}
	empty := filepath.Join(tmp, "empty.template.json")
	if err := os.WriteFile(empty, []byte(`{"Resources":{}}`), 0o644); err != nil {
		return nil, err
	}

	acks, err := git(o.Dir, "log", "--format=%(trailers:key="+AckTrailer+",valueonly)", base+"..HEAD")
	if err != nil {
		return nil, err
	}
	report := &Report{Environment: o.Environment, Base: described, Acknowledged: ParseAcknowledgements(acks)}
	for _, name := range union(headStacks, baseStacks) {
		headFile, inHead := headStacks[name]
		baseFile, inBase := baseStacks[name]
		stack := StackDiff{Stack: name, New: !inBase}
		var baseTemplate, headTemplate *Template
		if inBase {
			if baseTemplate, err = readTemplate(filepath.Join(baseOut, baseFile)); err != nil {
				return nil, err
			}
		}
		if inHead {
			if headTemplate, err = readTemplate(filepath.Join(headOut, headFile)); err != nil {
				return nil, err
			}
			old := empty
			if inBase {
				old = filepath.Join(baseOut, baseFile)
			}
			fmt.Fprintf(o.Stderr, "review: cdk diff of %s\n", name)
			if stack.Diff, err = diff(o.Dir, headOut, old, name); err != nil {
				return nil, err
			}
		} else {
			stack.Diff = "(the working tree no longer synthesizes this stack)"
		}
		stack.Risks = Compare(name, baseTemplate, headTemplate, spec)
		report.Stacks = append(report.Stacks, stack)
	}
	return report, nil
}

// resolveBase returns the commit to compare with and how to describe it.
func resolveBase(dir, base string) (string, string, error) {
	if base != "" {
		commit, err := git(dir, "rev-parse", "--verify", "--quiet", base+"^{commit}")
		if err != nil {
			return "", "", fmt.Errorf("BASE %q is not a commit of this repository", base)
		}
		commit = strings.TrimSpace(commit)
		return commit, fmt.Sprintf("%s (%s)", commit[:12], base), nil
	}
	for _, branch := range []string{"origin/HEAD", "origin/main", "main"} {
		if _, err := git(dir, "rev-parse", "--verify", "--quiet", branch+"^{commit}"); err != nil {
			continue
		}
		commit, err := git(dir, "merge-base", "HEAD", branch)
		if err != nil {
			return "", "", err
		}
		commit = strings.TrimSpace(commit)
		return commit, fmt.Sprintf("%s (merge-base of HEAD and %s)", commit[:12], branch), nil
	}
	return "", "", errors.New("no default branch (origin/HEAD, origin/main or main) to compare with: name one, make diff BASE=<ref>")
}

// hasEnvironment reports whether dir's cdk.json names the environment. A
// cdk.json from before environments existed counts as having every one: its
// synthesis decides.
func hasEnvironment(dir, environment string) bool {
	raw, err := os.ReadFile(filepath.Join(dir, "cdk.json"))
	if err != nil {
		return true
	}
	var config struct {
		Context struct {
			Environments map[string]json.RawMessage `json:"environments"`
		} `json:"context"`
	}
	if json.Unmarshal(raw, &config) != nil || config.Context.Environments == nil {
		return true
	}
	_, ok := config.Context.Environments[environment]
	return ok
}

// synth synthesizes an environment of the app in dir into out.
func synth(dir, app, environment, out string) error {
	output, err := command(dir, nil, "cdk", "--no-notices", "--app", app, "synth", "--quiet",
		"-c", "environment="+environment, "--output", out)
	if err != nil {
		// The app's own error lines; the CLI's closing line repeats only the exit.
		var lines []string
		for _, line := range strings.Split(strings.TrimSpace(output), "\n") {
			if !strings.Contains(line, "Subprocess exited with error") {
				lines = append(lines, "  "+line)
			}
		}
		return errors.New(strings.Join(lines, "\n"))
	}
	return nil
}

// diff runs `cdk diff` of one stack of the assembly against a template file.
// The CLI runs without AWS credentials, so it makes no AWS call at all.
func diff(dir, assembly, template, stack string) (string, error) {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "AWS_") {
			env = append(env, kv)
		}
	}
	env = append(env, "AWS_EC2_METADATA_DISABLED=true", "CDK_DISABLE_VERSION_CHECK=1", "CDK_DISABLE_CLI_TELEMETRY=true",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	// The CLI writes its diff to stderr. --exclusively: a stack that depends
	// on another (a front door's service on its edge stack) is diffed alone;
	// the CLI compares one stack only with a template.
	out, err := command(dir, env, "cdk", "--no-notices", "--app", assembly, "diff", "--exclusively", "--template", template, stack)
	if err != nil {
		return "", fmt.Errorf("cdk diff %s: %v\n%s", stack, err, out)
	}
	return out, nil
}

// stacks maps the stack artifacts of a cloud assembly to their template files.
func stacks(assembly string) (map[string]string, error) {
	raw, err := os.ReadFile(filepath.Join(assembly, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var manifest struct {
		Artifacts map[string]struct {
			Type       string `json:"type"`
			Properties struct {
				TemplateFile string `json:"templateFile"`
			} `json:"properties"`
		} `json:"artifacts"`
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		return nil, fmt.Errorf("%s: %w", assembly, err)
	}
	found := map[string]string{}
	for id, artifact := range manifest.Artifacts {
		if artifact.Type == "aws:cloudformation:stack" {
			found[id] = artifact.Properties.TemplateFile
		}
	}
	return found, nil
}

func readTemplate(path string) (*Template, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseTemplate(path, raw)
}

func union(a, b map[string]string) []string {
	var names []string
	for name := range a {
		names = append(names, name)
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func git(dir string, args ...string) (string, error) {
	out, err := command(dir, nil, "git", args...)
	if err != nil {
		return "", fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out, nil
}

// command runs a program in dir with env (nil: this process's) and returns
// its combined output.
func command(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.String(), err
}
