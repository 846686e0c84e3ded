package deployidentity_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

// The identities that deploy a service: a deploy user with no key, and
// keyless GitHub Actions roles for the main branch and for pull requests.
func ExampleNewDeployIdentity() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Api"), nil)
	svc := fastapilambda.NewService(stack, "Service", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String("../fastapilambda/testdata/image"),
	})

	deploy := deployidentity.NewDeployIdentity(stack, "Deploy", &deployidentity.DeployIdentityProps{
		Application:           svc.Application(),
		DeploymentGroup:       svc.DeploymentGroup(),
		DeploymentConfig:      svc.DeploymentConfig(),
		CodeDeployServiceRole: svc.ServiceRole(),
		GitHubRepository:      jsii.String("acme/api"),
	})

	fmt.Println(deploy.AccessKeySecret() == nil, deploy.GitHubDeployRole() != nil)
	// Output: true true
}
