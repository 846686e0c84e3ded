// Command fastapi-lambda-cdk is the CDK app: it synthesizes the stack that runs
// lambda-app on AWS Lambda. It is the only place that reads the environment,
// the CDK context and the working directory.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/summary"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// Context keys, set with `cdk synth -c key=value` or in cdk.json.
const (
	contextStackName          = "stackName"
	contextUrlAuth            = "urlAuthType"
	contextAccount            = "account"
	contextRegion             = "region"
	contextImageRepository    = "imageRepository"
	contextImageTagOrDigest   = "imageTagOrDigest"
	contextBootstrapQualifier = "@aws-cdk/core:bootstrapQualifier" // the CDK's own key
	contextAccessKey          = "deployAccessKey"
	contextAccessKeySerial    = "deployAccessKeySerial"
	contextSshPublicKey       = "sshPublicKey"
	contextCodeCommitRepo     = "codeCommitRepository"
	contextGitHubRepository   = "githubRepository"
	contextGitHubBranch       = "githubBranch"
	contextGitHubEnvironment  = "githubEnvironment"
	contextGitHubProviderArn  = "githubOidcProviderArn"
	contextPrintSummary       = "printSummary" // set by make synth
)

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	ctx := readContext(app)
	stack := stacks.NewServiceStack(app, ctx.string(contextStackName, "FastApiLambda"), stackProps(ctx)).Stack()
	assembly := app.Synth(nil)

	// In process, the summary costs a file read; a separate program would
	// cost a process start on every `make synth`.
	if ctx.bool(contextPrintSummary) {
		file := filepath.Join(*assembly.Directory(), *stack.TemplateFile())
		raw, err := os.ReadFile(file)
		if err == nil {
			err = summary.Write(os.Stderr, filepath.Join("cdk.out", *stack.TemplateFile()), raw)
		}
		if err != nil {
			panic(err)
		}
	}
}

// stackProps maps the context onto the stack's props. lambda-app is built from
// the working directory unless the context names an ECR repository.
func stackProps(ctx appContext) *stacks.ServiceStackProps {
	props := &stacks.ServiceStackProps{
		StackProps: awscdk.StackProps{
			Env:         environment(ctx),
			Description: jsii.String("FastAPI on AWS Lambda behind a Function URL, released by CodeDeploy (fastapi-lambda-cdk)"),
		},
		UrlAuthType:              awslambda.FunctionUrlAuthType(ctx.string(contextUrlAuth, string(awslambda.FunctionUrlAuthType_NONE))),
		ImageRepositoryName:      ctx.optional(contextImageRepository),
		ImageTagOrDigest:         ctx.optional(contextImageTagOrDigest),
		BootstrapQualifier:       ctx.optional(contextBootstrapQualifier),
		DeployAccessKey:          jsii.Bool(ctx.bool(contextAccessKey)),
		SshPublicKey:             ctx.optional(contextSshPublicKey),
		CodeCommitRepositoryName: ctx.optional(contextCodeCommitRepo),
		GitHubRepository:         ctx.optional(contextGitHubRepository),
		GitHubBranch:             ctx.optional(contextGitHubBranch),
		GitHubEnvironment:        ctx.optional(contextGitHubEnvironment),
		GitHubOidcProviderArn:    ctx.optional(contextGitHubProviderArn),
	}
	if serial := ctx.optional(contextAccessKeySerial); serial != nil {
		n, err := strconv.ParseFloat(*serial, 64)
		if err != nil {
			panic(fmt.Sprintf("context %s must be a number, got %q", contextAccessKeySerial, *serial))
		}
		props.DeployAccessKeySerial = jsii.Number(n)
	}
	if props.ImageRepositoryName == nil {
		imageDir, err := filepath.Abs("lambda-app")
		if err != nil {
			panic(fmt.Sprintf("cannot resolve the image directory lambda-app: %v", err))
		}
		props.ImageDirectory = jsii.String(imageDir)
	}
	return props
}

// environment pins the stack to an account and region when the context or the
// CDK CLI (CDK_DEFAULT_ACCOUNT/REGION, from the caller's credentials) names
// both; otherwise the stack is environment-agnostic and synthesizes with no
// AWS account at all.
func environment(ctx appContext) *awscdk.Environment {
	account := ctx.string(contextAccount, os.Getenv("CDK_DEFAULT_ACCOUNT"))
	region := ctx.string(contextRegion, os.Getenv("CDK_DEFAULT_REGION"))
	if account == "" || region == "" {
		return nil
	}
	return &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
}

// appContext is the app's whole context (cdk.json, cdk.context.json and -c
// flags), read once: each read through jsii is a round trip to node.
type appContext map[string]interface{}

func readContext(app awscdk.App) appContext {
	all, _ := app.Node().GetAllContext(nil).(map[string]interface{})
	return all
}

// string reads a string; numbers given on the command line arrive as
// strings, in cdk.json they may not.
func (c appContext) string(key, fallback string) string {
	v, ok := c[key]
	if !ok || v == nil {
		return fallback
	}
	s, ok := v.(string)
	if !ok || s == "" {
		if n, isNumber := v.(float64); isNumber {
			return strconv.FormatFloat(n, 'f', -1, 64)
		}
		panic(fmt.Sprintf("context %s must be a non-empty string, got %v", key, v))
	}
	return s
}

func (c appContext) optional(key string) *string {
	if v := c.string(key, ""); v != "" {
		return jsii.String(v)
	}
	return nil
}

// bool accepts true or false, as a boolean (cdk.json) or a string (-c).
func (c appContext) bool(key string) bool {
	switch v := c[key].(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	panic(fmt.Sprintf("context %s must be true or false, got %v", key, c[key]))
}
