package settings_test

import (
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
)

func promoted(after string, more obj) obj {
	env := obj{"githubRepository": "acme/api", "imageRepository": "api"}
	if after != "" {
		env["promoteAfter"] = after
	}
	for k, v := range more {
		env[k] = v
	}
	return env
}

// Waves put each environment one wave after the one it follows; a branch
// that does not deploy an environment leaves out those that follow it.
func TestWaves(t *testing.T) {
	envs, err := settings.All(obj{settings.EnvironmentsKey: obj{
		"dev":     promoted("", obj{"stackName": "Dev"}),
		"staging": promoted("dev", obj{"stackName": "Staging", "githubBranch": "main"}),
		"prodEu":  promoted("staging", obj{"stackName": "ProdEu", "githubEnvironment": "production"}),
		"prodUs":  promoted("staging", obj{"stackName": "ProdUs", "githubEnvironment": "production"}),
		"canary":  promoted("prodEu", obj{"stackName": "Canary", "githubEnvironment": "canary"}),
		"local":   obj{"stackName": "Local"},
		"release": promoted("", obj{"stackName": "Release", "githubBranch": "release"}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	for branch, want := range map[string]string{
		"main":    "dev | staging | prodEu prodUs | canary",
		"release": "release",
	} {
		var got []string
		for _, wave := range settings.Waves(envs, branch) {
			var names []string
			for _, env := range wave {
				names = append(names, env.Name)
			}
			got = append(got, strings.Join(names, " "))
		}
		if strings.Join(got, " | ") != want {
			t.Errorf("branch %s: waves %q, want %q", branch, strings.Join(got, " | "), want)
		}
	}
	for _, env := range envs {
		if want := env.Name != "local" && env.Name != "release"; env.DeploysPromotedImages != want {
			t.Errorf("%s: DeploysPromotedImages = %v, want %v", env.Name, !want, want)
		}
	}
}
