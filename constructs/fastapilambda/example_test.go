package fastapilambda_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

// A public website from a directory holding a Dockerfile: `cdk deploy` builds
// the image, and every later change rolls out as a CodeDeploy canary.
func ExampleNewService() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Website"), nil)

	svc := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory:               jsii.String("testdata/image"),
		UrlAuthType:                  awslambda.FunctionUrlAuthType_NONE,
		ReservedConcurrentExecutions: jsii.Number(10),
	})
	awscdk.NewCfnOutput(stack, jsii.String("Url"), &awscdk.CfnOutputProps{Value: svc.Url().Url()})

	fmt.Println(*svc.Alias().AliasName(), *svc.DeploymentConfig().DeploymentConfigName())
	// Output: live CodeDeployDefault.LambdaCanary10Percent5Minutes
}

// A private API whose image a pipeline pushes to ECR by digest; only the
// granted role may call its URL.
func ExampleNewService_imageFromEcr() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("PrivateApi"), nil)
	repo := awsecr.Repository_FromRepositoryName(stack, jsii.String("Repo"), jsii.String("my_app"))

	svc := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
		ImageRepository:  repo,
		ImageTagOrDigest: jsii.String("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
	})
	caller := awsiam.NewRole(stack, jsii.String("Caller"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewAccountRootPrincipal(),
	})
	svc.GrantInvokeUrl(caller)

	fmt.Println(len(svc.Alarms()), "alarms roll a release back")
	// Output: 4 alarms roll a release back
}
