// Command fastapi-lambda-cdk is the CDK app: it synthesizes the stack that runs
// lambda-app on AWS Lambda. It is the only place that reads the environment,
// the CDK context and the working directory.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// Context keys, set with `cdk synth -c key=value` or in cdk.json.
const (
	contextStackName = "stackName"
	contextUrlAuth   = "urlAuthType"
	contextAccount   = "account"
	contextRegion    = "region"
)

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)

	imageDir, err := filepath.Abs("lambda-app")
	if err != nil {
		panic(fmt.Sprintf("cannot resolve the image directory lambda-app: %v", err))
	}

	stackName := contextString(app, contextStackName, "FastApiLambda")
	stacks.NewServiceStack(app, stackName, &stacks.ServiceStackProps{
		StackProps: awscdk.StackProps{
			Env:         environment(app),
			Description: jsii.String("FastAPI on AWS Lambda behind a Function URL, released by CodeDeploy (fastapi-lambda-cdk)"),
		},
		ImageDirectory: jsii.String(imageDir),
		UrlAuthType:    awslambda.FunctionUrlAuthType(contextString(app, contextUrlAuth, string(awslambda.FunctionUrlAuthType_NONE))),
	})

	app.Synth(nil)
}

// environment pins the stack to an account and region when the context or the
// CDK CLI (CDK_DEFAULT_ACCOUNT/REGION, from the caller's credentials) names
// both; otherwise the stack is environment-agnostic and synthesizes with no
// AWS account at all.
func environment(app awscdk.App) *awscdk.Environment {
	account := contextString(app, contextAccount, os.Getenv("CDK_DEFAULT_ACCOUNT"))
	region := contextString(app, contextRegion, os.Getenv("CDK_DEFAULT_REGION"))
	if account == "" || region == "" {
		return nil
	}
	return &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
}

func contextString(app awscdk.App, key, fallback string) string {
	v := app.Node().TryGetContext(jsii.String(key))
	if v == nil {
		return fallback
	}
	s, ok := v.(string)
	if !ok || s == "" {
		panic(fmt.Sprintf("context %s must be a non-empty string, got %v", key, v))
	}
	return s
}
