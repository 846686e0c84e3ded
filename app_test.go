package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

type stacksProps = stacks.ServiceStackProps

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// contextOf reads the context of an App built with ctx, as main does.
func contextOf(ctx map[string]interface{}) appContext {
	return readContext(awscdk.NewApp(&awscdk.AppProps{Context: &ctx}))
}

func TestEnvironment(t *testing.T) {
	cases := []struct {
		name                string
		ctx                 map[string]interface{}
		envAccount, envRegn string
		want                *awscdk.Environment
	}{
		{name: "NeitherIsAgnostic"},
		{name: "OnlyAccountIsAgnostic", envAccount: "111111111111"},
		{name: "FromCli", envAccount: "111111111111", envRegn: "eu-west-1",
			want: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}},
		{name: "ContextWins", ctx: map[string]interface{}{"account": "222222222222", "region": "us-east-1"},
			envAccount: "111111111111", envRegn: "eu-west-1",
			want: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("us-east-1")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CDK_DEFAULT_ACCOUNT", tc.envAccount)
			t.Setenv("CDK_DEFAULT_REGION", tc.envRegn)
			got := environment(contextOf(tc.ctx))
			switch {
			case tc.want == nil && got != nil:
				t.Fatalf("environment = %s/%s, want environment-agnostic", *got.Account, *got.Region)
			case tc.want != nil && (got == nil || *got.Account != *tc.want.Account || *got.Region != *tc.want.Region):
				t.Fatalf("environment = %+v, want %s/%s", got, *tc.want.Account, *tc.want.Region)
			}
		})
	}
}

func TestContextValues(t *testing.T) {
	ctx := contextOf(map[string]interface{}{
		"urlAuthType": true, "deployAccessKeySerial": 2, "deployAccessKey": "yes", "githubRepository": "acme/api",
		"printSummary": "true",
	})
	cdktest.MustPanic(t, "context urlAuthType must be a non-empty string, got true", func() {
		ctx.string(contextUrlAuth, "NONE")
	})
	cdktest.MustPanic(t, "context deployAccessKey must be true or false, got yes", func() {
		ctx.bool(contextAccessKey)
	})
	if !ctx.bool(contextPrintSummary) {
		t.Fatal(`context printSummary "true" reads as false`)
	}
	if got := ctx.string(contextAccessKeySerial, ""); got != "2" {
		t.Fatalf("a number in cdk.json reads as %q, want \"2\"", got)
	}
	if got := ctx.string(contextStackName, "FastApiLambda"); got != "FastApiLambda" {
		t.Fatalf("string fallback = %q, want FastApiLambda", got)
	}
	if got := ctx.optional(contextGitHubRepository); got == nil || *got != "acme/api" {
		t.Fatalf("optional(githubRepository) = %v, want acme/api", got)
	}
	if got := ctx.optional(contextGitHubBranch); got != nil {
		t.Fatalf("optional of an unset key = %q, want nil", *got)
	}
}

func TestStackPropsFromContext(t *testing.T) {
	cases := []struct {
		name  string
		ctx   map[string]interface{}
		check func(t *testing.T, p *stacksProps)
	}{
		{"Defaults", nil, func(t *testing.T, p *stacksProps) {
			if p.ImageDirectory == nil || !filepath.IsAbs(*p.ImageDirectory) || filepath.Base(*p.ImageDirectory) != "lambda-app" {
				t.Fatalf("ImageDirectory = %v, want the absolute path of lambda-app", p.ImageDirectory)
			}
			if p.UrlAuthType != "NONE" || *p.DeployAccessKey || p.GitHubRepository != nil || p.ImageRepositoryName != nil {
				t.Fatalf("unexpected defaults: %+v", p)
			}
		}},
		{"Pipeline", map[string]interface{}{
			"imageRepository": "my_app", "imageTagOrDigest": "v1", "deployAccessKey": "true", "deployAccessKeySerial": "3",
			"urlAuthType": "AWS_IAM", "@aws-cdk/core:bootstrapQualifier": "myqual",
		}, func(t *testing.T, p *stacksProps) {
			if p.ImageDirectory != nil || *p.ImageRepositoryName != "my_app" || *p.ImageTagOrDigest != "v1" {
				t.Fatalf("image props = %v %v %v, want only the repository my_app:v1", p.ImageDirectory, p.ImageRepositoryName, p.ImageTagOrDigest)
			}
			if !*p.DeployAccessKey || *p.DeployAccessKeySerial != 3 || p.UrlAuthType != "AWS_IAM" || *p.BootstrapQualifier != "myqual" {
				t.Fatalf("unexpected props: %+v", p)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, stackProps(contextOf(tc.ctx)))
		})
	}
	cdktest.MustPanic(t, `context deployAccessKeySerial must be a number, got "two"`, func() {
		stackProps(contextOf(map[string]interface{}{"deployAccessKeySerial": "two"}))
	})
}
