package deployidentity_test

import (
	"fmt"
	"path/filepath"
	"runtime"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

// The identities that deploy and release two services: a deploy user with
// no key, and keyless GitHub Actions roles for the main branch and for pull
// requests. Each service grants what releasing it takes (GrantRelease).
func ExampleNewDeployIdentity() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Api"), nil)
	orders := fastapilambda.NewService(stack, "Orders", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(imageDirectory()),
	})
	billing := fastapilambda.NewService(stack, "Billing", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(imageDirectory()),
	})

	deploy := deployidentity.NewDeployIdentity(stack, "Deploy", &deployidentity.DeployIdentityProps{
		Services: []deployidentity.Releasable{orders, billing},
		DeployIdentityOptions: deployidentity.DeployIdentityOptions{
			GitHubRepository: jsii.String("acme/api"),
		},
	})

	fmt.Println(deploy.AccessKeySecret() == nil, deploy.GitHubDeployRole() != nil)
	// Output: true true
}

// imageDirectory is the absolute path of the image next to this source file,
// whatever the working directory.
func imageDirectory() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "fastapilambda", "testdata", "image")
}
