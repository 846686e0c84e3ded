package deployidentity

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// GitHubTokenHost is the issuer of GitHub Actions OIDC tokens.
const GitHubTokenHost = "token.actions.githubusercontent.com"

// The roles of the modern CDK bootstrap stack that `cdk deploy` assumes. The
// CloudFormation execution role is left out on purpose: CloudFormation
// assumes it, never the deploying identity. So is the lookup role: it reads
// the whole account (ReadOnlyAccess), and this app makes no context lookups.
var bootstrapRoles = []string{"deploy", "file-publishing", "image-publishing"}

// DeployIdentity holds the identities that deploy and release the service.
// Accessors return nil for what the props did not ask for.
type DeployIdentity interface {
	constructs.Construct

	// Group carries every policy of the deploy user; nil when DeployUser is
	// false.
	Group() awsiam.Group
	// User is the deploy user: no console password, in Group; nil when
	// DeployUser is false.
	User() awsiam.User
	// DeployPolicy is what `cdk deploy` needs; attached to Group and to
	// GitHubDeployRole. The services' GrantRelease adds the release
	// permissions to both, beside it.
	DeployPolicy() awsiam.ManagedPolicy
	// CodeCommitPolicy allows git pull and push on one repository; attached to Group.
	CodeCommitPolicy() awsiam.ManagedPolicy
	// AccessKeySecret holds the deploy user's access key id and secret.
	AccessKeySecret() awssecretsmanager.Secret
	// SshPublicKeyId is the id of the uploaded SSH key: the SSH user name for CodeCommit.
	SshPublicKeyId() *string
	// GitHubOidcProvider trusts GitHub Actions tokens: the one passed in, or
	// the one created. Pass it to any other DeployIdentity in the account.
	GitHubOidcProvider() awsiam.IOidcProvider
	// GitHubDeployRole is assumed by workflow runs of the trusted branch or environment.
	GitHubDeployRole() awsiam.Role
	// GitHubBuildRole is assumed by workflow runs of the build branch to push
	// images to the repository; nil unless the props ask for it.
	GitHubBuildRole() awsiam.Role
	// GitHubReviewRole is assumed by pull-request runs; it may read this
	// stack's description and template and nothing else: enough for `cdk diff
	// --method template` (make diff LIVE=1), which falls back to these
	// credentials when it cannot assume the bootstrap lookup role.
	GitHubReviewRole() awsiam.Role
}

type deployIdentity struct {
	constructs.Construct

	group            awsiam.Group
	user             awsiam.User
	deployPolicy     awsiam.ManagedPolicy
	codeCommitPolicy awsiam.ManagedPolicy
	accessKeySecret  awssecretsmanager.Secret
	sshPublicKeyId   *string
	gitHubProvider   awsiam.IOidcProvider
	gitHubDeployRole awsiam.Role
	gitHubReviewRole awsiam.Role
	gitHubBuildRole  awsiam.Role

	stack awscdk.Stack
	// bootstrapRoleArn names a role of the CDK bootstrap stack this identity deploys through.
	bootstrapRoleArn func(role string) *string
}

// NewDeployIdentity builds the deploy group and user, their policies and the
// optional access key, SSH key and GitHub OIDC roles. It panics, before
// creating anything, when a prop is invalid, or when it would create a second
// GitHub OIDC provider in an account where the app already creates one.
func NewDeployIdentity(scope constructs.Construct, id string, props *DeployIdentityProps) DeployIdentity {
	if props == nil {
		panic("deployidentity: props are required: Services, the services the identities release")
	}
	if err := validate(scope, id, props); err != nil {
		panic(err.Error())
	}
	p := *props
	if p.BootstrapQualifier == nil {
		p.BootstrapQualifier = jsii.String(DefaultBootstrapQualifier)
	}
	if isTrue(p.GitHubBuildRole) {
		p.DeploysPromotedImages = jsii.Bool(true)
	}
	// The scope is usually the stack itself: asserting it saves a jsii round trip.
	stack, ok := scope.(awscdk.Stack)
	if !ok {
		stack = awscdk.Stack_Of(scope)
	}
	createsProvider := p.GitHubRepository != nil && p.GitHubOidcProvider == nil
	if createsProvider {
		claimGitHubProvider(stack, *scope.Node().Path()+"/"+id)
	}

	d := &deployIdentity{Construct: constructs.NewConstruct(scope, &id), stack: stack}
	d.bootstrapRoleArn = bootstrapRoleArns(stack, *p.BootstrapQualifier)
	d.buildDeployPolicy(p)
	if p.DeployUser == nil || *p.DeployUser {
		d.buildUser()
		for _, svc := range p.Services {
			svc.GrantRelease(d.group)
		}
	}
	if p.CodeCommitRepositoryName != nil {
		d.buildCodeCommit(p)
	}
	if isTrue(p.AccessKey) {
		d.buildAccessKey(p)
	}
	if p.GitHubRepository != nil {
		d.buildGitHub(p)
	}
	return d
}

func (d *deployIdentity) buildUser() {
	d.group = awsiam.NewGroup(d.Construct, jsii.String("Group"), &awsiam.GroupProps{
		ManagedPolicies: &[]awsiam.IManagedPolicy{d.deployPolicy},
	})
	// No Password: the user has no login profile, so no console access.
	d.user = awsiam.NewUser(d.Construct, jsii.String("User"), &awsiam.UserProps{
		Groups: &[]awsiam.IGroup{d.group},
	})
}

// bootstrapRoleArns returns a function naming one role of the CDK bootstrap
// stack in this stack's account and region.
func bootstrapRoleArns(stack awscdk.Stack, qualifier string) func(role string) *string {
	partition, account, region := *stack.Partition(), *stack.Account(), *stack.Region()
	return func(role string) *string {
		return jsii.String(fmt.Sprintf("arn:%s:iam::%s:role/cdk-%s-%s-role-%s-%s",
			partition, account, qualifier, role, account, region))
	}
}

func statement(sid string, actions []string, resources []*string) awsiam.PolicyStatement {
	return awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String(sid),
		Actions:   jsii.Strings(actions...),
		Resources: &resources,
	})
}

func isTrue(b *bool) bool { return b != nil && *b }

// pushActions push an image to a repository (and read what a push checks).
var pushActions = []string{
	"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
	"ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
}

// registryToken is ecr:GetAuthorizationToken, which acts on the registry,
// not a repository: IAM accepts only "*" here, and the token grants
// nothing on its own.
func registryToken() awsiam.PolicyStatement {
	return statement("GetRegistryToken", []string{"ecr:GetAuthorizationToken"}, []*string{jsii.String("*")})
}

func (d *deployIdentity) buildDeployPolicy(p DeployIdentityProps) {
	// An identity that deploys promoted images publishes none: it needs the
	// bootstrap roles that deploy and publish files (the template), not the
	// one that publishes images.
	roles := bootstrapRoles
	if isTrue(p.DeploysPromotedImages) {
		roles = []string{"deploy", "file-publishing"}
	}
	roleArns := make([]*string, 0, len(roles)*(1+len(p.OtherStacks)))
	for _, role := range roles {
		roleArns = append(roleArns, d.bootstrapRoleArn(role))
	}
	for _, other := range p.OtherStacks {
		otherRoleArn := bootstrapRoleArns(other, *p.BootstrapQualifier)
		for _, role := range roles {
			roleArns = append(roleArns, otherRoleArn(role))
		}
	}

	statements := []awsiam.PolicyStatement{
		statement("AssumeCdkBootstrapRoles", []string{"sts:AssumeRole"}, roleArns),
	}
	if repo := p.ImageRepository; repo != nil && !isTrue(p.DeploysPromotedImages) {
		statements = append(statements,
			statement("PushAndPullImages", pushActions, []*string{repo.RepositoryArn()}),
			registryToken(),
		)
	}

	d.deployPolicy = awsiam.NewManagedPolicy(d.Construct, jsii.String("DeployPolicy"), &awsiam.ManagedPolicyProps{
		Description: jsii.String("Deploys the FastAPI service with cdk deploy (the services' GrantRelease adds the release permissions)."),
		Statements:  &statements,
	})
}

func (d *deployIdentity) buildCodeCommit(p DeployIdentityProps) {
	repoArn := awscdk.Stack_Of(d.Construct).FormatArn(&awscdk.ArnComponents{
		Service:  jsii.String("codecommit"),
		Resource: p.CodeCommitRepositoryName,
	})
	d.codeCommitPolicy = awsiam.NewManagedPolicy(d.Construct, jsii.String("CodeCommitPolicy"), &awsiam.ManagedPolicyProps{
		Description: jsii.String("git pull and push on one CodeCommit repository."),
		Statements: &[]awsiam.PolicyStatement{
			statement("GitPullAndPush", []string{"codecommit:GitPull", "codecommit:GitPush"}, []*string{repoArn}),
		},
	})
	d.group.AddManagedPolicy(d.codeCommitPolicy)
	if p.SshPublicKey != nil {
		d.uploadSshKey(strings.TrimSpace(*p.SshPublicKey))
	}
}

// uploadSshKey registers the key with IAM for the user on create and on a key
// change, and deletes it when the resource is removed or replaced.
func (d *deployIdentity) uploadSshKey(key string) {
	upload := &customresources.AwsSdkCall{
		Service: jsii.String("IAM"),
		Action:  jsii.String("uploadSSHPublicKey"),
		Parameters: &map[string]interface{}{
			"UserName":         d.user.UserName(),
			"SSHPublicKeyBody": key,
		},
		PhysicalResourceId: customresources.PhysicalResourceId_FromResponse(jsii.String("SSHPublicKey.SSHPublicKeyId")),
	}
	resource := customresources.NewAwsCustomResource(d.Construct, jsii.String("SshPublicKey"), &customresources.AwsCustomResourceProps{
		OnCreate: upload,
		OnUpdate: upload,
		OnDelete: &customresources.AwsSdkCall{
			Service: jsii.String("IAM"),
			Action:  jsii.String("deleteSSHPublicKey"),
			Parameters: &map[string]interface{}{
				"UserName":       d.user.UserName(),
				"SSHPublicKeyId": customresources.NewPhysicalResourceIdReference(),
			},
		},
		Policy: customresources.AwsCustomResourcePolicy_FromStatements(&[]awsiam.PolicyStatement{
			statement("ManageDeployUserSshKey", []string{"iam:UploadSSHPublicKey", "iam:DeleteSSHPublicKey"},
				[]*string{d.user.UserArn()}),
		}),
		InstallLatestAwsSdk: jsii.Bool(false),
	})
	d.sshPublicKeyId = resource.GetResponseField(jsii.String("SSHPublicKey.SSHPublicKeyId"))
}

func (d *deployIdentity) buildAccessKey(p DeployIdentityProps) {
	key := awsiam.NewAccessKey(d.Construct, jsii.String("AccessKey"), &awsiam.AccessKeyProps{
		User:   d.user,
		Serial: p.AccessKeySerial,
	})
	// The template holds only references to the key's attributes; its secret
	// exists in clear nowhere but the secret's value.
	d.accessKeySecret = awssecretsmanager.NewSecret(d.Construct, jsii.String("AccessKeySecret"), &awssecretsmanager.SecretProps{
		Description:   jsii.String("Access key of the FastAPI service's deploy user."),
		EncryptionKey: p.AccessKeySecretEncryptionKey,
		SecretObjectValue: &map[string]awscdk.SecretValue{
			"accessKeyId":     awscdk.SecretValue_UnsafePlainText(key.AccessKeyId()),
			"secretAccessKey": key.SecretAccessKey(),
		},
	})
	if readers := p.AccessKeyReaders; readers != nil {
		// Only the named principals, and the CloudFormation execution role that
		// manages the secret, may read it: a deny that identity policies
		// granting secretsmanager:* cannot override.
		allowed := append([]*string{d.bootstrapRoleArn("cfn-exec")}, *readers...)
		d.accessKeySecret.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("OnlyNamedReaders"),
			Effect:     awsiam.Effect_DENY,
			Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
			Actions:    jsii.Strings("secretsmanager:GetSecretValue"),
			Resources:  jsii.Strings("*"),
			Conditions: &map[string]interface{}{
				"StringNotEquals": map[string]interface{}{"aws:PrincipalArn": allowed},
			},
		}))
		if key, ok := p.AccessKeySecretEncryptionKey.(awskms.Key); ok {
			d.letReadersDecrypt(key, *readers)
		}
	}
}

// letReadersDecrypt lets the named readers decrypt the secret with key,
// through Secrets Manager in this region only.
func (d *deployIdentity) letReadersDecrypt(key awskms.Key, readers []*string) {
	principals := make([]awsiam.IPrincipal, len(readers))
	for i, arn := range readers {
		principals[i] = awsiam.NewArnPrincipal(arn)
	}
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AccessKeyReadersDecrypt"),
		Principals: &principals,
		Actions:    jsii.Strings("kms:Decrypt"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]interface{}{
			"StringEquals": map[string]interface{}{
				"kms:ViaService": "secretsmanager." + *d.stack.Region() + ".amazonaws.com",
			},
		},
	}), nil)
}

func (d *deployIdentity) buildGitHub(p DeployIdentityProps) {
	d.gitHubProvider = p.GitHubOidcProvider
	if d.gitHubProvider == nil {
		provider := awsiam.NewOidcProviderNative(d.Construct, jsii.String("GitHubOidcProvider"), &awsiam.OidcProviderNativeProps{
			Url:       jsii.String("https://" + GitHubTokenHost),
			ClientIds: jsii.Strings("sts.amazonaws.com"),
		})
		// The provider serves the whole account (other stacks' roles may trust
		// it): deleting this stack leaves it in place.
		provider.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN)
		d.gitHubProvider = provider
	}

	repo := *p.GitHubRepository
	deploySubject := fmt.Sprintf("repo:%s:ref:refs/heads/%s", repo, DefaultGitHubBranch)
	switch {
	case p.GitHubEnvironment != nil:
		deploySubject = fmt.Sprintf("repo:%s:environment:%s", repo, *p.GitHubEnvironment)
	case p.GitHubBranch != nil:
		deploySubject = fmt.Sprintf("repo:%s:ref:refs/heads/%s", repo, *p.GitHubBranch)
	}

	d.gitHubDeployRole = awsiam.NewRole(d.Construct, jsii.String("GitHubDeployRole"), &awsiam.RoleProps{
		AssumedBy:          d.gitHubPrincipal(deploySubject),
		Description:        jsii.String("Assumed by GitHub Actions to deploy and release the FastAPI service: " + deploySubject),
		ManagedPolicies:    &[]awsiam.IManagedPolicy{d.deployPolicy},
		MaxSessionDuration: awscdk.Duration_Hours(jsii.Number(1)),
	})
	for _, svc := range p.Services {
		svc.GrantRelease(d.gitHubDeployRole)
	}

	reviewSubject := fmt.Sprintf("repo:%s:pull_request", repo)
	d.gitHubReviewRole = awsiam.NewRole(d.Construct, jsii.String("GitHubReviewRole"), &awsiam.RoleProps{
		AssumedBy:          d.gitHubPrincipal(reviewSubject),
		Description:        jsii.String("Assumed by GitHub Actions on pull requests to run cdk diff: " + reviewSubject),
		MaxSessionDuration: awscdk.Duration_Hours(jsii.Number(1)),
	})
	// The two calls `cdk diff --method template` makes for a stack when the
	// lookup role is not assumed (aws-cdk 2.1148: DescribeStacks, then
	// GetTemplate; no SSM read of the bootstrap version on that path).
	stackArns := []*string{d.stack.FormatArn(&awscdk.ArnComponents{
		Service:      jsii.String("cloudformation"),
		Resource:     jsii.String("stack"),
		ResourceName: jsii.String(*d.stack.StackName() + "/*"),
	})}
	// Another stack's ARN, written out: its account and region are pinned,
	// and FormatArn on it would make a reference across stacks.
	for _, other := range p.OtherStacks {
		stackArns = append(stackArns, jsii.String(fmt.Sprintf("arn:%s:cloudformation:%s:%s:stack/%s/*",
			*d.stack.Partition(), *other.Region(), *other.Account(), *other.StackName())))
	}
	d.gitHubReviewRole.AddToPolicy(statement("ReadThisStack",
		[]string{"cloudformation:DescribeStacks", "cloudformation:GetTemplate"}, stackArns))

	if isTrue(p.GitHubBuildRole) {
		d.buildGitHubBuildRole(p)
	}
}

// buildGitHubBuildRole is the role CI's build job assumes: the branch's
// workflow runs may push to the one repository, and read it to find the
// repository's address; nothing else.
func (d *deployIdentity) buildGitHubBuildRole(p DeployIdentityProps) {
	branch := DefaultGitHubBranch
	if p.GitHubBranch != nil {
		branch = *p.GitHubBranch
	}
	subject := fmt.Sprintf("repo:%s:ref:refs/heads/%s", *p.GitHubRepository, branch)
	repo := p.ImageRepository.RepositoryArn()
	// A managed policy of its own, as the deploy policy: no inline policy.
	policy := awsiam.NewManagedPolicy(d.Construct, jsii.String("BuildPolicy"), &awsiam.ManagedPolicyProps{
		Description: jsii.String("Pushes the image CI builds once a commit to one ECR repository."),
		Statements: &[]awsiam.PolicyStatement{
			statement("PushImages", append([]string{"ecr:DescribeRepositories"}, pushActions...), []*string{repo}),
			registryToken(),
		},
	})
	d.gitHubBuildRole = awsiam.NewRole(d.Construct, jsii.String("GitHubBuildRole"), &awsiam.RoleProps{
		AssumedBy:          d.gitHubPrincipal(subject),
		Description:        jsii.String("Assumed by GitHub Actions to push the image built once a commit: " + subject),
		ManagedPolicies:    &[]awsiam.IManagedPolicy{policy},
		MaxSessionDuration: awscdk.Duration_Hours(jsii.Number(1)),
	})
}

// gitHubPrincipal trusts tokens issued to exactly one subject, for STS.
func (d *deployIdentity) gitHubPrincipal(subject string) awsiam.IPrincipal {
	return awsiam.NewOpenIdConnectPrincipal(d.gitHubProvider, &map[string]interface{}{
		"StringEquals": map[string]interface{}{
			GitHubTokenHost + ":aud": "sts.amazonaws.com",
			GitHubTokenHost + ":sub": subject,
		},
	})
}

func (d *deployIdentity) Group() awsiam.Group                       { return d.group }
func (d *deployIdentity) User() awsiam.User                         { return d.user }
func (d *deployIdentity) DeployPolicy() awsiam.ManagedPolicy        { return d.deployPolicy }
func (d *deployIdentity) CodeCommitPolicy() awsiam.ManagedPolicy    { return d.codeCommitPolicy }
func (d *deployIdentity) AccessKeySecret() awssecretsmanager.Secret { return d.accessKeySecret }
func (d *deployIdentity) SshPublicKeyId() *string                   { return d.sshPublicKeyId }
func (d *deployIdentity) GitHubOidcProvider() awsiam.IOidcProvider  { return d.gitHubProvider }
func (d *deployIdentity) GitHubDeployRole() awsiam.Role             { return d.gitHubDeployRole }
func (d *deployIdentity) GitHubReviewRole() awsiam.Role             { return d.gitHubReviewRole }
func (d *deployIdentity) GitHubBuildRole() awsiam.Role              { return d.gitHubBuildRole }

// gitHubProviders records, per app, which construct creates the GitHub OIDC
// provider of each account: IAM holds one provider per URL in an account,
// so a second one would fail the deploy. Account is a token for a stack
// without an environment: all such stacks count as one account.
var gitHubProviders = map[constructs.IConstruct]map[string]string{}

func claimGitHubProvider(stack awscdk.Stack, path string) {
	root := stack.Node().Root()
	account := *stack.Account()
	if gitHubProviders[root] == nil {
		gitHubProviders[root] = map[string]string{}
	}
	if first, taken := gitHubProviders[root][account]; taken {
		where := "account " + account
		if *awscdk.Token_IsUnresolved(jsii.String(account)) {
			where = "the account that stacks without an environment deploy to"
		}
		panic(fmt.Sprintf("deployidentity: %s would create a second GitHub OIDC provider in %s; %s creates the first, "+
			"and an account holds one per URL, so the deploy would fail. Share the first: pass its GitHubOidcProvider() "+
			"as GitHubOidcProvider (from another app, awsiam.OidcProviderNative_FromOidcProviderArn; in this "+
			"repository's app, the setting githubOidcProviderArn)", path, where, first))
	}
	gitHubProviders[root][account] = path
}
