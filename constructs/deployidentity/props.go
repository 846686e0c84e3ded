package deployidentity

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
)

// Defaults applied when a prop is nil.
const (
	DefaultBootstrapQualifier = "hnb659fds"
	DefaultGitHubBranch       = "main"
)

// DeployIdentityProps configures a DeployIdentity. The four CodeDeploy props
// are required: they are the only resources the identities may release.
type DeployIdentityProps struct {
	// CodeDeploy application whose revisions the identities register and read.
	// Required.
	Application awscodedeploy.ILambdaApplication

	// Deployment group the identities create, read and stop deployments in.
	// Required.
	DeploymentGroup awscodedeploy.ILambdaDeploymentGroup

	// Deployment configuration of DeploymentGroup, which the identities may read.
	// Required.
	DeploymentConfig awscodedeploy.ILambdaDeploymentConfig

	// The CodeDeploy service role: the one role the identities may pass, and
	// only to codedeploy.amazonaws.com. Required.
	CodeDeployServiceRole awsiam.IRole

	// Qualifier of the CDK bootstrap stack whose roles `cdk deploy` assumes.
	// Default: "hnb659fds", the CDK's default qualifier.
	BootstrapQualifier *string

	// ECR repository the deploy user pushes images to by hand (`docker push`).
	// Default: none; the identities get no ECR permissions (`cdk deploy`
	// publishes images through the bootstrap image-publishing role).
	ImageRepository awsecr.IRepository

	// Whether the deploy user gets an access key. Its secret goes into a
	// Secrets Manager secret, never into an output. Default: false; prefer the
	// GitHub OIDC roles.
	AccessKey *bool

	// Serial of the access key: change it to replace the key (rotation).
	// Requires AccessKey. Default: no serial.
	AccessKeySerial *float64

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

	// An existing IAM OIDC provider for token.actions.githubusercontent.com (an
	// account holds at most one). Default: one is created.
	GitHubOidcProvider awsiam.IOidcProvider
}
