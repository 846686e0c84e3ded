package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
)

type workflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Env   map[string]string `yaml:"env"`
		Steps []struct {
			Env map[string]string `yaml:"env"`
			Run string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, name string) workflow {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return wf
}

// makeCall is one `make TARGET VAR=VALUE...` line of a workflow, with the
// environment variables its step sees.
type makeCall struct {
	job, run string
	env      map[string]string
}

func makeCalls(t *testing.T, name string) []makeCall {
	t.Helper()
	wf := readWorkflow(t, name)
	var calls []makeCall
	for jobName, job := range wf.Jobs {
		for _, step := range job.Steps {
			if !strings.Contains(step.Run, "make ") {
				continue
			}
			env := map[string]string{}
			for _, layer := range []map[string]string{wf.Env, job.Env, step.Env} {
				for k, v := range layer {
					env[k] = v
				}
			}
			calls = append(calls, makeCall{job: jobName, run: step.Run, env: env})
		}
	}
	return calls
}

// The workflows pass no settings of their own: every make call names only
// the environment, and CLI flags that are not context.
func TestWorkflowsPassNoSettings(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(".github", "workflows"))
	if err != nil {
		t.Fatal(err)
	}
	for _, entry := range entries {
		for _, call := range makeCalls(t, entry.Name()) {
			for _, flag := range []string{"-c ", "-c=", "--context"} {
				if strings.Contains(call.run, flag) {
					t.Errorf("%s, job %s: %q passes a setting (%s); put it in cdk.json's environments", entry.Name(), call.job, call.run, strings.TrimSpace(flag))
				}
			}
			for k, v := range call.env {
				if strings.Contains(v, "-c ") || strings.HasPrefix(k, "CDK_CONTEXT") {
					t.Errorf("%s, job %s: env %s=%q passes a setting", entry.Name(), call.job, k, v)
				}
			}
		}
	}
}

// promotedDigest is the digest a deploy step passes: the build's, for a
// promoted environment.
const promotedDigest = "${{ matrix.promoted && inputs.digest || '' }}"

var matrixEnvironment = regexp.MustCompile(`\$\{\{\s*matrix\.environment\s*\}\}`)

// For every committed environment, the template the deploy workflow's exact
// command synthesizes equals the one `make synth ENV=NAME` (what `make deploy
// ENV=NAME` ships) synthesizes.
func TestDeployWorkflowShipsWhatMakeSynthesizes(t *testing.T) {
	if _, err := os.Stat("node_modules/.installed"); err != nil {
		t.Skip("the pinned CDK CLI is not installed: make test installs it (node_modules)")
	}
	var deploys []makeCall
	for _, call := range makeCalls(t, "deploy-wave.yml") {
		if strings.Contains(call.run, "make deploy") {
			deploys = append(deploys, call)
		}
	}
	if len(deploys) != 1 {
		t.Fatalf("deploy-wave.yml has %d steps that run make deploy, want 1", len(deploys))
	}
	deploy := deploys[0]

	context, err := readConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	envs, err := settings.All(context)
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range envs {
		t.Run(env.Name, func(t *testing.T) {
			if env.DeploysPromotedImages {
				t.Skip("a promoted environment deploys the build's digest: TestImageDigestReachesTheTemplate covers IMAGE_DIGEST")
			}
			stepEnv := map[string]string{}
			for k, v := range deploy.env {
				// Not promoted: the step passes no digest.
				stepEnv[k] = strings.ReplaceAll(matrixEnvironment.ReplaceAllString(v, env.Name), promotedDigest, "")
				if strings.Contains(stepEnv[k], "${{") {
					t.Fatalf("deploy step env %s=%q depends on more than the environment", k, v)
				}
			}
			args, err := shellWords(matrixEnvironment.ReplaceAllString(deploy.run, env.Name), stepEnv)
			if err != nil {
				t.Fatalf("deploy step %q: %v", deploy.run, err)
			}
			if len(args) < 2 || args[0] != "make" || args[1] != "deploy" {
				t.Fatalf("deploy step runs %q, want make deploy VAR=VALUE...", deploy.run)
			}
			vars := args[2:]
			for _, v := range vars {
				if !strings.Contains(v, "=") || strings.HasPrefix(v, "-") {
					t.Fatalf("deploy step passes %q to make: only VAR=VALUE assignments keep it comparable", v)
				}
			}

			// make deploy is make synth, then a deploy of the assembly it wrote.
			dry := makeOutput(t, nil, append([]string{"-n", "deploy", "CDK_OUT=ASSEMBLY"}, vars...)...)
			drySynth := makeOutput(t, nil, append([]string{"-n", "synth", "CDK_OUT=ASSEMBLY"}, vars...)...)
			if !strings.HasPrefix(dry, drySynth) || !strings.Contains(strings.TrimPrefix(dry, drySynth), "--app 'ASSEMBLY' deploy --all") {
				t.Fatalf("make deploy does not ship make synth's assembly:\nmake -n deploy:\n%s\nmake -n synth:\n%s", dry, drySynth)
			}

			fromWorkflow, byHand := t.TempDir(), t.TempDir()
			makeOutput(t, stepEnv, append([]string{"-s", "synth", "CDK_OUT=" + fromWorkflow}, vars...)...)
			makeOutput(t, nil, "-s", "synth", "ENV="+env.Name, "CDK_OUT="+byHand)
			file := env.StackName + ".template.json"
			a, b := readFile(t, filepath.Join(fromWorkflow, file)), readFile(t, filepath.Join(byHand, file))
			if !bytes.Equal(a, b) {
				t.Fatalf("the deploy workflow synthesizes a different %s for environment %s than make synth ENV=%s", file, env.Name, env.Name)
			}
			manifestA := readJSON(t, filepath.Join(fromWorkflow, "manifest.json"))["artifacts"].(obj)[env.StackName].(obj)["environment"]
			manifestB := readJSON(t, filepath.Join(byHand, "manifest.json"))["artifacts"].(obj)[env.StackName].(obj)["environment"]
			if manifestA != manifestB {
				t.Fatalf("stack environment %v from the workflow, %v by hand", manifestA, manifestB)
			}
		})
	}
}

// makeCommand is make in the repository as a person would run it: under
// `make test` the tests run inside make, so the outer make's flags and level
// are left out.
func makeCommand(args ...string) *exec.Cmd {
	cmd := exec.Command("make", append([]string{"--no-print-directory"}, args...)...)
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); name != "MAKEFLAGS" && name != "MAKELEVEL" && name != "MFLAGS" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	return cmd
}

// makeOutput runs make in the repository with extra environment variables
// and returns its standard output.
func makeOutput(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	cmd := makeCommand(args...)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("make %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// shellWords splits a one-line shell command the way bash would for the
// forms the workflows use: words, 'single' and "double" quotes, and $NAME or
// ${NAME} expanded from env (unquoted or in double quotes).
func shellWords(line string, env map[string]string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	quote := byte(0)
	expand := func(i int) (int, error) {
		rest := line[i+1:]
		name := ""
		switch {
		case strings.HasPrefix(rest, "{"):
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return 0, fmt.Errorf("unclosed ${")
			}
			name = rest[1:end]
			i += end + 1
		default:
			n := 0
			for n < len(rest) && (rest[n] == '_' || rest[n] >= 'A' && rest[n] <= 'Z' || rest[n] >= 'a' && rest[n] <= 'z' || n > 0 && rest[n] >= '0' && rest[n] <= '9') {
				n++
			}
			name = rest[:n]
			i += n
		}
		value, ok := env[name]
		if !ok {
			return 0, fmt.Errorf("$%s is not set by the workflow", name)
		}
		word.WriteString(value)
		return i, nil
	}
	for i := 0; i < len(strings.TrimSpace(line)); i++ {
		c := line[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				word.WriteByte(c)
			}
		case c == '\'' || c == '"':
			if quote == c {
				quote = 0
			} else if quote == 0 {
				quote = c
			} else {
				word.WriteByte(c)
			}
			inWord = true
		case c == '\\' && i+1 < len(line):
			i++
			word.WriteByte(line[i])
			inWord = true
		case c == '$':
			next, err := expand(i)
			if err != nil {
				return nil, err
			}
			i = next
			inWord = true
		case quote == 0 && (c == ' ' || c == '\t'):
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case quote == 0 && strings.ContainsRune(";&|<>`\n", rune(c)):
			return nil, fmt.Errorf("%q is more than one simple command", line)
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote in %q", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

func TestShellWords(t *testing.T) {
	got, err := shellWords(`make deploy ENV="$E" CDK_ARGS="--require-approval never" X='a "b"' Y=${E}z`, map[string]string{"E": "prod"})
	want := []string{"make", "deploy", "ENV=prod", "CDK_ARGS=--require-approval never", `X=a "b"`, "Y=prodz"}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) || len(got) != len(want) {
		t.Fatalf("shellWords = %q, %v; want %q", got, err, want)
	}
	for _, bad := range []string{`make deploy; rm -rf /`, `make deploy ENV="x`, `make deploy ENV=$UNSET`} {
		if _, err := shellWords(bad, nil); err == nil {
			t.Errorf("shellWords(%q) accepted it", bad)
		}
	}
}

var (
	pinnedAction = regexp.MustCompile(`^\s*(?:- )?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40})\s+#\s*v\d+(\.\d+)*\b`)
	anyUses      = regexp.MustCompile(`^\s*(?:- )?uses:\s*(\S+)`)
)

// Every action runs at a commit, not a tag that can be moved under it, with
// its version beside it for people and update tools; every checkout leaves
// no token in .git/config; every job says which permissions it needs.
func TestWorkflowsPinActionsAndScopePermissions(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(".github", "workflows"))
	if err != nil {
		t.Fatal(err)
	}
	for _, entry := range entries {
		raw := readFile(t, filepath.Join(".github", "workflows", entry.Name()))
		for n, line := range strings.Split(string(raw), "\n") {
			// A workflow of this repository (./.github/workflows/...) is read at
			// the run's own commit: nothing to pin.
			if uses := anyUses.FindStringSubmatch(line); uses != nil && !strings.HasPrefix(uses[1], "./") && !pinnedAction.MatchString(line) {
				t.Errorf("%s:%d: %s is not pinned as owner/repo@<40-hex commit> # vX.Y.Z", entry.Name(), n+1, uses[1])
			}
		}
		var wf struct {
			Jobs map[string]struct {
				Permissions any `yaml:"permissions"`
				Steps       []struct {
					Uses string         `yaml:"uses"`
					With map[string]any `yaml:"with"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(raw, &wf); err != nil {
			t.Fatalf("%s: %v", entry.Name(), err)
		}
		for name, job := range wf.Jobs {
			if job.Permissions == nil {
				t.Errorf("%s, job %s: no permissions of its own", entry.Name(), name)
			}
			for _, step := range job.Steps {
				if strings.HasPrefix(step.Uses, "actions/checkout@") && step.With["persist-credentials"] != false {
					t.Errorf("%s, job %s: actions/checkout without persist-credentials: false leaves the token in .git/config", entry.Name(), name)
				}
			}
		}
	}
}

// The release summary names where clients call the service: the front
// door's address when the environment has one (its edge stack's outputs
// beside the service's), else the Function URL.
func TestReleaseSummaryNamesTheAddress(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed (GitHub's runners have it): the summary needs it")
	}
	dir := t.TempDir()
	// An aws that finds no deployment, as with a group never deployed.
	if err := os.WriteFile(filepath.Join(dir, "aws"), []byte("#!/bin/sh\necho None\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ outputs, want string }{
		"front door": {`{"Api-Edge": {"PublishOutputRefX": "arn:aws:lambda:us-east-1:111111111111:function:x:1"},
			"Api": {"FunctionUrl": "https://abc.lambda-url.eu-west-1.on.aws/", "FrontDoorUrl": "https://api.example.com",
			"CodeDeployApplicationName": "app", "DeploymentGroupName": "group"}}`, "| Front door | https://api.example.com |"},
		"function url": {`{"Api": {"FunctionUrl": "https://abc.lambda-url.eu-west-1.on.aws/", "CodeDeployApplicationName": "app",
			"DeploymentGroupName": "group"}}`, "| Function URL | https://abc.lambda-url.eu-west-1.on.aws/ |"},
	} {
		t.Run(name, func(t *testing.T) {
			outputs := filepath.Join(t.TempDir(), "outputs.json")
			if err := os.WriteFile(outputs, []byte(c.outputs), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", ".github/release-summary.sh", "prod", outputs)
			cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if !strings.Contains(string(out), c.want) || !strings.Contains(string(out), "| Stack | `Api` |") {
				t.Errorf("summary lacks %q or the stack Api:\n%s", c.want, out)
			}
		})
	}
}
