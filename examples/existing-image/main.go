// Command existing-image is an example CDK app: a private FastAPI service
// whose image a pipeline has already pushed to ECR, deployed by its digest,
// and a role that may call it.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	newPrivateApiStack(app, "PrivateApi", &privateApiStackProps{
		RepositoryName: "orders-api",
		// The digest `docker push` printed: a new one is a new release.
		ImageDigest:    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		CallerRoleName: "orders-client",
	})
	app.Synth(nil)
}

type privateApiStackProps struct {
	awscdk.StackProps
	// ECR repository, in the stack's account and region, holding the image.
	RepositoryName string
	// Digest of the image to run, "sha256:...".
	ImageDigest string
	// Existing IAM role, in the same account, that may call the URL.
	CallerRoleName string
}

// privateApiStack exposes what the test looks at.
type privateApiStack struct {
	awscdk.Stack
	Api    fastapilambda.Service
	Caller awsiam.IRole
}

func newPrivateApiStack(scope constructs.Construct, id string, props *privateApiStackProps) *privateApiStack {
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)

	repository := awsecr.Repository_FromRepositoryName(stack, jsii.String("Repository"), jsii.String(props.RepositoryName))
	api := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
		ImageRepository:  repository,
		ImageTagOrDigest: jsii.String(props.ImageDigest),
		// Signed (SigV4) requests from granted principals only.
		UrlAuthType: awslambda.FunctionUrlAuthType_AWS_IAM,
	})
	caller := awsiam.Role_FromRoleName(stack, jsii.String("Caller"), jsii.String(props.CallerRoleName), nil)
	api.GrantInvokeUrl(caller)

	awscdk.NewCfnOutput(stack, jsii.String("Url"), &awscdk.CfnOutputProps{Value: api.Url().Url()})
	return &privateApiStack{Stack: stack, Api: api, Caller: caller}
}
