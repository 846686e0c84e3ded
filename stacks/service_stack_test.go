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
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

var (
	imageDir                     string
	public, private, pipeline    stacks.ServiceStack
	publicT, privateT, pipelineT assertions.Template
	// operated: alarm email, customer-managed key and service options.
	operated  stacks.ServiceStack
	operatedT assertions.Template
	// fronted: a front door with a domain, in eu-west-1 (its edge in a
	// us-east-1 stack); east: one in us-east-1, with a certificate brought and
	// no web ACL (its edge in the same stack).
	fronted, east                 stacks.ServiceStack
	frontedT, frontedEdgeT, eastT assertions.Template
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
		operated = stacks.NewServiceStack(app, "Operated", &stacks.ServiceStackProps{
			ImageDirectory:     jsii.String(imageDir),
			AlarmEmail:         jsii.String("ops@example.com"),
			CustomerManagedKey: jsii.Bool(true),
			Service: fastapilambda.ServiceProps{
				UrlAuthType:                  awslambda.FunctionUrlAuthType_AWS_IAM,
				ReservedConcurrentExecutions: jsii.Number(25),
				ProvisionedConcurrency:       jsii.Number(3),
				Dashboard:                    jsii.Bool(false),
			},
			Deploy: deployidentity.DeployIdentityOptions{
				AccessKey: jsii.Bool(true), AccessKeyReaders: jsii.Strings("arn:aws:iam::111111111111:role/ci"),
			},
		})
		fronted = stacks.NewServiceStack(app, "Shop", &stacks.ServiceStackProps{
			StackProps:     awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}},
			ImageDirectory: jsii.String(imageDir),
			Deploy: deployidentity.DeployIdentityOptions{
				BootstrapQualifier: jsii.String("shop"),
				GitHubRepository:   jsii.String("acme/shop"),
			},
			FrontDoor: &stacks.FrontDoorOptions{
				EdgeOptions:    frontdoor.EdgeOptions{DomainName: jsii.String("api.example.com"), RateLimit: jsii.Number(500)},
				HostedZoneId:   jsii.String("Z0123456789ABCDEFGHIJ"),
				HostedZoneName: jsii.String("example.com"),
			},
		})
		east = stacks.NewServiceStack(app, "East", &stacks.ServiceStackProps{
			StackProps:     awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")}},
			ImageDirectory: jsii.String(imageDir),
			FrontDoor: &stacks.FrontDoorOptions{
				EdgeOptions:    frontdoor.EdgeOptions{DomainName: jsii.String("api.example.org"), WebAcl: jsii.Bool(false)},
				CertificateArn: jsii.String(eastCertificate),
			},
		})
		frontedT = assertions.Template_FromStack(fronted.Stack(), nil)
		frontedEdgeT = assertions.Template_FromStack(fronted.EdgeStack(), nil)
		eastT = assertions.Template_FromStack(east.Stack(), nil)
		publicT = assertions.Template_FromStack(public.Stack(), nil)
		operatedT = assertions.Template_FromStack(operated.Stack(), nil)
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

// Service options reach the construct as they are; where the stack has no
// prop of its own set, the service's UrlAuthType and reservation stand.
func TestServiceOptionsPassThrough(t *testing.T) {
	cdktest.Has(t, operatedT, "AWS::Lambda::Url", obj{"AuthType": "AWS_IAM"})
	cdktest.Has(t, operatedT, "AWS::Lambda::Function", obj{"ReservedConcurrentExecutions": 25})
	cdktest.Has(t, operatedT, "AWS::Lambda::Alias", obj{"ProvisionedConcurrencyConfig": obj{"ProvisionedConcurrentExecutions": 3}})
	cdktest.Count(t, operatedT, "AWS::CloudWatch::Dashboard", 0)
	cdktest.Count(t, publicT, "AWS::CloudWatch::Dashboard", 1)
}

// alarmEmail: a TLS-only topic the four rollback alarms notify, an email
// subscription with a stable logical ID, and the topic's ARN as an output.
func TestAlarmEmail(t *testing.T) {
	topic := cdktest.LogicalID(operated.Stack().Node().FindChild(jsii.String("AlarmTopic")))
	key := cdktest.LogicalID(operated.Stack().Node().FindChild(jsii.String("Key")))
	cdktest.Has(t, operatedT, "AWS::SNS::Topic", obj{"KmsMasterKeyId": obj{"Fn::GetAtt": []interface{}{key, "Arn"}}})
	cdktest.Has(t, operatedT, "AWS::SNS::TopicPolicy", obj{"PolicyDocument": assertions.Match_ObjectLike(&obj{"Statement": []interface{}{obj{
		"Sid": "AllowPublishThroughSSLOnly", "Effect": "Deny", "Action": "sns:Publish", "Principal": "*",
		"Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}, "Resource": obj{"Ref": topic},
	}}})})
	cdktest.Has(t, operatedT, "AWS::SNS::Subscription", obj{"Protocol": "email", "Endpoint": "ops@example.com", "TopicArn": obj{"Ref": topic}})
	if id := cdktest.LogicalID(operated.Stack().Node().FindChild(jsii.String("AlarmEmail"))); !strings.HasPrefix(id, "AlarmEmail") {
		t.Errorf("subscription logical ID %s: want one from its construct ID, not from the address", id)
	}
	alarms := cdktest.Resources(*operatedT.ToJSON(), "AWS::CloudWatch::Alarm")
	if len(alarms) != 4 {
		t.Fatalf("%d alarms, want 4", len(alarms))
	}
	for id, alarm := range alarms {
		props := alarm["Properties"].(map[string]interface{})
		if fmt.Sprint(props["AlarmActions"]) != fmt.Sprintf("[map[Ref:%s]]", topic) || fmt.Sprint(props["OKActions"]) != fmt.Sprintf("[map[Ref:%s]]", topic) {
			t.Errorf("alarm %s notifies %v / %v, want the topic %s on alarm and OK", id, props["AlarmActions"], props["OKActions"], topic)
		}
	}
	cdktest.Check(t, func() {
		operatedT.HasOutput(jsii.String("AlarmTopicArn"), assertions.Match_ObjectLike(&obj{"Value": obj{"Ref": topic}}))
	})
	cdktest.Count(t, publicT, "AWS::SNS::Topic", 0)
}

// customerManagedKey: one rotated, retained key for the log group, the topic
// and the secret, whose policy lets each service use it and no one grant it
// onward.
func TestCustomerManagedKey(t *testing.T) {
	key := cdktest.LogicalID(operated.Stack().Node().FindChild(jsii.String("Key")))
	keyArn := obj{"Fn::GetAtt": []interface{}{key, "Arn"}}
	resource := cdktest.Resources(*operatedT.ToJSON(), "AWS::KMS::Key")[key]
	if resource["DeletionPolicy"] != "Retain" || resource["UpdateReplacePolicy"] != "Retain" {
		t.Errorf("the key is not retained: %v / %v", resource["DeletionPolicy"], resource["UpdateReplacePolicy"])
	}
	cdktest.Has(t, operatedT, "AWS::KMS::Key", obj{"EnableKeyRotation": true})
	cdktest.Has(t, operatedT, "AWS::Logs::LogGroup", obj{"KmsKeyId": keyArn})
	cdktest.Has(t, operatedT, "AWS::SecretsManager::Secret", obj{"KmsKeyId": keyArn})
	statements := map[string]obj{
		"GrantsOnlyForAwsResources": {
			"Effect": "Deny", "Principal": obj{"AWS": "*"}, "Action": "kms:CreateGrant", "Resource": "*",
			"Condition": obj{"BoolIfExists": obj{"kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false"}},
		},
		"CloudWatchAlarmsPublish": {
			"Effect": "Allow", "Principal": obj{"Service": "cloudwatch.amazonaws.com"}, "Action": []interface{}{"kms:Decrypt", "kms:GenerateDataKey*"},
			"Condition": obj{"StringEquals": obj{"aws:SourceAccount": obj{"Ref": "AWS::AccountId"}}},
		},
		"AccessKeyReadersDecrypt": {
			"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::111111111111:role/ci"}, "Action": "kms:Decrypt",
			"Condition": obj{"StringEquals": obj{"kms:ViaService": obj{"Fn::Join": []interface{}{"", []interface{}{"secretsmanager.", obj{"Ref": "AWS::Region"}, ".amazonaws.com"}}}}},
		},
	}
	for sid, statement := range statements {
		t.Run(sid, func(t *testing.T) {
			statement["Sid"] = sid
			cdktest.Has(t, operatedT, "AWS::KMS::Key", obj{"KeyPolicy": assertions.Match_ObjectLike(&obj{
				"Statement": assertions.Match_ArrayWith(&[]interface{}{assertions.Match_ObjectLike(&statement)}),
			})})
		})
	}
	cdktest.Count(t, publicT, "AWS::KMS::Key", 0)
}
