package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// promotionConfig is a cdk.json whose environments are envs.
func promotionConfig(t *testing.T, envs obj) {
	t.Helper()
	raw, err := json.Marshal(obj{"app": "go run .", "context": obj{"environments": envs}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cdk.json"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

// promotedEnv is an environment CI deploys with the promoted image.
func promotedEnv(account, region, stack string, more obj) obj {
	env := obj{"account": account, "region": region, "stackName": stack, "githubRepository": "acme/api", "imageRepository": "api"}
	for k, v := range more {
		env[k] = v
	}
	return env
}

const firstProvider = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"

const secondProvider = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"

// wavesOf runs `environments -waves` and returns its lines by name, and
// each wave's environments in order.
func wavesOf(t *testing.T, branch string) (map[string]string, [][]string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := listEnvironments([]string{"-branch", branch, "-waves"}, &stdout, &stderr); code != 0 {
		t.Fatalf("environments -waves: exit %d\n%s", code, stderr.String())
	}
	lines := map[string]string{}
	var order []string
	for _, line := range strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n") {
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("line %q is not NAME=VALUE", line)
		}
		lines[name] = value
		order = append(order, name)
	}
	if want := "build wave1 wave2 wave3 wave4"; strings.Join(order, " ") != want {
		t.Fatalf("outputs %v, want %s", order, want)
	}
	var waves [][]string
	for _, name := range order[1:] {
		var targets []waveTarget
		if err := json.Unmarshal([]byte(lines[name]), &targets); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var names []string
		for _, target := range targets {
			names = append(names, target.Environment+"<"+target.PromotedFrom)
		}
		waves = append(waves, names)
	}
	return lines, waves
}

// Staging deploys first; production, gated by its GitHub environment,
// and a second production region follow it: two waves, and the image is
// built once, for staging's repository, on an arm64 runner.
func TestEnvironmentsWaves(t *testing.T) {
	for _, c := range []struct {
		name string
		envs obj
		want string // wave by wave, "env<followed"
		root string // the environment whose repository the build pushes to
	}{
		{"staging gates two production regions", obj{
			"staging":    promotedEnv("111111111111", "eu-west-1", "ApiStaging", nil),
			"production": promotedEnv("222222222222", "eu-west-1", "Api", obj{"githubEnvironment": "production", "promoteAfter": "staging"}),
			"productionUs": promotedEnv("222222222222", "us-east-1", "Api", obj{"githubEnvironment": "production", "promoteAfter": "staging",
				"githubOidcProviderArn": secondProvider}),
		}, "[staging<] [production<staging productionUs<staging] [] []", "staging"},
		{"a linear chain", obj{
			"dev":     promotedEnv("111111111111", "eu-west-1", "ApiDev", nil),
			"staging": promotedEnv("111111111111", "eu-west-1", "ApiStaging", obj{"promoteAfter": "dev", "githubOidcProviderArn": firstProvider}),
			"prod": promotedEnv("111111111111", "eu-west-1", "Api", obj{"promoteAfter": "staging", "githubEnvironment": "production",
				"githubOidcProviderArn": firstProvider}),
		}, "[dev<] [staging<dev] [prod<staging] []", "dev"},
		{"a chain across accounts, beside an environment promoted from none", obj{
			"staging": promotedEnv("111111111111", "eu-west-1", "ApiStaging", nil),
			"prod":    promotedEnv("222222222222", "eu-west-1", "Api", obj{"promoteAfter": "staging", "githubEnvironment": "production"}),
			"sandbox": obj{"account": "333333333333", "region": "eu-west-1", "stackName": "Sandbox", "githubRepository": "acme/api"},
			"local":   obj{"stackName": "Local"},
		}, "[sandbox< staging<] [prod<staging] [] []", "staging"},
	} {
		t.Run(c.name, func(t *testing.T) {
			promotionConfig(t, c.envs)
			lines, waves := wavesOf(t, "main")
			got := ""
			for i, wave := range waves {
				if i > 0 {
					got += " "
				}
				got += "[" + strings.Join(wave, " ") + "]"
			}
			if got != c.want {
				t.Errorf("waves %s, want %s", got, c.want)
			}
			var build buildTarget
			if err := json.Unmarshal([]byte(lines["build"]), &build); err != nil {
				t.Fatalf("build=%s: %v", lines["build"], err)
			}
			want := buildTarget{c.root, strings.ToUpper(c.root), "eu-west-1", "api", "ubuntu-24.04-arm", "linux/arm64"}
			if build != want {
				t.Errorf("build %+v, want %+v", build, want)
			}
		})
	}
}

// Each wave target says whether it deploys the build's digest: an
// environment outside every promotion builds its image at deploy, as before.
func TestWaveTargetsSayWhatTheyDeploy(t *testing.T) {
	promotionConfig(t, obj{
		"staging": promotedEnv("111111111111", "eu-west-1", "ApiStaging", nil),
		"prod":    promotedEnv("222222222222", "eu-west-1", "Api", obj{"promoteAfter": "staging", "githubEnvironment": "production"}),
		"sandbox": obj{"account": "333333333333", "region": "eu-west-1", "stackName": "Sandbox", "githubRepository": "acme/api"},
	})
	lines, _ := wavesOf(t, "main")
	want := map[string]string{
		"wave1": `[{"environment":"sandbox","variable":"SANDBOX","region":"eu-west-1","githubEnvironment":"","runner":"ubuntu-24.04-arm","repository":"","promoted":false,"promotedFrom":"","promotesTo":""},` +
			`{"environment":"staging","variable":"STAGING","region":"eu-west-1","githubEnvironment":"","runner":"ubuntu-24.04-arm","repository":"api","promoted":true,"promotedFrom":"","promotesTo":"prod"}]`,
		"wave2": `[{"environment":"prod","variable":"PROD","region":"eu-west-1","githubEnvironment":"production","runner":"ubuntu-24.04-arm","repository":"api","promoted":true,"promotedFrom":"staging","promotesTo":""}]`,
		"wave3": `[]`,
	}
	for name, value := range want {
		if lines[name] != value {
			t.Errorf("%s=%s\nwant %s", name, lines[name], value)
		}
	}
}

// Nothing is promoted: no build, and wave 1 holds what the branch deploys.
// On another branch, production (a GitHub environment) would deploy
// without staging: it is left out with it.
func TestWavesWithoutPromotion(t *testing.T) {
	promotionConfig(t, obj{
		"staging": promotedEnv("111111111111", "eu-west-1", "ApiStaging", nil),
		"prod":    promotedEnv("222222222222", "eu-west-1", "Api", obj{"promoteAfter": "staging", "githubEnvironment": "production"}),
		"solo":    obj{"account": "333333333333", "region": "eu-west-1", "stackName": "Solo", "githubRepository": "acme/api", "githubEnvironment": "solo"},
	})
	lines, waves := wavesOf(t, "release")
	if lines["build"] != "" {
		t.Errorf("build=%s on a branch that deploys no promotion, want empty", lines["build"])
	}
	if got := strings.Join(waves[0], " "); got != "solo<" || len(waves[1]) != 0 {
		t.Errorf("waves %v on branch release, want [solo] alone: prod follows staging, which deploys from main", waves)
	}
}

// The environment that starts the promotion gets CI's build role, which
// pushes to its repository, and says so in an output; the one that follows
// deploys the digest and pushes nothing: neither deploy policy pushes
// images or publishes them through the bootstrap stack.
func TestPromotedStacksBuildOnceAndPushNothingElse(t *testing.T) {
	promotionConfig(t, obj{
		"staging":    promotedEnv("111111111111", "eu-west-1", "ApiStaging", nil),
		"production": promotedEnv("222222222222", "eu-west-1", "Api", obj{"githubEnvironment": "production", "promoteAfter": "staging"}),
	})
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	config := readJSON(t, filepath.Join(dir, "cdk.json"))["context"].(obj)
	digest := "sha256:" + strings.Repeat("c", 64)
	for _, c := range []struct {
		env, stack string
		buildRole  bool
	}{{"staging", "ApiStaging", true}, {"production", "Api", false}} {
		r := runAppIn(t, dir, with(config, obj{"environment": c.env, "imageTagOrDigest": digest}))
		if r.code != 0 {
			t.Fatalf("%s: exit %d\n%s", c.env, r.code, r.stderr)
		}
		template := r.readTemplate(t, c.stack)
		_, hasOutput := template["Outputs"].(obj)["GitHubBuildRoleArn"]
		text := cdktest.MustJSON(template)
		if hasOutput != c.buildRole || strings.Contains(text, "GitHubBuildRole") != c.buildRole {
			t.Errorf("%s: build role and output %v, want %v", c.env, hasOutput, c.buildRole)
		}
		if strings.Contains(text, "PushAndPullImages") || strings.Contains(text, "image-publishing") {
			t.Errorf("%s: a deploy identity of a promoted environment may push or publish images", c.env)
		}
		if !strings.Contains(text, "/api@"+digest) {
			t.Errorf("%s: the function's image is not api@%s", c.env, digest)
		}
	}
}
