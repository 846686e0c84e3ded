// Command two-services is an example CDK app: two FastAPI services in one
// stack, released by one deploy identity, with a DynamoDB table that only one
// of them may use.
package main

import (
	"path/filepath"
	"runtime"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	newShopStack(app, "Shop", &shopStackProps{
		ImageDirectory:   imageDirectory(),
		GitHubRepository: "acme/shop",
	})
	app.Synth(nil)
}

type shopStackProps struct {
	awscdk.StackProps
	// Absolute path of the directory holding the services' Dockerfile.
	ImageDirectory string
	// GitHub repository, "owner/name", whose main branch deploys the stack.
	GitHubRepository string
}

// shopStack exposes what the test looks at.
type shopStack struct {
	awscdk.Stack
	Orders, Catalog fastapilambda.Service
	Table           awsdynamodb.TableV2
	Deploy          deployidentity.DeployIdentity
}

func newShopStack(scope constructs.Construct, id string, props *shopStackProps) *shopStack {
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)

	table := awsdynamodb.NewTableV2(stack, jsii.String("Orders"), &awsdynamodb.TablePropsV2{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("orderId"), Type: awsdynamodb.AttributeType_STRING},
	})
	orders := fastapilambda.NewService(stack, "OrdersApi", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(props.ImageDirectory),
		Environment:    &map[string]*string{"TABLE_NAME": table.TableName()},
	})
	catalog := fastapilambda.NewService(stack, "CatalogApi", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(props.ImageDirectory),
	})
	// The service is the grantee: the grant lands on its execution role alone.
	table.GrantReadWriteData(orders)

	deploy := deployidentity.NewDeployIdentity(stack, "Deploy", &deployidentity.DeployIdentityProps{
		Services: []deployidentity.Releasable{orders, catalog},
		DeployIdentityOptions: deployidentity.DeployIdentityOptions{
			GitHubRepository: jsii.String(props.GitHubRepository),
		},
	})

	awscdk.NewCfnOutput(stack, jsii.String("OrdersUrl"), &awscdk.CfnOutputProps{Value: orders.Url().Url()})
	awscdk.NewCfnOutput(stack, jsii.String("CatalogUrl"), &awscdk.CfnOutputProps{Value: catalog.Url().Url()})
	awscdk.NewCfnOutput(stack, jsii.String("GitHubDeployRoleArn"), &awscdk.CfnOutputProps{Value: deploy.GitHubDeployRole().RoleArn()})
	return &shopStack{Stack: stack, Orders: orders, Catalog: catalog, Table: table, Deploy: deploy}
}

// imageDirectory is this repository's lambda-app, found from this source
// file so that neither `cdk synth` nor `go test` depends on the working
// directory. Point it at your own app.
func imageDirectory() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "lambda-app")
}
