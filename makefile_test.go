package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// makeFails runs make in the repository as a person would and returns its
// output, failing the test if make succeeds.
func makeFails(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := makeCommand(args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err == nil {
		t.Fatalf("make %s succeeded, want a refusal:\n%s%s", strings.Join(args, " "), out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

// makeRefusal is a make command the Makefile or the app refuses with one
// line naming the variable or setting as typed.
type makeRefusal struct {
	name string
	args []string
	want string // the first line of stderr
}

// makeRefusals are every refusal of a make variable the tests run;
// docs/settings.md's table of them is generated from this list.
func makeRefusals() []makeRefusal {
	return []makeRefusal{
		// A '$' reaches the app as typed, where it is refused by the setting's
		// name, instead of make expanding it away ('Api$1' would deploy Api).
		{"DollarInStack", []string{"synth", "STACK=Api$1"},
			`error: -c: stackName must be 1 to 128 letters, digits or '-', starting with a letter, got "Api$1"`},
		{"DollarInEnv", []string{"synth", "ENV=prod$x"},
			`error: environment: unknown environment "prod$x" (environments has "default")`},
		// A CDK_ARGS the shell cannot split is refused by every target that
		// passes it on, naming CDK_ARGS.
		{"UnbalancedQuoteInCdkArgs", []string{"synth", `CDK_ARGS=--profile "prod`},
			`error: CDK_ARGS must split into shell words (an unbalanced quote?), got --profile "prod`},
		{"UnbalancedQuoteInCdkArgsOfDiff", []string{"diff", `CDK_ARGS=--profile "prod`},
			`error: CDK_ARGS must split into shell words (an unbalanced quote?), got --profile "prod`},
		{"UnbalancedQuoteInCdkArgsOfBootstrap", []string{"bootstrap", `CDK_ARGS=--profile "prod`},
			`error: CDK_ARGS must split into shell words (an unbalanced quote?), got --profile "prod`},
		// The deploy workflow hands make the digest it built; a tag could
		// move between the approval and the deploy.
		{"TagAsImageDigest", []string{"deploy", "IMAGE_DIGEST=v1"},
			`error: IMAGE_DIGEST must be an image digest, sha256: and 64 lower-case hex digits, got v1`},
		{"ShortImageDigest", []string{"synth", "IMAGE_DIGEST=sha256:abc"},
			`error: IMAGE_DIGEST must be an image digest, sha256: and 64 lower-case hex digits, got sha256:abc`},
	}
}

func TestMakeRefusesBadVariables(t *testing.T) {
	for _, c := range makeRefusals() {
		t.Run(c.name, func(t *testing.T) {
			_, stderr := makeFails(t, append(c.args, "CDK_OUT="+t.TempDir())...)
			if first, _, _ := strings.Cut(stderr, "\n"); first != c.want {
				t.Fatalf("make %s printed\n%s\nwant first the line %s", strings.Join(c.args, " "), stderr, c.want)
			}
			if strings.Count(stderr, "error: ") != 1 {
				t.Fatalf("make %s printed more than one error line:\n%s", strings.Join(c.args, " "), stderr)
			}
		})
	}
}

// make synth clears the previous run's templates before the CLI runs, so a
// failure of the CLI itself (a cdk.json it cannot parse, a crash) leaves no
// template behind for a hand-run `cdk deploy --app cdk.out` to ship.
func TestFailedCliLeavesNoTemplate(t *testing.T) {
	out := t.TempDir()
	stale := []string{"manifest.json", "FastApiLambda.template.json", "FastApiLambda.assets.json"}
	for _, name := range stale {
		if err := os.WriteFile(filepath.Join(out, name), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	makeFails(t, "synth", "CDK_OUT="+out, "CDK_CLI=false")
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("a failed synth left the previous run's %s", name)
		}
	}
}

// make deploy IMAGE_DIGEST= deploys that digest of the environment's
// repository: it reaches the app as the imageTagOrDigest override, and the
// function's image is the repository's at that digest.
func TestImageDigestReachesTheTemplate(t *testing.T) {
	out := t.TempDir()
	digest := "sha256:" + strings.Repeat("ab", 32)
	makeOutput(t, nil, "synth", "CDK_OUT="+out, "IMAGE_DIGEST="+digest, "CDK_ARGS=-c imageRepository=api")
	raw, err := os.ReadFile(filepath.Join(out, "FastApiLambda.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "/api@"+digest) {
		t.Errorf("the template's image is not api@%s", digest)
	}
}
