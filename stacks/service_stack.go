package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

// DefaultReservedConcurrency caps a public website's concurrent executions, so
// a flood of anonymous requests is throttled instead of billed without limit.
const DefaultReservedConcurrency = 10

// ServiceStackProps configures a ServiceStack.
type ServiceStackProps struct {
	awscdk.StackProps

	// Absolute path of the directory holding the FastAPI image's Dockerfile.
	// Required unless ImageRepositoryName is set.
	ImageDirectory *string

	// Name of an existing ECR repository that images are pushed to by hand
	// (docker push), instead of building ImageDirectory at deploy. The deploy
	// identities may push to and pull from it. Default: none.
	ImageRepositoryName *string

	// Tag or digest of the image in ImageRepositoryName. Default: "latest".
	ImageTagOrDigest *string

	// Who may call the Function URL. Default: NONE, a public website as in the
	// walkthrough (the stack's decision; the construct's own default is
	// AWS_IAM); AWS_IAM makes it private to principals granted access.
	UrlAuthType awslambda.FunctionUrlAuthType

	// Cap on concurrent executions. Default: 10.
	ReservedConcurrency *float64

	// Who may deploy and release the service: the deploy identities' options,
	// as deployidentity documents them.
	Deploy deployidentity.DeployIdentityOptions

	// ARN of the account's existing OIDC provider for GitHub Actions, used
	// instead of creating one. Default: one is created when
	// Deploy.GitHubRepository is set.
	GitHubOidcProviderArn *string
}

// ServiceStack deploys lambda-app as a FastAPI service released by CodeDeploy,
// with the least-privilege identities that deploy and release it.
type ServiceStack interface {
	// Stack is the CloudFormation stack.
	Stack() awscdk.Stack
	// Service is the FastAPI service and its release path.
	Service() fastapilambda.Service
	// DeployIdentity is the deploy user, its group and the optional CI roles.
	DeployIdentity() deployidentity.DeployIdentity
}

type serviceStack struct {
	stack    awscdk.Stack
	service  fastapilambda.Service
	identity deployidentity.DeployIdentity
}

func (s *serviceStack) Stack() awscdk.Stack                           { return s.stack }
func (s *serviceStack) Service() fastapilambda.Service                { return s.service }
func (s *serviceStack) DeployIdentity() deployidentity.DeployIdentity { return s.identity }

// NewServiceStack builds the stack and its outputs: the Function URL (the
// CNAME target for a custom domain) and the CodeDeploy names that release
// tooling needs.
func NewServiceStack(scope constructs.Construct, id string, props *ServiceStackProps) ServiceStack {
	if props == nil {
		props = &ServiceStackProps{}
	}
	authType := props.UrlAuthType
	if authType == "" {
		authType = awslambda.FunctionUrlAuthType_NONE
	}
	reserved := props.ReservedConcurrency
	if reserved == nil {
		reserved = jsii.Number(DefaultReservedConcurrency)
	}

	stack := awscdk.NewStack(scope, &id, &props.StackProps)
	serviceProps := &fastapilambda.ServiceProps{
		ImageDirectory:               props.ImageDirectory,
		ImageTagOrDigest:             props.ImageTagOrDigest,
		UrlAuthType:                  authType,
		ReservedConcurrentExecutions: reserved,
	}
	var repository awsecr.IRepository
	if props.ImageRepositoryName != nil {
		repository = awsecr.Repository_FromRepositoryName(stack, jsii.String("ImageRepository"), props.ImageRepositoryName)
		serviceProps.ImageRepository = repository
	}
	svc := fastapilambda.NewService(stack, "Service", serviceProps)

	var gitHubProvider awsiam.IOidcProvider
	if props.GitHubOidcProviderArn != nil {
		gitHubProvider = awsiam.OidcProviderNative_FromOidcProviderArn(stack, jsii.String("GitHubOidcProvider"), props.GitHubOidcProviderArn)
	}
	identity := deployidentity.NewDeployIdentity(stack, "Deploy", &deployidentity.DeployIdentityProps{
		DeployIdentityOptions: props.Deploy,
		Services:              []deployidentity.Releasable{svc},
		ImageRepository:       repository,
		GitHubOidcProvider:    gitHubProvider,
	})

	output(stack, "FunctionUrl", svc.Url().Url(), "Function URL of the live alias; point a custom domain's CNAME at its host.")
	output(stack, "CodeDeployApplicationName", svc.Application().ApplicationName(), "CodeDeploy application that releases the function.")
	output(stack, "DeploymentGroupName", svc.DeploymentGroup().DeploymentGroupName(), "CodeDeploy deployment group that shifts the live alias.")

	output(stack, "DeployUserName", identity.User().UserName(), "Deploy user: no console password; its permissions are on its group.")
	if secret := identity.AccessKeySecret(); secret != nil {
		output(stack, "DeployAccessKeySecretArn", secret.SecretArn(), "Secrets Manager secret holding the deploy user's access key.")
	}
	if keyID := identity.SshPublicKeyId(); keyID != nil {
		output(stack, "DeploySshPublicKeyId", keyID, "SSH user name for git over SSH to CodeCommit.")
	}
	if role := identity.GitHubDeployRole(); role != nil {
		output(stack, "GitHubDeployRoleArn", role.RoleArn(), "role-to-assume for GitHub Actions deploys.")
		output(stack, "GitHubReviewRoleArn", identity.GitHubReviewRole().RoleArn(), "role-to-assume for cdk diff on pull requests.")
	}

	return &serviceStack{stack: stack, service: svc, identity: identity}
}

func output(stack awscdk.Stack, id string, value *string, description string) {
	awscdk.NewCfnOutput(stack, jsii.String(id), &awscdk.CfnOutputProps{Value: value, Description: jsii.String(description)})
}
