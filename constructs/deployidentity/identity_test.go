package deployidentity_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// The stacks pin an account and region, and the CodeDeploy resources are
// imported by name, so every ARN in a policy is a plain string the tests can
// compare whole.
const (
	account        = "111111111111"
	region         = "eu-west-1"
	serviceRole    = "arn:aws:iam::111111111111:role/CodeDeployServiceRole"
	groupArn       = "arn:aws:codedeploy:eu-west-1:111111111111:deploymentgroup:fastapi/live"
	applicationArn = "arn:aws:codedeploy:eu-west-1:111111111111:application:fastapi"
	configArn      = "arn:aws:codedeploy:eu-west-1:111111111111:deploymentconfig:CodeDeployDefault.LambdaCanary10Percent5Minutes"
	sshKey         = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7deploy deploy@laptop"
	providerArn    = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
)

type built struct {
	stack    awscdk.Stack
	props    *deployidentity.DeployIdentityProps
	identity deployidentity.DeployIdentity
	template assertions.Template
	json     map[string]interface{}
}

var minimal, full, viaEnvironment built

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		app := cdktest.NewApp()
		minimal = build(app, "Minimal", nil)
		full = build(app, "Full", func(stack awscdk.Stack, p *deployidentity.DeployIdentityProps) {
			p.BootstrapQualifier = jsii.String("myqual")
			p.ImageRepository = awsecr.Repository_FromRepositoryName(stack, jsii.String("Repo"), jsii.String("my_app"))
			p.AccessKey = jsii.Bool(true)
			p.AccessKeySerial = jsii.Number(2)
			p.SshPublicKey = jsii.String(sshKey)
			p.CodeCommitRepositoryName = jsii.String("fastapi-app")
			p.GitHubRepository = jsii.String("acme/api")
			p.GitHubBranch = jsii.String("release")
		})
		viaEnvironment = build(app, "Environment", func(stack awscdk.Stack, p *deployidentity.DeployIdentityProps) {
			p.GitHubRepository = jsii.String("acme/api")
			p.GitHubEnvironment = jsii.String("production")
			p.GitHubOidcProvider = awsiam.OidcProviderNative_FromOidcProviderArn(stack, jsii.String("Provider"), jsii.String(providerArn))
		})
		for _, b := range []*built{&minimal, &full, &viaEnvironment} {
			b.template = assertions.Template_FromStack(b.stack, nil)
			b.json = *b.template.ToJSON()
		}
		return m.Run()
	}()
	os.Exit(code)
}

func build(app awscdk.App, id string, customize func(awscdk.Stack, *deployidentity.DeployIdentityProps)) built {
	stack := newStack(app, id)
	props := requiredProps(stack)
	if customize != nil {
		customize(stack, props)
	}
	return built{stack: stack, props: props, identity: deployidentity.NewDeployIdentity(stack, "Deploy", props)}
}

func newStack(app awscdk.App, id string) awscdk.Stack {
	return awscdk.NewStack(app, jsii.String(id), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)},
	})
}

// requiredProps imports the CodeDeploy application, group and service role
// into stack and returns props holding only the required ones.
func requiredProps(stack awscdk.Stack) *deployidentity.DeployIdentityProps {
	application := awscodedeploy.LambdaApplication_FromLambdaApplicationName(stack, jsii.String("App"), jsii.String("fastapi"))
	return &deployidentity.DeployIdentityProps{
		Application: application,
		DeploymentGroup: awscodedeploy.LambdaDeploymentGroup_FromLambdaDeploymentGroupAttributes(stack, jsii.String("Group"),
			&awscodedeploy.LambdaDeploymentGroupAttributes{Application: application, DeploymentGroupName: jsii.String("live")}),
		DeploymentConfig:      awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_5MINUTES(),
		CodeDeployServiceRole: awsiam.Role_FromRoleArn(stack, jsii.String("ServiceRole"), jsii.String(serviceRole), nil),
	}
}

type obj = map[string]interface{}
type arr = []interface{}

func resources(b built, resourceType string) map[string]obj {
	out := map[string]obj{}
	for id, r := range b.json["Resources"].(map[string]interface{}) {
		if r.(map[string]interface{})["Type"] == resourceType {
			out[id] = r.(map[string]interface{})
		}
	}
	return out
}

func has(t *testing.T, b built, resourceType string, props obj) {
	t.Helper()
	cdktest.Check(t, func() {
		b.template.HasResourceProperties(jsii.String(resourceType), assertions.Match_ObjectLike(&props))
	})
}

func bootstrapRole(qualifier, role string) string {
	return "arn:aws:iam::" + account + ":role/cdk-" + qualifier + "-" + role + "-role-" + account + "-" + region
}

func TestUserHasNoConsoleAndNoPoliciesOfItsOwn(t *testing.T) {
	for name, b := range map[string]built{"minimal": minimal, "full": full} {
		t.Run(name, func(t *testing.T) {
			users := resources(b, "AWS::IAM::User")
			if len(users) != 1 {
				t.Fatalf("%d users, want 1", len(users))
			}
			group := *b.stack.GetLogicalId(b.identity.Group().Node().DefaultChild().(awscdk.CfnElement))
			for id, user := range users {
				props := user["Properties"].(map[string]interface{})
				want := obj{"Groups": arr{obj{"Ref": group}}}
				if got, _ := json.Marshal(props); string(got) != mustJSON(want) {
					t.Fatalf("user %s properties = %s, want only %s (no LoginProfile, no policies, no managed policies)", id, got, mustJSON(want))
				}
			}
			for _, policy := range resources(b, "AWS::IAM::Policy") {
				if _, onUser := policy["Properties"].(map[string]interface{})["Users"]; onUser {
					t.Fatalf("an inline policy is attached to the user: %s", mustJSON(policy))
				}
			}
		})
	}
}

func mustJSON(v interface{}) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// resolved is the template form of a token: what CloudFormation will be given.
func resolved(b built, token *string) interface{} {
	return b.stack.Resolve(token)
}

func TestDeployPolicyIsExactlyTheReleasePath(t *testing.T) {
	groupArn := resolved(minimal, minimal.props.DeploymentGroup.DeploymentGroupArn())
	configArn := resolved(minimal, minimal.props.DeploymentConfig.DeploymentConfigArn())
	applicationArn := resolved(minimal, minimal.props.Application.ApplicationArn())
	statements := arr{
		obj{"Sid": "AssumeCdkBootstrapRoles", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arr{
			bootstrapRole("hnb659fds", "deploy"), bootstrapRole("hnb659fds", "file-publishing"),
			bootstrapRole("hnb659fds", "image-publishing"), bootstrapRole("hnb659fds", "lookup"),
		}},
		obj{"Sid": "PassCodeDeployServiceRole", "Effect": "Allow", "Action": "iam:PassRole", "Resource": serviceRole,
			"Condition": obj{"StringEquals": obj{"iam:PassedToService": "codedeploy.amazonaws.com"}}},
		obj{"Sid": "ManageDeployments", "Effect": "Allow", "Resource": groupArn,
			"Action": arr{"codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:StopDeployment"}},
		obj{"Sid": "ReadDeploymentConfig", "Effect": "Allow", "Action": "codedeploy:GetDeploymentConfig", "Resource": configArn},
		obj{"Sid": "ManageRevisions", "Effect": "Allow", "Resource": applicationArn,
			"Action": arr{"codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"}},
	}
	policy := *minimal.stack.GetLogicalId(minimal.identity.DeployPolicy().Node().DefaultChild().(awscdk.CfnElement))
	has(t, minimal, "AWS::IAM::ManagedPolicy", obj{
		"PolicyDocument": obj{"Version": "2012-10-17", "Statement": statements},
	})
	has(t, minimal, "AWS::IAM::Group", obj{"ManagedPolicyArns": arr{obj{"Ref": policy}}})
	if n := len(resources(minimal, "AWS::IAM::ManagedPolicy")); n != 1 {
		t.Fatalf("%d managed policies, want only the deploy policy", n)
	}
	for _, cfnExecution := range []string{"cfn-exec", "cloudformation-execution"} {
		if strings.Contains(mustJSON(minimal.json), cfnExecution) {
			t.Fatalf("the template names the CloudFormation execution role (%s)", cfnExecution)
		}
	}
}

func TestEcrPushIsScopedToTheRepository(t *testing.T) {
	repoArn := "arn:aws:ecr:eu-west-1:111111111111:repository/my_app"
	has(t, full, "AWS::IAM::ManagedPolicy", obj{"PolicyDocument": assertions.Match_ObjectLike(&obj{
		"Statement": assertions.Match_ArrayWith(&arr{
			obj{"Sid": "PushAndPullImages", "Effect": "Allow", "Resource": repoArn, "Action": arr{
				"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
				"ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
			}},
			obj{"Sid": "GetRegistryToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
		}),
	})})
	has(t, full, "AWS::IAM::ManagedPolicy", obj{"PolicyDocument": assertions.Match_ObjectLike(&obj{
		"Statement": assertions.Match_ArrayWith(&arr{assertions.Match_ObjectLike(&obj{
			"Sid": "AssumeCdkBootstrapRoles", "Resource": assertions.Match_ArrayWith(&arr{bootstrapRole("myqual", "deploy")}),
		})}),
	})})
	if strings.Contains(mustJSON(minimal.json), "ecr:") {
		t.Fatalf("without ImageRepository the identities must have no ECR permission")
	}
}

func TestCodeCommitAndSshKey(t *testing.T) {
	user := *full.stack.GetLogicalId(full.identity.User().Node().DefaultChild().(awscdk.CfnElement))
	deployPolicy := *full.stack.GetLogicalId(full.identity.DeployPolicy().Node().DefaultChild().(awscdk.CfnElement))
	gitPolicy := *full.stack.GetLogicalId(full.identity.CodeCommitPolicy().Node().DefaultChild().(awscdk.CfnElement))
	has(t, full, "AWS::IAM::Group", obj{"ManagedPolicyArns": arr{obj{"Ref": deployPolicy}, obj{"Ref": gitPolicy}}})
	has(t, full, "AWS::IAM::ManagedPolicy", obj{
		"PolicyDocument": obj{"Version": "2012-10-17", "Statement": arr{obj{
			"Sid": "GitPullAndPush", "Effect": "Allow", "Action": arr{"codecommit:GitPull", "codecommit:GitPush"},
			"Resource": "arn:aws:codecommit:eu-west-1:111111111111:fastapi-app",
		}}},
	})
	capture := assertions.NewCapture(nil)
	has(t, full, "Custom::AWS", obj{"Create": capture, "InstallLatestAwsSdk": false})
	create := mustJSON(capture.AsObject())
	for _, want := range []string{`uploadSSHPublicKey`, sshKey, user, `SSHPublicKey.SSHPublicKeyId`} {
		if !strings.Contains(create, want) {
			t.Fatalf("the SSH key resource's Create call %s lacks %q", create, want)
		}
	}
	deleteCall := assertions.NewCapture(nil)
	has(t, full, "Custom::AWS", obj{"Delete": deleteCall})
	for _, want := range []string{`deleteSSHPublicKey`, `PHYSICAL:RESOURCEID:`, user} {
		if !strings.Contains(mustJSON(deleteCall.AsObject()), want) {
			t.Fatalf("the SSH key resource's Delete call %s lacks %q", mustJSON(deleteCall.AsObject()), want)
		}
	}
	has(t, full, "AWS::IAM::Policy", obj{"PolicyDocument": obj{"Version": "2012-10-17", "Statement": arr{obj{
		"Sid": "ManageDeployUserSshKey", "Effect": "Allow",
		"Action":   arr{"iam:DeleteSSHPublicKey", "iam:UploadSSHPublicKey"},
		"Resource": obj{"Fn::GetAtt": arr{user, "Arn"}},
	}}}})
}

func TestAccessKeyOnlyInSecretsManager(t *testing.T) {
	if minimal.identity.AccessKeySecret() != nil || len(resources(minimal, "AWS::IAM::AccessKey")) != 0 {
		t.Fatalf("an access key exists without AccessKey")
	}
	user := *full.stack.GetLogicalId(full.identity.User().Node().DefaultChild().(awscdk.CfnElement))
	has(t, full, "AWS::IAM::AccessKey", obj{"UserName": obj{"Ref": user}, "Serial": 2})
	keys := resources(full, "AWS::IAM::AccessKey")
	var keyID string
	for id := range keys {
		keyID = id
	}
	secretRef := obj{"Fn::GetAtt": arr{keyID, "SecretAccessKey"}}
	has(t, full, "AWS::SecretsManager::Secret", obj{"SecretString": obj{"Fn::Join": arr{"", arr{
		`{"accessKeyId":"`, obj{"Ref": keyID}, `","secretAccessKey":"`, secretRef, `"}`,
	}}}})
	// The secret's value is referenced by the secret alone: no output, no other resource.
	uses := 0
	for id, r := range full.json["Resources"].(map[string]interface{}) {
		if strings.Contains(mustJSON(r), mustJSON(secretRef)) {
			uses++
			if r.(map[string]interface{})["Type"] != "AWS::SecretsManager::Secret" {
				t.Fatalf("resource %s references the secret access key", id)
			}
		}
	}
	if uses != 1 {
		t.Fatalf("the secret access key is referenced by %d resources, want 1", uses)
	}
	if strings.Contains(mustJSON(full.json["Outputs"]), "SecretAccessKey") {
		t.Fatalf("an output exposes the secret access key")
	}
}

func TestGitHubDeployRoleTrustsOneBranch(t *testing.T) {
	provider := *full.stack.GetLogicalId(full.identity.GitHubOidcProvider().Node().DefaultChild().(awscdk.CfnElement))
	policy := *full.stack.GetLogicalId(full.identity.DeployPolicy().Node().DefaultChild().(awscdk.CfnElement))
	has(t, full, "AWS::IAM::OIDCProvider", obj{
		"Url": "https://token.actions.githubusercontent.com", "ClientIdList": arr{"sts.amazonaws.com"},
	})
	has(t, full, "AWS::IAM::Role", obj{
		"AssumeRolePolicyDocument": obj{"Version": "2012-10-17", "Statement": arr{obj{
			"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
			"Principal": obj{"Federated": obj{"Ref": provider}},
			"Condition": obj{"StringEquals": obj{
				"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
				"token.actions.githubusercontent.com:sub": "repo:acme/api:ref:refs/heads/release",
			}},
		}}},
		"ManagedPolicyArns":  arr{obj{"Ref": policy}},
		"MaxSessionDuration": 3600,
	})
}

func TestGitHubReviewRoleMayOnlyLookUp(t *testing.T) {
	role := *full.stack.GetLogicalId(full.identity.GitHubReviewRole().Node().DefaultChild().(awscdk.CfnElement))
	has(t, full, "AWS::IAM::Role", obj{
		"AssumeRolePolicyDocument": assertions.Match_ObjectLike(&obj{"Statement": arr{assertions.Match_ObjectLike(&obj{
			"Condition": obj{"StringEquals": obj{
				"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
				"token.actions.githubusercontent.com:sub": "repo:acme/api:pull_request",
			}},
		})}}),
		"ManagedPolicyArns": assertions.Match_Absent(),
	})
	has(t, full, "AWS::IAM::Policy", obj{
		"Roles": arr{obj{"Ref": role}},
		"PolicyDocument": obj{"Version": "2012-10-17", "Statement": arr{obj{
			"Sid": "AssumeCdkLookupRole", "Effect": "Allow", "Action": "sts:AssumeRole",
			"Resource": bootstrapRole("myqual", "lookup"),
		}}},
	})
}

func TestGitHubEnvironmentAndExistingProvider(t *testing.T) {
	if n := len(resources(viaEnvironment, "AWS::IAM::OIDCProvider")); n != 0 {
		t.Fatalf("%d OIDC providers created, want 0: the existing one is used", n)
	}
	has(t, viaEnvironment, "AWS::IAM::Role", obj{
		"AssumeRolePolicyDocument": assertions.Match_ObjectLike(&obj{"Statement": arr{assertions.Match_ObjectLike(&obj{
			"Principal": obj{"Federated": providerArn},
			"Condition": obj{"StringEquals": obj{
				"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
				"token.actions.githubusercontent.com:sub": "repo:acme/api:environment:production",
			}},
		})}}),
	})
}

func TestNoWildcardActionsAndResourceStarOnlyForTheEcrToken(t *testing.T) {
	for name, b := range map[string]built{"minimal": minimal, "full": full, "environment": viaEnvironment} {
		t.Run(name, func(t *testing.T) { cdktest.NoWildcardGrants(t, b.json) })
	}
}

func TestOidcSubjectsAreNeverWildcards(t *testing.T) {
	for name, b := range map[string]built{"full": full, "environment": viaEnvironment} {
		t.Run(name, func(t *testing.T) {
			subjects := 0
			for id, role := range resources(b, "AWS::IAM::Role") {
				doc := role["Properties"].(map[string]interface{})["AssumeRolePolicyDocument"].(map[string]interface{})
				for _, s := range doc["Statement"].([]interface{}) {
					conditions, _ := s.(map[string]interface{})["Condition"].(map[string]interface{})
					for operator, values := range conditions {
						for key, value := range values.(map[string]interface{}) {
							if !strings.HasSuffix(key, ":sub") {
								continue
							}
							subjects++
							if operator != "StringEquals" || strings.ContainsAny(mustJSON(value), "*?") {
								t.Fatalf("role %s trusts subject %s %v: want one exact subject", id, operator, value)
							}
						}
					}
				}
			}
			if subjects != 2 {
				t.Fatalf("%d OIDC subjects, want 2 (deploy and review)", subjects)
			}
		})
	}
}

func TestOptionalPartsAreAbsentByDefault(t *testing.T) {
	d := minimal.identity
	if d.CodeCommitPolicy() != nil || d.SshPublicKeyId() != nil || d.AccessKeySecret() != nil ||
		d.GitHubOidcProvider() != nil || d.GitHubDeployRole() != nil || d.GitHubReviewRole() != nil {
		t.Fatalf("the minimal identity built optional parts")
	}
	for _, resourceType := range []string{"AWS::IAM::Role", "AWS::IAM::OIDCProvider", "AWS::SecretsManager::Secret", "Custom::AWS"} {
		if n := len(resources(minimal, resourceType)); n != 0 {
			t.Fatalf("%d %s in the minimal identity, want 0", n, resourceType)
		}
	}
}

func TestOutputsNothingSecret(t *testing.T) {
	if outputs, ok := full.json["Outputs"]; ok {
		t.Fatalf("the construct itself adds outputs: %s", mustJSON(outputs))
	}
}
