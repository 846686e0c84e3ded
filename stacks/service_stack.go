package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

// DefaultReservedConcurrency caps a public website's concurrent executions, so
// a flood of anonymous requests is throttled instead of billed without limit.
const DefaultReservedConcurrency = 10

// ServiceStackProps configures a ServiceStack.
type ServiceStackProps struct {
	awscdk.StackProps

	// Absolute path of the directory holding the FastAPI image's Dockerfile.
	// Required.
	ImageDirectory *string

	// Who may call the Function URL. Default: NONE, a public website as in the
	// walkthrough; AWS_IAM makes it private to principals granted access.
	UrlAuthType awslambda.FunctionUrlAuthType

	// Cap on concurrent executions. Default: 10.
	ReservedConcurrency *float64
}

// ServiceStack deploys lambda-app as a FastAPI service released by CodeDeploy.
type ServiceStack struct {
	awscdk.Stack
	// Service is the construct the stack composes, for tests and further wiring.
	Service fastapilambda.Service
}

// NewServiceStack builds the stack and its outputs: the Function URL (the
// CNAME target for a custom domain) and the CodeDeploy names that release
// tooling needs.
func NewServiceStack(scope constructs.Construct, id string, props *ServiceStackProps) *ServiceStack {
	if props == nil || props.ImageDirectory == nil {
		panic("stacks: ImageDirectory is required")
	}
	authType := props.UrlAuthType
	if authType == "" {
		authType = awslambda.FunctionUrlAuthType_NONE
	}
	if authType != awslambda.FunctionUrlAuthType_NONE && authType != awslambda.FunctionUrlAuthType_AWS_IAM {
		panic(fmt.Sprintf("stacks: UrlAuthType must be NONE or AWS_IAM, got %q", authType))
	}
	reserved := props.ReservedConcurrency
	if reserved == nil {
		reserved = jsii.Number(DefaultReservedConcurrency)
	}

	stack := awscdk.NewStack(scope, &id, &props.StackProps)
	svc := fastapilambda.NewService(stack, "Service", &fastapilambda.ServiceProps{
		ImageDirectory:               props.ImageDirectory,
		UrlAuthType:                  authType,
		ReservedConcurrentExecutions: reserved,
	})

	awscdk.NewCfnOutput(stack, jsii.String("FunctionUrl"), &awscdk.CfnOutputProps{
		Value:       svc.Url().Url(),
		Description: jsii.String("Function URL of the live alias; point a custom domain's CNAME at its host."),
	})
	awscdk.NewCfnOutput(stack, jsii.String("CodeDeployApplicationName"), &awscdk.CfnOutputProps{
		Value:       svc.Application().ApplicationName(),
		Description: jsii.String("CodeDeploy application that releases the function."),
	})
	awscdk.NewCfnOutput(stack, jsii.String("DeploymentGroupName"), &awscdk.CfnOutputProps{
		Value:       svc.DeploymentGroup().DeploymentGroupName(),
		Description: jsii.String("CodeDeploy deployment group that shifts the live alias."),
	})

	return &ServiceStack{Stack: stack, Service: svc}
}
