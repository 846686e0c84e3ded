package frontdoor_test

import (
	"fmt"
	"path/filepath"
	"runtime"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
)

// A service in eu-west-1 served as https://api.example.com: the certificate,
// the web ACL and the edge function in a us-east-1 stack, the distribution
// and the records beside the service.
func ExampleNewFrontDoor() {
	_, file, _, _ := runtime.Caller(0)
	imageDir := filepath.Join(filepath.Dir(file), "..", "fastapilambda", "testdata", "image")
	app := awscdk.NewApp(nil)
	account := jsii.String("111111111111")

	edgeStack := awscdk.NewStack(app, jsii.String("ShopEdge"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: account, Region: jsii.String(frontdoor.EdgeRegion)},
	})
	shop := awscdk.NewStack(app, jsii.String("Shop"), &awscdk.StackProps{
		Env:                   &awscdk.Environment{Account: account, Region: jsii.String("eu-west-1")},
		CrossRegionReferences: jsii.Bool(true),
	})

	zone := awsroute53.HostedZone_FromHostedZoneAttributes(edgeStack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
		HostedZoneId: jsii.String("Z0123456789ABCDEFGHIJ"), ZoneName: jsii.String("example.com"),
	})
	edge := frontdoor.NewEdge(edgeStack, "Edge", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{DomainName: jsii.String("api.example.com")}, HostedZone: zone})
	svc := fastapilambda.NewService(shop, "Api", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(imageDir),
		UrlAuthType:    awslambda.FunctionUrlAuthType_AWS_IAM, // only the distribution may call it
	})
	door := frontdoor.NewFrontDoor(shop, "FrontDoor", &frontdoor.FrontDoorProps{Service: svc, Edge: edge})

	fmt.Println(shop.Resolve(door.Address()))
	// Output: https://api.example.com
}
