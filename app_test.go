package main

import (
	"os"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

func appWithContext(ctx map[string]interface{}) awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{Context: &ctx})
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
			got := environment(appWithContext(tc.ctx))
			switch {
			case tc.want == nil && got != nil:
				t.Fatalf("environment = %s/%s, want environment-agnostic", *got.Account, *got.Region)
			case tc.want != nil && (got == nil || *got.Account != *tc.want.Account || *got.Region != *tc.want.Region):
				t.Fatalf("environment = %+v, want %s/%s", got, *tc.want.Account, *tc.want.Region)
			}
		})
	}
}

func TestContextStringRejectsNonStrings(t *testing.T) {
	app := appWithContext(map[string]interface{}{"urlAuthType": 7})
	cdktest.MustPanic(t, "context urlAuthType must be a non-empty string, got 7", func() {
		contextString(app, contextUrlAuth, "NONE")
	})
	if got := contextString(app, contextStackName, "FastApiLambda"); got != "FastApiLambda" {
		t.Fatalf("contextString fallback = %q, want FastApiLambda", got)
	}
}
