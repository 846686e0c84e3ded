// Command front-door is an example CDK app: a FastAPI service in eu-west-1
// served as https://api.example.com through a CloudFront front door, with a
// certificate you already have and DNS records in your Route 53 zone.
package main

import (
	"path/filepath"
	"runtime"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	newShop(app, &shopProps{
		Account:        "111111111111",
		Region:         "eu-west-1",
		ImageDirectory: imageDirectory(),
		DomainName:     "api.example.com",
		HostedZoneId:   "Z0123456789ABCDEFGHIJ",
		HostedZoneName: "example.com",
		CertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
	})
	app.Synth(nil)
}

type shopProps struct {
	// Account and region of the service. Both are fixed: the front door's
	// edge goes to us-east-1 of the same account.
	Account, Region string
	// Absolute path of the directory holding the service's Dockerfile.
	ImageDirectory string
	// Domain the front door answers to, in the Route 53 public hosted zone
	// HostedZoneId, named HostedZoneName (imported, no lookup at synth).
	DomainName, HostedZoneId, HostedZoneName string
	// ACM certificate for DomainName, in us-east-1.
	CertificateArn string
}

// shop holds the two stacks and what the test looks at.
type shop struct {
	EdgeStack, Stack awscdk.Stack
	Service          fastapilambda.Service
	FrontDoor        frontdoor.FrontDoor
}

func newShop(scope constructs.Construct, props *shopProps) *shop {
	// CloudFront reads certificates, web ACLs and Lambda@Edge functions from
	// us-east-1 only: the edge has a stack there, which the service's stack
	// reads through cross-region references.
	edgeStack := awscdk.NewStack(scope, jsii.String("ShopEdge"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(props.Account), Region: jsii.String(frontdoor.EdgeRegion)},
	})
	stack := awscdk.NewStack(scope, jsii.String("Shop"), &awscdk.StackProps{
		Env:                   &awscdk.Environment{Account: jsii.String(props.Account), Region: jsii.String(props.Region)},
		CrossRegionReferences: jsii.Bool(true),
	})

	edge := frontdoor.NewEdge(edgeStack, "Edge", &frontdoor.EdgeProps{
		EdgeOptions: frontdoor.EdgeOptions{DomainName: jsii.String(props.DomainName)},
		HostedZone: awsroute53.HostedZone_FromHostedZoneAttributes(edgeStack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
			HostedZoneId: jsii.String(props.HostedZoneId),
			ZoneName:     jsii.String(props.HostedZoneName),
		}),
		Certificate: awscertificatemanager.Certificate_FromCertificateArn(edgeStack, jsii.String("Certificate"), jsii.String(props.CertificateArn)),
	})
	svc := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(props.ImageDirectory),
		// Only the distribution's signed requests reach the URL.
		UrlAuthType: awslambda.FunctionUrlAuthType_AWS_IAM,
	})
	door := frontdoor.NewFrontDoor(stack, "FrontDoor", &frontdoor.FrontDoorProps{Service: svc, Edge: edge})

	awscdk.NewCfnOutput(stack, jsii.String("Address"), &awscdk.CfnOutputProps{Value: door.Address()})
	return &shop{EdgeStack: edgeStack, Stack: stack, Service: svc, FrontDoor: door}
}

// imageDirectory is this repository's lambda-app, found from this source
// file so that neither `cdk synth` nor `go test` depends on the working
// directory. Point it at your own app.
func imageDirectory() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "lambda-app")
}
