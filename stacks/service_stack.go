package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
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
	// AWS_IAM); AWS_IAM makes it private to principals granted access. With
	// FrontDoor, AWS_IAM (the only value it takes): the distribution alone
	// may call the URL.
	UrlAuthType awslambda.FunctionUrlAuthType

	// Cap on concurrent executions. Default: Service.ReservedConcurrentExecutions
	// if set, else 10.
	ReservedConcurrency *float64

	// Options of the service, passed to fastapilambda.NewService as they are
	// (dashboard, log levels, tracing, provisioned concurrency, alarm
	// thresholds, ...), each with the construct's documented default. The
	// stack sets the image from its own props, and UrlAuthType and the
	// reserved concurrency from its props above when they are set.
	Service fastapilambda.ServiceProps

	// Email address the rollback alarms notify when they fire and recover,
	// through an SNS topic the stack creates (or Service.AlarmTopic). SNS
	// first mails a confirmation link. Default: none.
	AlarmEmail *string

	// Whether the stack creates a customer-managed KMS key (rotated yearly,
	// kept when the stack is deleted) that encrypts the log group, the
	// alarm topic and the deploy access key's secret. Default: false; each is
	// encrypted with an AWS key, and the alarm topic is not encrypted (alarms
	// cannot publish to a topic under the AWS managed aws/sns key).
	CustomerManagedKey *bool

	// Who may deploy and release the service: the deploy identities' options,
	// as deployidentity documents them.
	Deploy deployidentity.DeployIdentityOptions

	// ARN of the account's existing OIDC provider for GitHub Actions, used
	// instead of creating one. Default: one is created when
	// Deploy.GitHubRepository is set.
	GitHubOidcProviderArn *string

	// A CloudFront front door before the Function URL: a distribution with
	// origin access control, an optional domain with its certificate, and a
	// WAF web ACL. Needs Env with an account and a region. Outside
	// us-east-1, the edge (certificate, web ACL, payload-hash function) goes
	// to a second stack, STACK-Edge in us-east-1 of the same account, which
	// the service's stack reads through cross-region references and depends
	// on; it deploys through the bootstrap stack of Deploy.BootstrapQualifier
	// there. Default: none; clients call the Function URL.
	FrontDoor *FrontDoorOptions
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
	// FrontDoor is the CloudFront distribution and its records; nil without
	// ServiceStackProps.FrontDoor.
	FrontDoor() frontdoor.FrontDoor
	// Edge is the front door's us-east-1 half, in EdgeStack or, when the
	// service's stack is in us-east-1, in Stack; nil without a front door.
	Edge() frontdoor.Edge
	// EdgeStack is the us-east-1 stack holding Edge; nil without a front
	// door or when the service's stack is in us-east-1.
	EdgeStack() awscdk.Stack
}

type serviceStack struct {
	stack     awscdk.Stack
	service   fastapilambda.Service
	identity  deployidentity.DeployIdentity
	frontDoor frontdoor.FrontDoor
	edge      frontdoor.Edge
	edgeStack awscdk.Stack
}

func (s *serviceStack) Stack() awscdk.Stack                           { return s.stack }
func (s *serviceStack) Service() fastapilambda.Service                { return s.service }
func (s *serviceStack) DeployIdentity() deployidentity.DeployIdentity { return s.identity }
func (s *serviceStack) FrontDoor() frontdoor.FrontDoor                { return s.frontDoor }
func (s *serviceStack) Edge() frontdoor.Edge                          { return s.edge }
func (s *serviceStack) EdgeStack() awscdk.Stack                       { return s.edgeStack }

// NewServiceStack builds the stack and its outputs: where clients call the
// service (the front door's address, or the Function URL) and the CodeDeploy
// names that release tooling needs. With a front door outside us-east-1, it
// also builds the edge's stack in scope.
func NewServiceStack(scope constructs.Construct, id string, props *ServiceStackProps) ServiceStack {
	if props == nil {
		props = &ServiceStackProps{}
	}
	checkFrontDoor(props, id)
	serviceProps := props.Service
	serviceProps.ImageDirectory = props.ImageDirectory
	serviceProps.ImageTagOrDigest = props.ImageTagOrDigest
	switch {
	case props.UrlAuthType != "":
		serviceProps.UrlAuthType = props.UrlAuthType
	case serviceProps.UrlAuthType == "" && props.FrontDoor != nil:
		serviceProps.UrlAuthType = awslambda.FunctionUrlAuthType_AWS_IAM
	case serviceProps.UrlAuthType == "":
		serviceProps.UrlAuthType = awslambda.FunctionUrlAuthType_NONE
	}
	switch {
	case props.ReservedConcurrency != nil:
		serviceProps.ReservedConcurrentExecutions = props.ReservedConcurrency
	case serviceProps.ReservedConcurrentExecutions == nil:
		serviceProps.ReservedConcurrentExecutions = jsii.Number(DefaultReservedConcurrency)
	}

	stackProps := props.StackProps
	if stackProps.Synthesizer == nil && props.Deploy.BootstrapQualifier != nil {
		// Deployed through the bootstrap stack whose roles the identities assume.
		stackProps.Synthesizer = awscdk.NewDefaultStackSynthesizer(&awscdk.DefaultStackSynthesizerProps{Qualifier: props.Deploy.BootstrapQualifier})
	}
	if props.FrontDoor != nil && *props.Env.Region != frontdoor.EdgeRegion {
		stackProps.CrossRegionReferences = jsii.Bool(true)
	}
	stack := awscdk.NewStack(scope, &id, &stackProps)
	var key awskms.Key
	if props.CustomerManagedKey != nil && *props.CustomerManagedKey {
		key = awskms.NewKey(stack, jsii.String("Key"), &awskms.KeyProps{
			Description:       jsii.String("Encrypts the FastAPI service's logs, alarm topic and deploy access key secret."),
			EnableKeyRotation: jsii.Bool(true),
			// Logs and secrets encrypted with it outlive the stack.
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		})
		// Grants on the key only for AWS resources, made by AWS services
		// (Secrets Manager, CloudWatch Logs): no principal can hand the key
		// to another principal with a grant.
		key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("GrantsOnlyForAwsResources"),
			Effect:     awsiam.Effect_DENY,
			Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
			Actions:    jsii.Strings("kms:CreateGrant"),
			Resources:  jsii.Strings("*"),
			Conditions: &map[string]interface{}{
				"BoolIfExists": map[string]interface{}{"kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false"},
			},
		}), nil)
		serviceProps.LogGroupEncryptionKey = key
	}
	if props.AlarmEmail != nil {
		topic := serviceProps.AlarmTopic
		if topic == nil {
			topic = alarmTopic(stack, key)
			serviceProps.AlarmTopic = topic
		}
		// Its own construct ID, not one made from the address.
		awssns.NewSubscription(stack, jsii.String("AlarmEmail"), &awssns.SubscriptionProps{
			Topic:    topic,
			Protocol: awssns.SubscriptionProtocol_EMAIL,
			Endpoint: props.AlarmEmail,
		})
		output(stack, "AlarmTopicArn", topic.TopicArn(), "SNS topic the rollback alarms notify.")
	}
	var repository awsecr.IRepository
	if props.ImageRepositoryName != nil {
		repository = awsecr.Repository_FromRepositoryName(stack, jsii.String("ImageRepository"), props.ImageRepositoryName)
		serviceProps.ImageRepository = repository
	}
	svc := fastapilambda.NewService(stack, "Service", &serviceProps)

	var gitHubProvider awsiam.IOidcProvider
	if props.GitHubOidcProviderArn != nil {
		gitHubProvider = awsiam.OidcProviderNative_FromOidcProviderArn(stack, jsii.String("GitHubOidcProvider"), props.GitHubOidcProviderArn)
	}
	identityProps := &deployidentity.DeployIdentityProps{
		DeployIdentityOptions: props.Deploy,
		Services:              []deployidentity.Releasable{svc},
		ImageRepository:       repository,
		GitHubOidcProvider:    gitHubProvider,
	}
	if key != nil {
		identityProps.AccessKeySecretEncryptionKey = key
	}
	built := &serviceStack{stack: stack, service: svc}
	if props.FrontDoor != nil {
		built.edge, built.frontDoor, built.edgeStack = buildFrontDoor(scope, id, stack, props, svc)
		if built.edgeStack != nil {
			identityProps.OtherStacks = []awscdk.Stack{built.edgeStack}
		}
	}
	identity := deployidentity.NewDeployIdentity(stack, "Deploy", identityProps)
	built.identity = identity

	if door := built.frontDoor; door != nil {
		output(stack, "FrontDoorUrl", door.Address(), "Where clients call the service: the front door (CloudFront).")
		output(stack, "FrontDoorDistributionId", door.Distribution().DistributionId(), "CloudFront distribution of the front door.")
		output(stack, "FunctionUrl", svc.Url().Url(), "Function URL of the live alias: AWS_IAM, reachable through the front door only.")
	} else {
		output(stack, "FunctionUrl", svc.Url().Url(), "Function URL of the live alias; a custom domain goes through a CloudFront front door (README).")
	}
	output(stack, "CodeDeployApplicationName", svc.Application().ApplicationName(), "CodeDeploy application that releases the function.")
	output(stack, "DeploymentGroupName", svc.DeploymentGroup().DeploymentGroupName(), "CodeDeploy deployment group that shifts the live alias.")

	if user := identity.User(); user != nil {
		output(stack, "DeployUserName", user.UserName(), "Deploy user: no console password; its permissions are on its group.")
	}
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
	if role := identity.GitHubBuildRole(); role != nil {
		output(stack, "GitHubBuildRoleArn", role.RoleArn(), "role-to-assume for the deploy workflow's build job (BUILD_ROLE_ARN_<ENVIRONMENT>): pushes the image built once a commit.")
	}

	return built
}

// alarmTopic is the topic the alarms notify: TLS only, and encrypted when
// the stack has a key, which CloudWatch may then use to publish.
func alarmTopic(stack awscdk.Stack, key awskms.Key) awssns.Topic {
	props := &awssns.TopicProps{
		DisplayName: jsii.String("FastAPI service alarms"),
		EnforceSSL:  jsii.Bool(true),
	}
	if key != nil {
		props.MasterKey = key
		key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("CloudWatchAlarmsPublish"),
			Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
			Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
			Resources:  jsii.Strings("*"),
			Conditions: &map[string]interface{}{
				"StringEquals": map[string]interface{}{"aws:SourceAccount": stack.Account()},
			},
		}), nil)
	}
	return awssns.NewTopic(stack, jsii.String("AlarmTopic"), props)
}

func output(stack awscdk.Stack, id string, value *string, description string) {
	awscdk.NewCfnOutput(stack, jsii.String(id), &awscdk.CfnOutputProps{Value: value, Description: jsii.String(description)})
}

// The service's function runs on arm64 (fastapilambda's default
// architecture): CI builds its image on a runner of that architecture
// (Runner), for Platform, rather than under emulation.
const (
	Runner   = "ubuntu-24.04-arm"
	Platform = "linux/arm64"
)
