package deployidentity_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// The stacks pin an account and region, so the bootstrap role ARNs in a
// policy are plain strings the tests can compare whole.
const (
	account     = "111111111111"
	region      = "eu-west-1"
	sshKey      = cdktest.SshRsaPublicKey
	providerArn = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
	ciRole      = "arn:aws:iam::111111111111:role/ci"
)

type built struct {
	stack    awscdk.Stack
	props    *deployidentity.DeployIdentityProps
	services []fastapilambda.Service
	identity deployidentity.DeployIdentity
	template assertions.Template
	json     map[string]interface{}
}

var (
	imageDir                                                string
	minimal, full, viaEnvironment, twoApi, builder, keyless built
)

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		imageDir = filepath.Join(cdktest.RepoRoot(), "constructs", "fastapilambda", "testdata", "image")
		app := cdktest.NewApp()
		minimal = build(app, "Minimal", nil)
		// One identity that releases two services. Its own app: an account
		// holds one GitHub OIDC provider, and Full creates this app's.
		twoApi = build(cdktest.NewApp(), "TwoServices", func(stack awscdk.Stack, p *deployidentity.DeployIdentityProps) {
			p.Services = append(p.Services, newService(stack, "Second"))
			p.GitHubRepository = jsii.String("acme/api")
		})
		full = build(app, "Full", func(stack awscdk.Stack, p *deployidentity.DeployIdentityProps) {
			p.BootstrapQualifier = jsii.String("myqual")
			p.ImageRepository = awsecr.Repository_FromRepositoryName(stack, jsii.String("Repo"), jsii.String("my_app"))
			p.AccessKey = jsii.Bool(true)
			p.AccessKeySerial = jsii.Number(2)
			p.AccessKeyReaders = &[]*string{jsii.String(ciRole)}
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
		// The environment that starts a promotion: CI's build role. Its own
		// app, for its own OIDC provider.
		builder = build(cdktest.NewApp(), "Builder", func(stack awscdk.Stack, p *deployidentity.DeployIdentityProps) {
			p.ImageRepository = awsecr.Repository_FromRepositoryName(stack, jsii.String("Repo"), jsii.String("my_app"))
			p.GitHubRepository = jsii.String("acme/api")
			p.GitHubBuildRole = jsii.Bool(true)
		})
		// Deployed through GitHub OIDC alone: no deploy user.
		keyless = build(cdktest.NewApp(), "Keyless", func(stack awscdk.Stack, p *deployidentity.DeployIdentityProps) {
			p.GitHubRepository = jsii.String("acme/api")
			p.DeployUser = jsii.Bool(false)
		})
		for _, b := range []*built{&minimal, &full, &viaEnvironment, &twoApi, &builder, &keyless} {
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
	b := built{stack: stack, props: props, identity: deployidentity.NewDeployIdentity(stack, "Deploy", props)}
	for _, svc := range props.Services {
		b.services = append(b.services, svc.(fastapilambda.Service))
	}
	return b
}

func newService(stack awscdk.Stack, id string) fastapilambda.Service {
	return fastapilambda.NewService(stack, id, &fastapilambda.ServiceProps{ImageDirectory: jsii.String(imageDir)})
}

func newStack(app awscdk.App, id string) awscdk.Stack {
	return awscdk.NewStack(app, jsii.String(id), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)},
	})
}

// requiredProps builds one service in stack and returns props holding only
// the required one: the services to release.
func requiredProps(stack awscdk.Stack) *deployidentity.DeployIdentityProps {
	return &deployidentity.DeployIdentityProps{Services: []deployidentity.Releasable{newService(stack, "Api")}}
}

type obj = map[string]interface{}
type arr = []interface{}

func resources(b built, resourceType string) map[string]obj {
	return cdktest.Resources(b.json, resourceType)
}

func has(t *testing.T, b built, resourceType string, props obj) {
	t.Helper()
	cdktest.Has(t, b.template, resourceType, props)
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
			group := cdktest.LogicalID(b.identity.Group())
			for id, user := range users {
				props := user["Properties"].(map[string]interface{})
				want := obj{"Groups": arr{obj{"Ref": group}}}
				if got, _ := json.Marshal(props); string(got) != cdktest.MustJSON(want) {
					t.Fatalf("user %s properties = %s, want only %s (no LoginProfile, no policies, no managed policies)", id, got, cdktest.MustJSON(want))
				}
			}
			for _, policy := range resources(b, "AWS::IAM::Policy") {
				if _, onUser := policy["Properties"].(map[string]interface{})["Users"]; onUser {
					t.Fatalf("an inline policy is attached to the user: %s", cdktest.MustJSON(policy))
				}
			}
		})
	}
}

// resolved is the template form of a token: what CloudFormation will be given.
func resolved(b built, token *string) interface{} {
	return b.stack.Resolve(token)
}

// The deploy policy holds what cdk deploy needs and nothing else; the
// release permissions come from each service's GrantRelease, on the group.
func TestDeployPolicyIsExactlyTheBootstrapRoles(t *testing.T) {
	statements := arr{
		obj{"Sid": "AssumeCdkBootstrapRoles", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arr{
			bootstrapRole("hnb659fds", "deploy"), bootstrapRole("hnb659fds", "file-publishing"),
			bootstrapRole("hnb659fds", "image-publishing"),
		}},
	}
	policy := cdktest.LogicalID(minimal.identity.DeployPolicy())
	has(t, minimal, "AWS::IAM::ManagedPolicy", obj{
		"PolicyDocument": obj{"Version": "2012-10-17", "Statement": statements},
	})
	has(t, minimal, "AWS::IAM::Group", obj{"ManagedPolicyArns": arr{obj{"Ref": policy}}})
	if n := len(resources(minimal, "AWS::IAM::ManagedPolicy")); n != 1 {
		t.Fatalf("%d managed policies, want only the deploy policy", n)
	}
	for _, cfnExecution := range []string{"cfn-exec", "cloudformation-execution"} {
		if strings.Contains(cdktest.MustJSON(minimal.json), cfnExecution) {
			t.Fatalf("the template names the CloudFormation execution role (%s)", cfnExecution)
		}
	}
}

// An identity built below the stack, not on it, still names the bootstrap
// roles of its stack's account and region.
func TestIdentityNestedBelowTheStack(t *testing.T) {
	app := cdktest.NewApp()
	stack := newStack(app, "Nested")
	team := constructs.NewConstruct(stack, jsii.String("Team"))
	identity := deployidentity.NewDeployIdentity(team, "Deploy", requiredProps(stack))
	template := assertions.Template_FromStack(stack, nil)
	cdktest.Has(t, template, "AWS::IAM::ManagedPolicy", obj{"PolicyDocument": obj{"Statement": arr{
		obj{"Sid": "AssumeCdkBootstrapRoles", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arr{
			bootstrapRole("hnb659fds", "deploy"), bootstrapRole("hnb659fds", "file-publishing"),
			bootstrapRole("hnb659fds", "image-publishing"),
		}},
	}}})
	if got, want := *identity.Node().Path(), "Nested/Team/Deploy"; got != want {
		t.Fatalf("identity path = %s, want %s", got, want)
	}
}

// releaseGrants is exactly what releasing svc takes.
func releaseGrants(b built, svc fastapilambda.Service) map[cdktest.Grant]bool {
	return cdktest.ReleaseGrants(b.stack, svc.ServiceRole().RoleArn(), svc.DeploymentGroup().DeploymentGroupArn(),
		svc.DeploymentConfig().DeploymentConfigArn(), svc.Application().ApplicationArn())
}

// One identity releases two services: its group and its GitHub deploy role
// get exactly the release grants of both, and nothing else inline.
func TestOneIdentityReleasesTwoServices(t *testing.T) {
	want := releaseGrants(twoApi, twoApi.services[0])
	for g := range releaseGrants(twoApi, twoApi.services[1]) {
		want[g] = true
	}
	// Eight grants each; the two share CodeDeploy's predefined canary config.
	if len(want) != 15 {
		t.Fatalf("%d distinct release grants for two services, want 15", len(want))
	}
	for name, principal := range map[string]constructs.IConstruct{
		"group":              twoApi.identity.Group(),
		"GitHub deploy role": twoApi.identity.GitHubDeployRole(),
	} {
		t.Run(name, func(t *testing.T) {
			cdktest.SameGrants(t, cdktest.Grants(twoApi.json, cdktest.LogicalID(principal)), want)
		})
	}
}

// DeployUser false leaves the user and its group out; the GitHub deploy
// role keeps the deploy policy and the release grants.
func TestNoDeployUser(t *testing.T) {
	if keyless.identity.User() != nil || keyless.identity.Group() != nil {
		t.Fatal("DeployUser false still built a user or a group")
	}
	for _, resourceType := range []string{"AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::UserToGroupAddition"} {
		if n := len(resources(keyless, resourceType)); n != 0 {
			t.Errorf("%d %s, want none", n, resourceType)
		}
	}
	role := resources(keyless, "AWS::IAM::Role")[cdktest.LogicalID(keyless.identity.GitHubDeployRole())]
	if !strings.Contains(cdktest.MustJSON(role), cdktest.LogicalID(keyless.identity.DeployPolicy())) {
		t.Errorf("the GitHub deploy role lost the deploy policy: %s", cdktest.MustJSON(role))
	}
	svc := keyless.services[0]
	want := releaseGrants(keyless, svc)
	cdktest.SameGrants(t, cdktest.Grants(keyless.json, cdktest.LogicalID(keyless.identity.GitHubDeployRole())), want)
}

// The build role: the branch's workflow runs may push to the one
// repository, and nothing else; the deploy policy then pushes nothing and
// may not publish images through the bootstrap stack.
func TestBuildRolePushesToTheRepositoryOnly(t *testing.T) {
	repoArn := "arn:aws:ecr:eu-west-1:111111111111:repository/my_app"
	role := cdktest.LogicalID(builder.identity.GitHubBuildRole())
	got := resources(builder, "AWS::IAM::Role")[role]
	if got == nil {
		t.Fatalf("no build role %s", role)
	}
	trust := cdktest.MustJSON(got["Properties"].(obj)["AssumeRolePolicyDocument"])
	for _, want := range []string{`"token.actions.githubusercontent.com:sub":"repo:acme/api:ref:refs/heads/main"`, `"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"`} {
		if !strings.Contains(trust, want) {
			t.Errorf("the build role's trust policy lacks %s: %s", want, trust)
		}
	}
	managed, _ := got["Properties"].(obj)["ManagedPolicyArns"].([]interface{})
	if len(managed) != 1 || got["Properties"].(obj)["Policies"] != nil {
		t.Fatalf("the build role has managed policies %v and inline %v, want its build policy alone", managed, got["Properties"].(obj)["Policies"])
	}
	for _, policy := range resources(builder, "AWS::IAM::Policy") {
		if strings.Contains(cdktest.MustJSON(policy), role) {
			t.Errorf("an inline policy is attached to the build role: %s", cdktest.MustJSON(policy))
		}
	}
	ref := managed[0].(obj)["Ref"].(string)
	statements := resources(builder, "AWS::IAM::ManagedPolicy")[ref]["Properties"].(obj)["PolicyDocument"].(obj)["Statement"]
	want := cdktest.MustJSON(arr{
		obj{"Action": arr{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeRepositories",
			"ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"},
			"Effect": "Allow", "Resource": repoArn, "Sid": "PushImages"},
		obj{"Action": "ecr:GetAuthorizationToken", "Effect": "Allow", "Resource": "*", "Sid": "GetRegistryToken"},
	})
	if cdktest.MustJSON(statements) != want {
		t.Errorf("the build role may %s\nwant exactly %s", cdktest.MustJSON(statements), want)
	}

	deploy := cdktest.MustJSON(resources(builder, "AWS::IAM::ManagedPolicy")[cdktest.LogicalID(builder.identity.DeployPolicy())])
	if strings.Contains(deploy, "PushAndPullImages") || strings.Contains(deploy, "image-publishing") {
		t.Errorf("the deploy policy of an identity that deploys promoted images still pushes or publishes images: %s", deploy)
	}
	if !strings.Contains(deploy, bootstrapRole(deployidentity.DefaultBootstrapQualifier, "deploy")) {
		t.Errorf("the deploy policy lost the bootstrap deploy role: %s", deploy)
	}
	if full.identity.GitHubBuildRole() != nil || strings.Contains(cdktest.MustJSON(full.json), "GitHubBuildRole") {
		t.Error("an identity that did not ask for the build role has one")
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
	if strings.Contains(cdktest.MustJSON(minimal.json), "ecr:") {
		t.Fatalf("without ImageRepository the identities must have no ECR permission")
	}
}

func TestCodeCommitAndSshKey(t *testing.T) {
	user := cdktest.LogicalID(full.identity.User())
	deployPolicy := cdktest.LogicalID(full.identity.DeployPolicy())
	gitPolicy := cdktest.LogicalID(full.identity.CodeCommitPolicy())
	has(t, full, "AWS::IAM::Group", obj{"ManagedPolicyArns": arr{obj{"Ref": deployPolicy}, obj{"Ref": gitPolicy}}})
	has(t, full, "AWS::IAM::ManagedPolicy", obj{
		"PolicyDocument": obj{"Version": "2012-10-17", "Statement": arr{obj{
			"Sid": "GitPullAndPush", "Effect": "Allow", "Action": arr{"codecommit:GitPull", "codecommit:GitPush"},
			"Resource": "arn:aws:codecommit:eu-west-1:111111111111:fastapi-app",
		}}},
	})
	capture := assertions.NewCapture(nil)
	has(t, full, "Custom::AWS", obj{"Create": capture, "InstallLatestAwsSdk": false})
	create := cdktest.MustJSON(capture.AsObject())
	for _, want := range []string{`uploadSSHPublicKey`, sshKey, user, `SSHPublicKey.SSHPublicKeyId`} {
		if !strings.Contains(create, want) {
			t.Fatalf("the SSH key resource's Create call %s lacks %q", create, want)
		}
	}
	deleteCall := assertions.NewCapture(nil)
	has(t, full, "Custom::AWS", obj{"Delete": deleteCall})
	for _, want := range []string{`deleteSSHPublicKey`, `PHYSICAL:RESOURCEID:`, user} {
		if !strings.Contains(cdktest.MustJSON(deleteCall.AsObject()), want) {
			t.Fatalf("the SSH key resource's Delete call %s lacks %q", cdktest.MustJSON(deleteCall.AsObject()), want)
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
	user := cdktest.LogicalID(full.identity.User())
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
		if strings.Contains(cdktest.MustJSON(r), cdktest.MustJSON(secretRef)) {
			uses++
			if r.(map[string]interface{})["Type"] != "AWS::SecretsManager::Secret" {
				t.Fatalf("resource %s references the secret access key", id)
			}
		}
	}
	if uses != 1 {
		t.Fatalf("the secret access key is referenced by %d resources, want 1", uses)
	}
	if strings.Contains(cdktest.MustJSON(full.json["Outputs"]), "SecretAccessKey") {
		t.Fatalf("an output exposes the secret access key")
	}
}

// With AccessKeyReaders, the secret denies reading to every other principal;
// the CloudFormation execution role keeps it, to manage the secret.
func TestAccessKeySecretReadersOnly(t *testing.T) {
	secret := cdktest.LogicalID(full.identity.AccessKeySecret())
	has(t, full, "AWS::SecretsManager::ResourcePolicy", obj{
		"SecretId": obj{"Ref": secret},
		"ResourcePolicy": obj{"Version": "2012-10-17", "Statement": arr{obj{
			"Sid": "OnlyNamedReaders", "Effect": "Deny", "Principal": obj{"AWS": "*"},
			"Action": "secretsmanager:GetSecretValue", "Resource": "*",
			"Condition": obj{"StringNotEquals": obj{"aws:PrincipalArn": arr{bootstrapRole("myqual", "cfn-exec"), ciRole}}},
		}}},
	})
	if n := len(resources(minimal, "AWS::SecretsManager::ResourcePolicy")); n != 0 {
		t.Fatalf("%d resource policies without AccessKeyReaders", n)
	}
}

func TestGitHubDeployRoleTrustsOneBranch(t *testing.T) {
	provider := cdktest.LogicalID(full.identity.GitHubOidcProvider())
	policy := cdktest.LogicalID(full.identity.DeployPolicy())
	has(t, full, "AWS::IAM::OIDCProvider", obj{
		"Url": "https://token.actions.githubusercontent.com", "ClientIdList": arr{"sts.amazonaws.com"},
	})
	// Account-wide: it outlives the stack that created it.
	providers := resources(full, "AWS::IAM::OIDCProvider")
	if p := providers[provider]; p["DeletionPolicy"] != "Retain" || p["UpdateReplacePolicy"] != "Retain" {
		t.Fatalf("the OIDC provider is deleted with the stack: %s", cdktest.MustJSON(p))
	}
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

// The review role reads this stack's description and template, nothing else:
// not the lookup role, which reads the whole account.
func TestGitHubReviewRoleReadsOnlyThisStack(t *testing.T) {
	role := cdktest.LogicalID(full.identity.GitHubReviewRole())
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
			"Sid": "ReadThisStack", "Effect": "Allow",
			"Action":   arr{"cloudformation:DescribeStacks", "cloudformation:GetTemplate"},
			"Resource": "arn:aws:cloudformation:" + region + ":" + account + ":stack/Full/*",
		}}},
	})
	for _, b := range []built{minimal, full, viaEnvironment, twoApi} {
		if strings.Contains(cdktest.MustJSON(b.json), "-lookup-role-") {
			t.Fatalf("%s: an identity may assume the bootstrap lookup role", *b.stack.StackName())
		}
	}
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
							if operator != "StringEquals" || strings.ContainsAny(cdktest.MustJSON(value), "*?") {
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
	for _, resourceType := range []string{"AWS::IAM::OIDCProvider", "AWS::SecretsManager::Secret", "Custom::AWS"} {
		if n := len(resources(minimal, resourceType)); n != 0 {
			t.Fatalf("%d %s in the minimal identity, want 0", n, resourceType)
		}
	}
	// The service's execution and CodeDeploy roles; the identity adds none.
	if n := len(resources(minimal, "AWS::IAM::Role")); n != 2 {
		t.Fatalf("%d roles in the minimal stack, want the service's 2", n)
	}
}

func TestOutputsNothingSecret(t *testing.T) {
	if outputs, ok := full.json["Outputs"]; ok {
		t.Fatalf("the construct itself adds outputs: %s", cdktest.MustJSON(outputs))
	}
}
