package fastapilambda_test

import (
	"fmt"
	"path/filepath"
	"runtime"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
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
	// The image directory, absolute: found from this source file, not from
	// the working directory (which `go test` sets to the package's folder).
	_, file, _, _ := runtime.Caller(0)
	imageDir := filepath.Join(filepath.Dir(file), "testdata", "image")

	svc := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory:               jsii.String(imageDir),
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

// An alarm of the app's own, added after construction: it stops and rolls
// back a release like the built-in four, and CodeDeploy's role may read it.
func ExampleService_AddAlarm() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), nil)
	repo := awsecr.Repository_FromRepositoryName(stack, jsii.String("Repo"), jsii.String("shop"))
	svc := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
		ImageRepository:  repo,
		ImageTagOrDigest: jsii.String("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
	})

	failedOrders := awscloudwatch.NewAlarm(stack, jsii.String("FailedOrders"), &awscloudwatch.AlarmProps{
		Metric:            awscloudwatch.NewMetric(&awscloudwatch.MetricProps{Namespace: jsii.String("Shop"), MetricName: jsii.String("FailedOrders")}),
		Threshold:         jsii.Number(1),
		EvaluationPeriods: jsii.Number(1),
	})
	svc.AddAlarm(failedOrders)

	fmt.Println(len(svc.Alarms()), "alarms roll a release back")
	// Output: 5 alarms roll a release back
}
