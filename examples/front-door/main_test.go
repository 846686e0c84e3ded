package main

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

var props = &shopProps{
	Account:        "111111111111",
	Region:         "eu-west-1",
	DomainName:     "shop.example.org",
	HostedZoneId:   "Z9876543210ZYXWVUTSRQ",
	HostedZoneName: "example.org",
	CertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/66666666-7777-8888-9999-000000000000",
}

// The stacks are synthesized once, with cdk.json's feature flags, and every
// test reads the same templates: jsii runs one node process per test binary.
var (
	built                  *shop
	shopT, edgeT           assertions.Template
	edgeRegion, shopRegion string
)

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		context := cdkJSONContext()
		app := awscdk.NewApp(&awscdk.AppProps{Context: &context})
		props.ImageDirectory = imageDirectory()
		built = newShop(app, props)
		shopT = assertions.Template_FromStack(built.Stack, nil)
		edgeT = assertions.Template_FromStack(built.EdgeStack, nil)
		return m.Run()
	}()
	os.Exit(code)
}

type obj = map[string]interface{}

// The edge, in us-east-1, holds the web ACL and the payload-hash function,
// and no certificate of its own: the one brought is used.
func TestEdge(t *testing.T) {
	if region := *built.EdgeStack.Region(); region != "us-east-1" {
		t.Fatalf("the edge's stack is in %s, CloudFront reads it from us-east-1 only", region)
	}
	check(t, func() { edgeT.ResourceCountIs(jsii.String("AWS::CertificateManager::Certificate"), jsii.Number(0)) })
	check(t, func() {
		edgeT.HasResourceProperties(jsii.String("AWS::WAFv2::WebACL"), assertions.Match_ObjectLike(&obj{"Scope": "CLOUDFRONT"}))
	})
	check(t, func() {
		edgeT.HasResourceProperties(jsii.String("AWS::Lambda::Function"), assertions.Match_ObjectLike(&obj{"Runtime": "nodejs22.x"}))
	})
}

// The distribution answers to the domain with the certificate brought, and
// runs the edge's web ACL and function, which the service's stack reads
// from us-east-1: it deploys after the edge.
func TestDistributionServesTheDomain(t *testing.T) {
	check(t, func() {
		shopT.HasResourceProperties(jsii.String("AWS::CloudFront::Distribution"), assertions.Match_ObjectLike(&obj{
			"DistributionConfig": assertions.Match_ObjectLike(&obj{
				"Aliases": []interface{}{props.DomainName},
				"ViewerCertificate": obj{
					"AcmCertificateArn":      props.CertificateArn,
					"MinimumProtocolVersion": "TLSv1.2_2021",
					"SslSupportMethod":       "sni-only",
				},
				"WebACLId": assertions.Match_AnyValue(),
				"DefaultCacheBehavior": assertions.Match_ObjectLike(&obj{
					"ViewerProtocolPolicy": "redirect-to-https",
					"LambdaFunctionAssociations": []interface{}{assertions.Match_ObjectLike(&obj{
						"EventType": "origin-request", "IncludeBody": true,
					})},
				}),
			}),
		}))
	})
	dependsOnEdge := false
	for _, dependency := range *built.Stack.Dependencies() {
		dependsOnEdge = dependsOnEdge || *dependency.StackName() == *built.EdgeStack.StackName()
	}
	if !dependsOnEdge {
		t.Fatal("the service's stack does not depend on the edge's: cdk deploy --all could deploy it first")
	}
	if address := *built.FrontDoor.Address(); address != "https://"+props.DomainName {
		t.Fatalf("the front door's address is %s, want https://%s", address, props.DomainName)
	}
}

// The domain's A and AAAA records point at the distribution, in the zone.
func TestRecordsInTheZone(t *testing.T) {
	for _, recordType := range []string{"A", "AAAA"} {
		check(t, func() {
			shopT.HasResourceProperties(jsii.String("AWS::Route53::RecordSet"), assertions.Match_ObjectLike(&obj{
				"Type":         recordType,
				"Name":         props.DomainName + ".",
				"HostedZoneId": props.HostedZoneId,
				"AliasTarget":  assertions.Match_ObjectLike(&obj{"DNSName": assertions.Match_AnyValue()}),
			}))
		})
	}
}

// Only the distribution may call the Function URL: AWS_IAM, with CloudFront
// signing through origin access control.
func TestUrlLockedToTheDistribution(t *testing.T) {
	check(t, func() {
		shopT.HasResourceProperties(jsii.String("AWS::Lambda::Url"), assertions.Match_ObjectLike(&obj{"AuthType": "AWS_IAM"}))
	})
	check(t, func() {
		shopT.HasResourceProperties(jsii.String("AWS::CloudFront::OriginAccessControl"), assertions.Match_ObjectLike(&obj{
			"OriginAccessControlConfig": assertions.Match_ObjectLike(&obj{
				"OriginAccessControlOriginType": "lambda", "SigningBehavior": "always", "SigningProtocol": "sigv4",
			}),
		}))
	})
	check(t, func() {
		shopT.HasResourceProperties(jsii.String("AWS::Lambda::Permission"), assertions.Match_ObjectLike(&obj{
			"Action": "lambda:InvokeFunctionUrl", "Principal": "cloudfront.amazonaws.com",
		}))
	})
}

// check reports a failing assertion, which panics across jsii, as a test
// failure instead of aborting the test binary.
func check(t *testing.T, assertion func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%v", r)
		}
	}()
	assertion()
}

// cdkJSONContext is the context of cdk.json beside this file (go test runs
// in the package's directory): the feature flags `cdk synth` uses.
func cdkJSONContext() map[string]interface{} {
	raw, err := os.ReadFile("cdk.json")
	if err != nil {
		panic(err)
	}
	var config struct {
		Context map[string]interface{} `json:"context"`
	}
	if err := json.Unmarshal(raw, &config); err != nil {
		panic(err)
	}
	return config.Context
}
