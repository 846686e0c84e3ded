package deployidentity

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/awsnames"
)

// Defaults applied when a prop is nil.
const (
	// DefaultBootstrapQualifier is the CDK's own, "hnb659fds".
	DefaultBootstrapQualifier = awsnames.DefaultBootstrapQualifier
	// DefaultGitHubBranch is the branch the deploy role trusts when neither
	// GitHubBranch nor GitHubEnvironment is set.
	DefaultGitHubBranch = "main"
)

// Releasable is a service that grants what it takes to release it.
// fastapilambda.Service is one.
type Releasable interface {
	// GrantRelease lets grantee start, watch and stop the service's releases.
	GrantRelease(grantee awsiam.IGrantable) awsiam.Grant
}

// DeployIdentityOptions are the choices about who may deploy, apart from what
// is deployed; a stack that builds a DeployIdentity embeds them in its props.
type DeployIdentityOptions struct {
	// Whether to create the deploy user (no console password) and its
	// group, which carries the user's policies. False leaves both out, for
	// an environment deployed only through the GitHub OIDC roles: no
	// standing IAM user. False requires GitHubRepository, and refuses
	// AccessKey, SshPublicKey and CodeCommitRepositoryName, which are the
	// user's. Default: true.
	DeployUser *bool

	// Qualifier of the CDK bootstrap stack whose roles `cdk deploy` assumes.
	// Default: "hnb659fds", the CDK's default qualifier.
	BootstrapQualifier *string

	// Whether the deploy user gets an access key. Its secret goes into a
	// Secrets Manager secret, never into an output. Default: false; prefer the
	// GitHub OIDC roles.
	AccessKey *bool

	// Serial of the access key: change it to replace the key (rotation).
	// Requires AccessKey. Default: no serial.
	AccessKeySerial *float64

	// ARNs of the IAM roles and users that may read the access key's secret.
	// The secret's resource policy then denies secretsmanager:GetSecretValue
	// to every other principal, whatever its identity policies allow (the CDK
	// CloudFormation execution role keeps it, to manage the secret). Requires
	// AccessKey. Default: none; whoever IAM policies in the account allow may
	// read it.
	AccessKeyReaders *[]*string

	// OpenSSH public key ("ssh-rsa AAAA...") uploaded for the deploy user, for
	// git over SSH to CodeCommit. Requires CodeCommitRepositoryName.
	// Default: none.
	SshPublicKey *string

	// CodeCommit repository the deploy user may git pull from and push to.
	// Default: none; no CodeCommit permissions.
	CodeCommitRepositoryName *string

	// GitHub repository, "owner/name", whose Actions workflows get keyless
	// roles through OIDC: a deploy role and a read-only review role.
	// Default: none; no OIDC roles.
	GitHubRepository *string

	// Branch whose workflow runs may assume the deploy role. Cannot be combined
	// with GitHubEnvironment. Default: "main".
	GitHubBranch *string

	// GitHub environment whose jobs may assume the deploy role, instead of a
	// branch; protect it with required reviewers. Default: none (GitHubBranch).
	GitHubEnvironment *string

	// Whether to create GitHubBuildRole, which workflow runs of the branch CI
	// builds on (GitHubBranch, or DefaultGitHubBranch when the deploy role
	// trusts a GitHubEnvironment) assume to push the image CI builds once a
	// commit to ImageRepository, and do nothing else. Implies
	// DeploysPromotedImages. Requires GitHubRepository and ImageRepository.
	// Default: false.
	GitHubBuildRole *bool

	// Whether the identities deploy images that CI pushed, by digest, and
	// push none themselves: the deploy policy then has no push rights on
	// ImageRepository and may not assume the bootstrap image-publishing role.
	// Requires ImageRepository. Default: false.
	DeploysPromotedImages *bool
}

// DeployIdentityProps configures a DeployIdentity.
type DeployIdentityProps struct {
	DeployIdentityOptions

	// The services the identities release, each through its GrantRelease.
	// Required: at least one.
	Services []Releasable

	// ECR repository the deploy user pushes images to by hand (`docker push`).
	// Default: none; the identities get no ECR permissions (`cdk deploy`
	// publishes images through the bootstrap image-publishing role).
	ImageRepository awsecr.IRepository

	// An existing IAM OIDC provider for token.actions.githubusercontent.com.
	// An account holds one: share the first DeployIdentity's
	// GitHubOidcProvider() with every other one. Default: one is created.
	GitHubOidcProvider awsiam.IOidcProvider

	// Stacks the identities deploy and review besides their own, such as a
	// front door's us-east-1 stack: each deploys through the bootstrap stack
	// of BootstrapQualifier in its own region, whose roles the identities may
	// then assume, and the GitHub review role may read it. Each must be
	// pinned to an account and a region. Default: none.
	OtherStacks []awscdk.Stack

	// Customer-managed KMS key that encrypts the access key's secret. A key
	// created in the same stack (awskms.Key) lets the AccessKeyReaders
	// decrypt through Secrets Manager only; other readers need kms:Decrypt on
	// it in their own policies. Default: the account's aws/secretsmanager key.
	AccessKeySecretEncryptionKey awskms.IKey
}
