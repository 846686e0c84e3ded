package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
)

// jobSpec is what the promotion tests read of a workflow's job.
type jobSpec struct {
	Needs   stringList        `yaml:"needs"`
	If      string            `yaml:"if"`
	RunsOn  string            `yaml:"runs-on"`
	Uses    string            `yaml:"uses"`
	With    map[string]string `yaml:"with"`
	Outputs map[string]string `yaml:"outputs"`
	Steps   []struct {
		Uses string            `yaml:"uses"`
		Run  string            `yaml:"run"`
		If   string            `yaml:"if"`
		Env  map[string]string `yaml:"env"`
	} `yaml:"steps"`
}

// stringList is a YAML list of strings, or one string.
type stringList []string

func (l *stringList) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind == yaml.ScalarNode {
		*l = []string{node.Value}
		return nil
	}
	var list []string
	err := node.Decode(&list)
	*l = list
	return err
}

func readJobs(t *testing.T, name string) map[string]jobSpec {
	t.Helper()
	var wf struct {
		Jobs map[string]jobSpec `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(readFile(t, filepath.Join(".github", "workflows", name)), &wf); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return wf.Jobs
}

// The deploy workflow builds once and promotes in waves: one build job on
// the build target's runner, which pushes and hands on the digest; a wave
// job for each of the app's waves, each needing the build and the wave
// before and deploying only when that wave succeeded; every wave deploys
// the build's digest through deploy-wave.yml, whose deploy step passes it
// to make and builds nothing itself. No job emulates another architecture.
func TestDeployWorkflowBuildsOnceAndPromotesInWaves(t *testing.T) {
	jobs := readJobs(t, "deploy.yml")
	build, ok := jobs["build"]
	if !ok {
		t.Fatal("deploy.yml has no build job")
	}
	if !slices.Contains(build.Needs, "environments") || build.If != "needs.environments.outputs.build != ''" {
		t.Errorf("the build job needs %v, if %q: want it to follow the environments job, only when something is promoted", build.Needs, build.If)
	}
	if build.RunsOn != "${{ fromJSON(needs.environments.outputs.build).runner }}" {
		t.Errorf("the build job runs on %q, want the build target's runner (the function's architecture)", build.RunsOn)
	}
	if build.Outputs["digest"] != "${{ steps.push.outputs.digest }}" {
		t.Errorf("the build job's digest output is %q", build.Outputs["digest"])
	}
	pushes := 0
	for _, step := range build.Steps {
		if strings.Contains(step.Run, ".github/build-image.sh") {
			pushes++
		}
	}
	if pushes != 1 {
		t.Errorf("the build job runs build-image.sh %d times, want once", pushes)
	}

	for wave := 1; wave <= settings.MaxWaves; wave++ {
		name := fmt.Sprintf("wave%d", wave)
		job, ok := jobs[name]
		if !ok {
			t.Errorf("deploy.yml has no job %s: the app prints %d waves", name, settings.MaxWaves)
			continue
		}
		want := []string{"environments", "build"}
		condition := "needs.build.result == 'success' || needs.build.result == 'skipped'"
		if wave > 1 {
			before := fmt.Sprintf("wave%d", wave-1)
			want = append(want, before)
			condition = fmt.Sprintf("needs.%s.result == 'success'", before)
		}
		for _, need := range want {
			if !slices.Contains(job.Needs, need) {
				t.Errorf("%s needs %v, want %s among them", name, job.Needs, need)
			}
		}
		if !strings.Contains(job.If, condition) || !strings.Contains(job.If, fmt.Sprintf("needs.environments.outputs.%s != '[]'", name)) {
			t.Errorf("%s runs if %q, want %s and a wave that is not empty", name, job.If, condition)
		}
		if job.Uses != "./.github/workflows/deploy-wave.yml" {
			t.Errorf("%s uses %q, want deploy-wave.yml", name, job.Uses)
		}
		if job.With["environments"] != fmt.Sprintf("${{ needs.environments.outputs.%s }}", name) || job.With["digest"] != "${{ needs.build.outputs.digest }}" {
			t.Errorf("%s is given %v, want its wave and the build's digest", name, job.With)
		}
	}
	if _, extra := jobs[fmt.Sprintf("wave%d", settings.MaxWaves+1)]; extra {
		t.Errorf("deploy.yml has more wave jobs than settings.MaxWaves (%d)", settings.MaxWaves)
	}

	wave := readJobs(t, "deploy-wave.yml")["deploy"]
	if wave.RunsOn != "${{ matrix.runner }}" {
		t.Errorf("deploy-wave.yml's job runs on %q, want the environment's runner", wave.RunsOn)
	}
	deploys := 0
	for _, step := range wave.Steps {
		if strings.Contains(step.Run, "docker ") || strings.Contains(step.Run, "build-image.sh") {
			t.Errorf("deploy-wave.yml builds an image (%q): a promoted environment deploys the build's digest", step.Run)
		}
		if strings.Contains(step.Run, "make deploy") {
			deploys++
			if !strings.Contains(step.Run, `IMAGE_DIGEST="$IMAGE_DIGEST"`) || step.Env["IMAGE_DIGEST"] != "${{ matrix.promoted && inputs.digest || '' }}" {
				t.Errorf("the deploy step %q (env %v) does not pass a promoted environment the build's digest", step.Run, step.Env)
			}
		}
	}
	if deploys != 1 {
		t.Errorf("deploy-wave.yml has %d make deploy steps, want 1", deploys)
	}

	entries, err := os.ReadDir(filepath.Join(".github", "workflows"))
	if err != nil {
		t.Fatal(err)
	}
	for _, entry := range entries {
		if text := string(readFile(t, filepath.Join(".github", "workflows", entry.Name()))); strings.Contains(text, "setup-qemu") || strings.Contains(text, "binfmt") {
			t.Errorf("%s emulates an architecture: build on a runner of the function's own", entry.Name())
		}
	}
}

var rehearsalDigest = regexp.MustCompile(`sha256:[0-9a-f]{64}`)

// The rehearsal runs the workflow's logic offline against stubs and prints
// the order of the deploys: staging in wave 1, both production regions in
// wave 2 after it, each deploying the one digest the build pushed.
func TestRehearsalPrintsTheOrder(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed (GitHub's runners have it; .ci/run installs it): the rehearsal needs it")
	}
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	promotionConfig(t, obj{
		"staging":    promotedEnv("111111111111", "eu-west-1", "ApiStaging", nil),
		"production": promotedEnv("222222222222", "eu-west-1", "Api", obj{"githubEnvironment": "production", "promoteAfter": "staging"}),
		"productionUs": promotedEnv("222222222222", "us-east-1", "Api", obj{"githubEnvironment": "production", "promoteAfter": "staging",
			"githubOidcProviderArn": secondProvider}),
	})
	// The app is this test binary, run as the app.
	app := filepath.Join(t.TempDir(), "app")
	script := fmt.Sprintf("#!/bin/sh\nexport %s=1\nexec %q \"$@\"\n", asApp, os.Args[0])
	if err := os.WriteFile(app, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(repo, ".github", "rehearse.sh"), "main")
	cmd.Env = append(os.Environ(), "APP="+app, "GITHUB_SHA=0123abc")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("rehearse.sh: %v\n%s", err, out)
	}
	var order []string
	digests := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "wave ") || (strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "    ")) {
			order = append(order, strings.TrimSpace(strings.SplitN(line, ":", 2)[0]))
		}
		for _, d := range rehearsalDigest.FindAllString(line, -1) {
			digests[d] = true
		}
	}
	want := "wave 1, staging, wave 2 (after wave 1 succeeded), production, productionUs"
	if strings.Join(order, ", ") != want {
		t.Errorf("deploy order %q, want %q:\n%s", strings.Join(order, ", "), want, out)
	}
	if len(digests) != 1 {
		t.Errorf("the rehearsal shows %d digests, want the build's one everywhere:\n%s", len(digests), out)
	}
	for _, env := range []string{"staging", "production", "productionUs"} {
		if !strings.Contains(string(out), fmt.Sprintf("-c environment='%s' -c imageTagOrDigest='sha256:", env)) {
			t.Errorf("the deploy of %s is not make deploy with the digest:\n%s", env, out)
		}
	}
}
