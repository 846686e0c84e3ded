package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
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
// cannot place its front door, by the rules below.
func checkFrontDoor(props *ServiceStackProps, id string) {
	options := props.FrontDoor
	if options == nil {
		return
	}
	problems := propcheck.New("stacks")
	env := props.Env
	pinned := func(s *string) bool { return s != nil && !*awscdk.Token_IsUnresolved(s) }
	region := ""
	if env != nil && pinned(env.Account) && pinned(env.Region) {
		region = *env.Region
	}
	if err := CheckFrontDoorEnv(region != "", "Env with an account and a region"); err != nil {
		problems.Add("FrontDoor %v, got an environment-agnostic stack", err)
	}
	if err := CheckFrontDoorUrlAuthType(string(props.UrlAuthType), "UrlAuthType"); err != nil {
		problems.Add("FrontDoor %v", err)
	}
	if err := CheckFrontDoorHostedZone(options.HostedZoneId != nil, options.HostedZoneName != nil, "FrontDoor's HostedZoneId", "HostedZoneName"); err != nil {
		problems.Add("%v", err)
	}
	if props.StackName != nil {
		if err := CheckFrontDoorStackName(*props.StackName, region, "StackName"); err != nil {
			problems.Add("FrontDoor %v", err)
		}
	}
	if err := problems.Err(func() string { return id }); err != nil {
		panic(err.Error())
	}
}

// The rules the stack's front door obeys. They need no construct: a program
// that reads the props from its own settings runs them first, to name its
// settings in the message (package settings does). Each takes the caller's
// names for the fields it reads; the error of a rule about the front door
// itself follows the caller's name for the front door.

// CheckFrontDoorEnv checks that the stack is pinned to an account and a
// region, which env names.
func CheckFrontDoorEnv(pinned bool, env string) error {
	if pinned {
		return nil
	}
	return fmt.Errorf("needs %s: its edge (certificate, web ACL, payload-hash function) goes to a stack in %s of the same account", env, frontdoor.EdgeRegion)
}

// CheckFrontDoorUrlAuthType checks the auth type of the Function URL,
// which name names: only the distribution's signed requests may reach the
// URL. Unset (""), the stack sets AWS_IAM.
func CheckFrontDoorUrlAuthType(authType, name string) error {
	if authType == "" || authType == string(awslambda.FunctionUrlAuthType_AWS_IAM) {
		return nil
	}
	return fmt.Errorf("needs %s AWS_IAM, so that only the distribution reaches the Function URL, got %q (leave it unset: the front door sets AWS_IAM)", name, authType)
}

// CheckFrontDoorHostedZone checks that the hosted zone's ID and name, which
// idName and nameName name, are set together.
func CheckFrontDoorHostedZone(idSet, nameSet bool, idName, nameName string) error {
	if idSet == nameSet {
		return nil
	}
	return fmt.Errorf("%s and %s go together: set both, or neither", idName, nameName)
}

// CheckFrontDoorStackName checks that the stack's name, which name names,
// leaves room for EdgeStackSuffix in the name of the edge's stack, unless
// region is us-east-1, where the edge shares the stack ("": not known).
func CheckFrontDoorStackName(stackName, region, name string) error {
	longest := maxStackNameLength - len(EdgeStackSuffix)
	if len(stackName) <= longest || region == frontdoor.EdgeRegion {
		return nil
	}
	return fmt.Errorf("needs a %s of at most %d characters (its edge stack is named STACK%s), got %d", name, longest, EdgeStackSuffix, len(stackName))
}

// CloudFormation names a stack with at most 128 characters.
const maxStackNameLength = 128
