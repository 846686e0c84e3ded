// Package cdktest holds the helpers the repository's CDK tests share: an App
// with the feature flags of cdk.json, and wrappers that turn a failing
// assertion (a panic across jsii) into a test failure instead of an abort.
package cdktest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// RepoRoot returns the directory holding go.mod, found by walking up from the
// test's working directory (go test runs each package in its own folder).
func RepoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			panic("cdktest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// NewApp returns an App whose context is cdk.json's, so tests synthesize with
// the same feature flags as `cdk synth`.
func NewApp() awscdk.App {
	context := Context()
	return awscdk.NewApp(&awscdk.AppProps{Context: &context})
}

// Context is cdk.json's context: the feature flags and the environments.
func Context() map[string]interface{} {
	raw, err := os.ReadFile(filepath.Join(RepoRoot(), "cdk.json"))
	if err != nil {
		panic(err)
	}
	var cfg struct {
		Context map[string]interface{} `json:"context"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		panic(fmt.Sprintf("cdktest: cdk.json: %v", err))
	}
	return cfg.Context
}

// Check runs assertion and reports its panic, if any, as a fatal test failure.
func Check(t testing.TB, assertion func()) {
	t.Helper()
	if msg, panicked := capture(assertion); panicked {
		t.Fatalf("%s", msg)
	}
}

// MustPanic runs build and fails the test unless it panics with a message
// that contains want.
func MustPanic(t testing.TB, want string, build func()) {
	t.Helper()
	msg, panicked := capture(build)
	switch {
	case !panicked:
		t.Fatalf("expected a panic containing %q, got none", want)
	case !strings.Contains(msg, want):
		t.Fatalf("expected a panic containing %q, got %q", want, msg)
	}
}

func capture(f func()) (msg string, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			msg, panicked = fmt.Sprint(r), true
		}
	}()
	f()
	return "", false
}
