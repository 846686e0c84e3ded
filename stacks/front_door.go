package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/propcheck"
)

// FrontDoorOptions put the service behind a CloudFront front door
// (package frontdoor): the edge's and the distribution's options as that
// package documents them, and the hosted zone or certificate by ID and ARN,
// which the stack imports (no lookup at synth).
type FrontDoorOptions struct {
	frontdoor.EdgeOptions
	frontdoor.DistributionOptions

	// ID and name of the Route 53 public hosted zone holding DomainName:
	// the certificate is validated through it and the A and AAAA records
	// are written there. Both or neither. Default: none.
	HostedZoneId   *string
	HostedZoneName *string

	// ARN of an ACM certificate in us-east-1 for DomainName, brought instead
	// of the one validated through the hosted zone. Default: none.
	CertificateArn *string
}

// EdgeStackSuffix ends the name of the us-east-1 stack that holds the front
// door's edge when the service's stack is in another region.
const EdgeStackSuffix = "-Edge"

// buildFrontDoor puts the front door before svc. The edge goes into its own
// stack in us-east-1 unless stack is there already: the service's stack
// then reads the edge's ARNs through CDK's cross-region references. The
// returned stack is the edge's own, nil when it shares stack.
func buildFrontDoor(scope constructs.Construct, id string, stack awscdk.Stack, props *ServiceStackProps, svc fastapilambda.Service) (frontdoor.Edge, frontdoor.FrontDoor, awscdk.Stack) {
	options := props.FrontDoor
	edgeScope := stack
	var edgeStack awscdk.Stack
	if *stack.Region() != frontdoor.EdgeRegion {
		name := *stack.StackName() + EdgeStackSuffix
		edgeProps := &awscdk.StackProps{
			Env:                 &awscdk.Environment{Account: stack.Account(), Region: jsii.String(frontdoor.EdgeRegion)},
			StackName:           jsii.String(name),
			Description:         jsii.String(fmt.Sprintf("Front door of %s in %s: the certificate, web ACL and payload-hash function CloudFront reads from %s (fastapi-lambda-cdk)", *stack.StackName(), *stack.Region(), frontdoor.EdgeRegion)),
			PermissionsBoundary: props.PermissionsBoundary,
			Tags:                props.Tags,
		}
		// A synthesizer serves one stack: the edge's deploys through the
		// bootstrap stack of the same qualifier, in us-east-1.
		if q := props.Deploy.BootstrapQualifier; q != nil {
			edgeProps.Synthesizer = awscdk.NewDefaultStackSynthesizer(&awscdk.DefaultStackSynthesizerProps{Qualifier: q})
		}
		edgeStack = awscdk.NewStack(scope, jsii.String(id+EdgeStackSuffix), edgeProps)
		edgeScope = edgeStack
	}

	edgeProps := &frontdoor.EdgeProps{EdgeOptions: options.EdgeOptions}
	if options.HostedZoneId != nil {
		edgeProps.HostedZone = awsroute53.HostedZone_FromHostedZoneAttributes(edgeScope, jsii.String("HostedZone"), &awsroute53.HostedZoneAttributes{
			HostedZoneId: options.HostedZoneId,
			ZoneName:     options.HostedZoneName,
		})
	}
	if options.CertificateArn != nil {
		edgeProps.Certificate = awscertificatemanager.Certificate_FromCertificateArn(edgeScope, jsii.String("Certificate"), options.CertificateArn)
	}
	edge := frontdoor.NewEdge(edgeScope, "Edge", edgeProps)
	door := frontdoor.NewFrontDoor(stack, "FrontDoor", &frontdoor.FrontDoorProps{
		DistributionOptions: options.DistributionOptions,
		Service:             svc,
		Edge:                edge,
	})
	return edge, door, edgeStack
}

// checkFrontDoor reports, before anything is built, every reason the stack
// cannot place its front door: the edge needs a pinned account, the origin
// an AWS_IAM URL, and the hosted zone both its ID and its name.
func checkFrontDoor(props *ServiceStackProps, id string) {
	options := props.FrontDoor
	if options == nil {
		return
	}
	problems := propcheck.New("stacks")
	env := props.Env
	pinned := func(s *string) bool { return s != nil && !*awscdk.Token_IsUnresolved(s) }
	if env == nil || !pinned(env.Account) || !pinned(env.Region) {
		problems.Add("FrontDoor needs Env with an account and a region (its edge goes to %s in the same account), got an environment-agnostic stack", frontdoor.EdgeRegion)
	}
	if props.UrlAuthType != "" && props.UrlAuthType != "AWS_IAM" {
		problems.Add("FrontDoor needs UrlAuthType AWS_IAM (only the distribution's signed requests may reach the URL), got %s", props.UrlAuthType)
	}
	if (options.HostedZoneId == nil) != (options.HostedZoneName == nil) {
		problems.Add("FrontDoor's HostedZoneId and HostedZoneName go together: set both, or neither")
	}
	if props.StackName != nil && len(*props.StackName)+len(EdgeStackSuffix) > 128 {
		problems.Add("FrontDoor needs a StackName of at most %d characters (the edge's stack is named STACK%s), got %d",
			128-len(EdgeStackSuffix), EdgeStackSuffix, len(*props.StackName))
	}
	if err := problems.Err(func() string { return id }); err != nil {
		panic(err.Error())
	}
}
