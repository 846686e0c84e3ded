package stacks_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

var (
	imageDir          string
	public, private   *stacks.ServiceStack
	publicT, privateT assertions.Template
)

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		imageDir = filepath.Join(cdktest.RepoRoot(), "lambda-app")
		app := cdktest.NewApp()
		public = stacks.NewServiceStack(app, "FastApiLambda", &stacks.ServiceStackProps{ImageDirectory: jsii.String(imageDir)})
		private = stacks.NewServiceStack(app, "Private", &stacks.ServiceStackProps{
			ImageDirectory: jsii.String(imageDir),
			UrlAuthType:    awslambda.FunctionUrlAuthType_AWS_IAM,
		})
		publicT = assertions.Template_FromStack(public.Stack, nil)
		privateT = assertions.Template_FromStack(private.Stack, nil)
		return m.Run()
	}()
	os.Exit(code)
}

type obj = map[string]interface{}

func has(t *testing.T, tpl assertions.Template, resourceType string, props obj) {
	t.Helper()
	cdktest.Check(t, func() { tpl.HasResourceProperties(jsii.String(resourceType), assertions.Match_ObjectLike(&props)) })
}

// Replacing these resources changes the public URL, breaks a running
// deployment or orphans the release history, so their logical IDs are part of
// the stack's contract: a rename here needs a migration note, not a new ID.
func TestLogicalIDsAreStable(t *testing.T) {
	cases := map[string]string{
		"AWS::Lambda::Function":            "ServiceFunction243F2A49",
		"AWS::Lambda::Alias":               "ServiceAlias9BBF7D51",
		"AWS::Lambda::Url":                 "ServiceUrl3084B86A",
		"AWS::CodeDeploy::Application":     "ServiceApplication92776FC3",
		"AWS::CodeDeploy::DeploymentGroup": "ServiceDeploymentGroupE338BE38",
		"AWS::Logs::LogGroup":              "ServiceLogGroupB910EE76",
	}
	tpl := *publicT.ToJSON()
	resources := tpl["Resources"].(map[string]interface{})
	for resourceType, id := range cases {
		t.Run(resourceType, func(t *testing.T) {
			r, ok := resources[id].(map[string]interface{})
			if !ok {
				t.Fatalf("no resource %s: its logical ID changed", id)
			}
			if r["Type"] != resourceType {
				t.Fatalf("%s is a %v, want %s", id, r["Type"], resourceType)
			}
		})
	}
}

func TestPublicWebsiteDefaults(t *testing.T) {
	has(t, publicT, "AWS::Lambda::Url", obj{"AuthType": "NONE", "Qualifier": "live"})
	has(t, publicT, "AWS::Lambda::Function", obj{"ReservedConcurrentExecutions": stacks.DefaultReservedConcurrency})
	has(t, publicT, "AWS::Lambda::Permission", obj{
		"Action": "lambda:InvokeFunctionUrl", "Principal": "*", "FunctionUrlAuthType": "NONE",
		"FunctionName": obj{"Ref": "ServiceAlias9BBF7D51"},
	})
}

func TestPrivateSwitch(t *testing.T) {
	has(t, privateT, "AWS::Lambda::Url", obj{"AuthType": "AWS_IAM", "Qualifier": "live"})
	cdktest.Check(t, func() { privateT.ResourceCountIs(jsii.String("AWS::Lambda::Permission"), jsii.Number(0)) })
}

func TestOutputs(t *testing.T) {
	cases := map[string]interface{}{
		"FunctionUrl":               obj{"Fn::GetAtt": []interface{}{"ServiceUrl3084B86A", "FunctionUrl"}},
		"CodeDeployApplicationName": obj{"Ref": "ServiceApplication92776FC3"},
		"DeploymentGroupName":       obj{"Ref": "ServiceDeploymentGroupE338BE38"},
	}
	for name, value := range cases {
		t.Run(name, func(t *testing.T) {
			cdktest.Check(t, func() {
				publicT.HasOutput(jsii.String(name), assertions.Match_ObjectLike(&obj{"Value": value}))
			})
		})
	}
}

// With no account or region in its props the stack is environment-agnostic:
// it synthesizes without credentials and deploys to any account.
func TestEnvironmentAgnostic(t *testing.T) {
	if !*awscdk.Token_IsUnresolved(public.Account()) || !*awscdk.Token_IsUnresolved(public.Region()) {
		t.Fatalf("account %s / region %s are concrete; want the deploy-time pseudo parameters", *public.Account(), *public.Region())
	}
}

func TestStackPropsErrors(t *testing.T) {
	app := cdktest.NewApp()
	cdktest.MustPanic(t, "stacks: ImageDirectory is required", func() {
		stacks.NewServiceStack(app, "NoImage", &stacks.ServiceStackProps{})
	})
	cdktest.MustPanic(t, `stacks: UrlAuthType must be NONE or AWS_IAM, got "PUBLIC"`, func() {
		stacks.NewServiceStack(app, "BadAuth", &stacks.ServiceStackProps{
			ImageDirectory: jsii.String(imageDir),
			UrlAuthType:    "PUBLIC",
		})
	})
	if n := len(*app.Node().Children()); n != 0 {
		t.Fatalf("rejected stacks left %d constructs in the app", n)
	}
}
