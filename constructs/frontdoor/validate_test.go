package frontdoor_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

type refusal struct {
	name  string
	build func(app awscdk.App) // panics with want
	want  string
}

func inRegion(app awscdk.App, id, region string) awscdk.Stack {
	var env *awscdk.Environment
	if region != "" {
		env = &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String(region)}
	}
	return awscdk.NewStack(app, jsii.String(id), &awscdk.StackProps{Env: env})
}

// refusals are every bad prop the package tests; constructs/README.md's
// table of refused props is generated from them.
func refusals() []refusal {
	edgeWith := func(id string, props *frontdoor.EdgeProps) func(awscdk.App) {
		return func(app awscdk.App) { frontdoor.NewEdge(inRegion(app, id, "us-east-1"), "Edge", props) }
	}
	zone := func(stack awscdk.Stack) awsroute53.IHostedZone {
		return awsroute53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
			HostedZoneId: jsii.String(zoneID), ZoneName: jsii.String("example.com")})
	}
	return []refusal{
		{"EdgeOutsideUsEast1", func(app awscdk.App) { frontdoor.NewEdge(inRegion(app, "Ireland", "eu-west-1"), "Edge", nil) },
			"Edge needs a stack in us-east-1 (CloudFront reads certificates, web ACLs and Lambda@Edge functions there), got region eu-west-1 (at Ireland/Edge)"},
		{"EdgeAnywhere", func(app awscdk.App) { frontdoor.NewEdge(inRegion(app, "Anywhere", ""), "Edge", nil) },
			"Edge needs a stack pinned to us-east-1 (CloudFront reads certificates, web ACLs and Lambda@Edge functions there), got an environment-agnostic stack (at Anywhere/Edge)"},
		{"DomainAlone", edgeWith("DomainAlone", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{DomainName: jsii.String("api.example.com")}}),
			`DomainName needs HostedZone (to validate a certificate and write the records) or Certificate, got "api.example.com" alone (at DomainAlone/Edge)`},
		{"DomainUpperCase", func(app awscdk.App) {
			stack := inRegion(app, "Upper", "us-east-1")
			frontdoor.NewEdge(stack, "Edge", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{DomainName: jsii.String("API.example.com")}, HostedZone: zone(stack)})
		}, `DomainName must be a lower-case DNS name such as api.example.com, got "API.example.com" (at Upper/Edge)`},
		{"DomainOutsideZone", func(app awscdk.App) {
			stack := inRegion(app, "Outside", "us-east-1")
			frontdoor.NewEdge(stack, "Edge", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{DomainName: jsii.String("api.example.org")}, HostedZone: zone(stack)})
		}, `DomainName must be in HostedZone example.com, got "api.example.org" (at Outside/Edge)`},
		{"CertificateWithoutDomain", func(app awscdk.App) {
			stack := inRegion(app, "CertOnly", "us-east-1")
			certificate := awscertificatemanager.Certificate_FromCertificateArn(stack, jsii.String("Certificate"),
				jsii.String("arn:aws:acm:us-east-1:111111111111:certificate/0123abcd-0123-0123-0123-0123456789ab"))
			frontdoor.NewEdge(stack, "Edge", &frontdoor.EdgeProps{Certificate: certificate})
		}, "Certificate needs DomainName: CloudFront serves a certificate only for the names it answers to (at CertOnly/Edge)"},
		{"ZoneWithoutDomain", func(app awscdk.App) {
			stack := inRegion(app, "ZoneOnly", "us-east-1")
			frontdoor.NewEdge(stack, "Edge", &frontdoor.EdgeProps{HostedZone: zone(stack)})
		}, "HostedZone needs DomainName: the name the records and the certificate are for (at ZoneOnly/Edge)"},
		{"RateLimitTooLow", edgeWith("LowRate", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{RateLimit: jsii.Number(5)}}),
			"RateLimit must be a whole number of requests from 10 to 2000000000, got 5 (at LowRate/Edge)"},
		{"RateLimitFraction", edgeWith("FractionRate", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{RateLimit: jsii.Number(100.5)}}),
			"RateLimit must be a whole number of requests from 10 to 2000000000, got 100.5 (at FractionRate/Edge)"},
		{"RateWindowOdd", edgeWith("OddWindow", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{RateWindowSeconds: jsii.Number(90)}}),
			"RateWindowSeconds must be 60, 120, 300 or 600, got 90 (at OddWindow/Edge)"},
		{"RateWithoutAcl", edgeWith("NoAcl", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{WebAcl: jsii.Bool(false), RateLimit: jsii.Number(100)}}),
			"RateLimit and RateWindowSeconds need the web ACL, got WebAcl false (at NoAcl/Edge)"},
		{"NoServiceNoEdge", func(app awscdk.App) {
			frontdoor.NewFrontDoor(inRegion(app, "Empty", "us-east-1"), "FrontDoor", nil)
		}, "Service is required: the service the front door serves (at Empty/FrontDoor)\n" +
			"frontdoor: Edge is required: the payload-hash function, certificate and web ACL in us-east-1 (NewEdge) (at Empty/FrontDoor)"},
		{"CacheEverything", func(app awscdk.App) {
			frontdoor.NewFrontDoor(inRegion(app, "CacheAll", "us-east-1"), "FrontDoor", &frontdoor.FrontDoorProps{
				Service: service, Edge: edge, DistributionOptions: frontdoor.DistributionOptions{CachedPaths: []string{"/*"}}})
		}, `CachedPaths must not cache every path ("/*"): the API's answers differ per request; name the paths that may be cached (at CacheAll/FrontDoor)`},
		{"CachedPathWithSpace", func(app awscdk.App) {
			frontdoor.NewFrontDoor(inRegion(app, "CacheSpace", "us-east-1"), "FrontDoor", &frontdoor.FrontDoorProps{
				Service: service, Edge: edge, DistributionOptions: frontdoor.DistributionOptions{CachedPaths: []string{"/static files/*"}}})
		}, `CachedPaths must hold CloudFront path patterns of 1 to 255 characters, such as /static/*, got "/static files/*" (at CacheSpace/FrontDoor)`},
		{"CachedPathTwice", func(app awscdk.App) {
			frontdoor.NewFrontDoor(inRegion(app, "CacheTwice", "us-east-1"), "FrontDoor", &frontdoor.FrontDoorProps{
				Service: service, Edge: edge, DistributionOptions: frontdoor.DistributionOptions{CachedPaths: []string{"/static/*", "/static/*"}}})
		}, `CachedPaths lists "/static/*" twice (at CacheTwice/FrontDoor)`},
	}
}

func TestInvalidPropsFailAtSynth(t *testing.T) {
	app := cdktest.NewApp()
	for _, c := range refusals() {
		t.Run(c.name, func(t *testing.T) {
			cdktest.MustPanic(t, "frontdoor: "+c.want, func() { c.build(app) })
		})
	}
}
