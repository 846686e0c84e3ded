package stacks_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

var (
	imageDir                     string
	public, private, pipeline    stacks.ServiceStack
	publicT, privateT, pipelineT assertions.Template
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
		// A pipeline that pushes its own images and deploys from GitHub Actions.
		pipeline = stacks.NewServiceStack(app, "Pipeline", &stacks.ServiceStackProps{
			ImageRepositoryName: jsii.String("my_app"),
			ImageTagOrDigest:    jsii.String("v1.2.3"),
			Deploy: deployidentity.DeployIdentityOptions{
				AccessKey:                jsii.Bool(true),
				GitHubRepository:         jsii.String("acme/api"),
				CodeCommitRepositoryName: jsii.String("fastapi-app"),
				SshPublicKey:             jsii.String(cdktest.SshRsaPublicKey),
			},
		})
		publicT = assertions.Template_FromStack(public.Stack(), nil)
		privateT = assertions.Template_FromStack(private.Stack(), nil)
		pipelineT = assertions.Template_FromStack(pipeline.Stack(), nil)
		return m.Run()
	}()
	os.Exit(code)
}

type obj = map[string]interface{}

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
		"AWS::IAM::User":                   "DeployUser278E5F09",
		"AWS::IAM::Group":                  "DeployGroupAD9A03B4",
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
	cdktest.Has(t, publicT, "AWS::Lambda::Url", obj{"AuthType": "NONE", "Qualifier": "live"})
	cdktest.Has(t, publicT, "AWS::Lambda::Function", obj{"ReservedConcurrentExecutions": stacks.DefaultReservedConcurrency})
	cdktest.Has(t, publicT, "AWS::Lambda::Permission", obj{
		"Action": "lambda:InvokeFunctionUrl", "Principal": "*", "FunctionUrlAuthType": "NONE",
		"FunctionName": obj{"Ref": "ServiceAlias9BBF7D51"},
	})
}

func TestPrivateSwitch(t *testing.T) {
	cdktest.Has(t, privateT, "AWS::Lambda::Url", obj{"AuthType": "AWS_IAM", "Qualifier": "live"})
	cdktest.Check(t, func() { privateT.ResourceCountIs(jsii.String("AWS::Lambda::Permission"), jsii.Number(0)) })
}

func TestOutputs(t *testing.T) {
	cases := map[string]interface{}{
		"FunctionUrl":               obj{"Fn::GetAtt": []interface{}{"ServiceUrl3084B86A", "FunctionUrl"}},
		"CodeDeployApplicationName": obj{"Ref": "ServiceApplication92776FC3"},
		"DeploymentGroupName":       obj{"Ref": "ServiceDeploymentGroupE338BE38"},
		"DeployUserName":            obj{"Ref": "DeployUser278E5F09"},
	}
	for name, value := range cases {
		t.Run(name, func(t *testing.T) {
			cdktest.Check(t, func() {
				publicT.HasOutput(jsii.String(name), assertions.Match_ObjectLike(&obj{"Value": value}))
			})
		})
	}
}

// Replacing the access key would silently revoke the key CI holds.
func TestAccessKeyLogicalIDIsStable(t *testing.T) {
	resources := (*pipelineT.ToJSON())["Resources"].(map[string]interface{})
	key, ok := resources["DeployAccessKeyE6372819"].(map[string]interface{})
	if !ok || key["Type"] != "AWS::IAM::AccessKey" {
		t.Fatalf("no AWS::IAM::AccessKey DeployAccessKeyE6372819: its logical ID changed")
	}
}

func TestPipelineStack(t *testing.T) {
	capture := assertions.NewCapture(nil)
	cdktest.Has(t, pipelineT, "AWS::Lambda::Function", obj{"Code": obj{"ImageUri": capture}})
	if uri := fmt.Sprint(capture.AsObject()); !strings.Contains(uri, "my_app:v1.2.3") {
		t.Fatalf("ImageUri %s is not my_app:v1.2.3", uri)
	}
	cdktest.Has(t, pipelineT, "AWS::IAM::ManagedPolicy", obj{"PolicyDocument": assertions.Match_ObjectLike(&obj{
		"Statement": assertions.Match_ArrayWith(&[]interface{}{assertions.Match_ObjectLike(&obj{"Sid": "PushAndPullImages"})}),
	})})
	outputs := (*pipelineT.ToJSON())["Outputs"].(map[string]interface{})
	for _, name := range []string{"DeployAccessKeySecretArn", "GitHubDeployRoleArn", "GitHubReviewRoleArn"} {
		if _, ok := outputs[name]; !ok {
			t.Fatalf("no output %s", name)
		}
	}
	for name, output := range outputs {
		if strings.Contains(fmt.Sprint(output), "SecretAccessKey") {
			t.Fatalf("output %s exposes the secret access key", name)
		}
	}
	// Building from a directory grants no ECR push: cdk deploy publishes through the bootstrap roles.
	cdktest.Check(t, func() {
		publicT.HasResourceProperties(jsii.String("AWS::IAM::ManagedPolicy"), assertions.Match_ObjectLike(&obj{
			"PolicyDocument": assertions.Match_ObjectLike(&obj{"Statement": assertions.Match_Not(assertions.Match_ArrayWith(
				&[]interface{}{assertions.Match_ObjectLike(&obj{"Sid": "PushAndPullImages"})}))}),
		}))
	})
}

// Across every stack variant, no IAM statement grants a wildcard action, and
// only ecr:GetAuthorizationToken gets Resource "*".
func TestNoWildcardGrantsAnywhere(t *testing.T) {
	for name, tpl := range map[string]assertions.Template{"public": publicT, "private": privateT, "pipeline": pipelineT} {
		t.Run(name, func(t *testing.T) { cdktest.NoWildcardGrants(t, *tpl.ToJSON()) })
	}
}

// With no account or region in its props the stack is environment-agnostic:
// it synthesizes without credentials and deploys to any account.
func TestEnvironmentAgnostic(t *testing.T) {
	if !*awscdk.Token_IsUnresolved(public.Stack().Account()) || !*awscdk.Token_IsUnresolved(public.Stack().Region()) {
		t.Fatalf("account %s / region %s are concrete; want the deploy-time pseudo parameters", *public.Stack().Account(), *public.Stack().Region())
	}
}

// The stack leaves checking its props to the constructs that take them: one
// check, one message, naming the construct's prop.
func TestStackPropsErrors(t *testing.T) {
	app := cdktest.NewApp()
	cdktest.MustPanic(t, "fastapilambda: exactly one of ImageDirectory and ImageRepository is required, got neither", func() {
		stacks.NewServiceStack(app, "NoImage", &stacks.ServiceStackProps{})
	})
	cdktest.MustPanic(t, `fastapilambda: UrlAuthType must be AWS_IAM or NONE, got "PUBLIC"`, func() {
		stacks.NewServiceStack(app, "BadAuth", &stacks.ServiceStackProps{
			ImageDirectory: jsii.String(imageDir),
			UrlAuthType:    "PUBLIC",
		})
	})
	cdktest.MustPanic(t, `deployidentity: GitHubRepository must be "owner/name", without .git, got "api"`, func() {
		stacks.NewServiceStack(app, "BadRepository", &stacks.ServiceStackProps{
			ImageDirectory: jsii.String(imageDir),
			Deploy:         deployidentity.DeployIdentityOptions{GitHubRepository: jsii.String("api")},
		})
	})
}

// The stack's own decisions: a public website capped at 10 concurrent
// executions, so the construct's warning about an uncapped public URL never
// fires for it.
func TestStackCapsItsPublicUrl(t *testing.T) {
	warnings := assertions.Annotations_FromStack(public.Stack()).FindWarning(jsii.String("*"), assertions.Match_AnyValue())
	if len(*warnings) != 0 {
		t.Fatalf("the public stack has %d synth warnings, want none", len(*warnings))
	}
}
