package frontdoor

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/propcheck"
)

// Edge is what CloudFront takes from us-east-1 for a FrontDoor.
type Edge interface {
	constructs.Construct
	// PayloadHashFunction is the Lambda@Edge function that adds
	// x-amz-content-sha256 to each request CloudFront sends the origin.
	PayloadHashFunction() awslambda.Function
	// PayloadHashVersion is the published version CloudFront runs.
	PayloadHashVersion() awslambda.IVersion
	// Certificate is the certificate created or brought for DomainName; nil
	// without a domain.
	Certificate() awscertificatemanager.ICertificate
	// WebAcl is the web ACL; nil when EdgeProps.WebAcl is false.
	WebAcl() awswafv2.CfnWebACL
	// DomainName is EdgeProps.DomainName; nil without a domain.
	DomainName() *string
	// HostedZone is EdgeProps.HostedZone; nil without one.
	HostedZone() awsroute53.IHostedZone
}

type edge struct {
	constructs.Construct
	function    awslambda.Function
	version     awslambda.IVersion
	certificate awscertificatemanager.ICertificate
	webAcl      awswafv2.CfnWebACL
	domainName  *string
	hostedZone  awsroute53.IHostedZone
}

func (e *edge) PayloadHashFunction() awslambda.Function         { return e.function }
func (e *edge) PayloadHashVersion() awslambda.IVersion          { return e.version }
func (e *edge) Certificate() awscertificatemanager.ICertificate { return e.certificate }
func (e *edge) WebAcl() awswafv2.CfnWebACL                      { return e.webAcl }
func (e *edge) DomainName() *string                             { return e.domainName }
func (e *edge) HostedZone() awsroute53.IHostedZone              { return e.hostedZone }

// NewEdge builds the us-east-1 half of a front door in scope, whose stack
// must be pinned to us-east-1. Nil props build the payload-hash function and
// the web ACL with their defaults. It panics, before creating anything, when a
// prop is invalid.
func NewEdge(scope constructs.Construct, id string, props *EdgeProps) Edge {
	if props == nil {
		props = &EdgeProps{}
	}
	if err := props.validate(scope, id); err != nil {
		panic(err.Error())
	}
	e := &edge{domainName: props.DomainName, hostedZone: props.HostedZone, certificate: props.Certificate}
	constructs.NewConstruct_Override(e, scope, &id)
	e.buildPayloadHash()
	if props.DomainName != nil && props.Certificate == nil {
		e.certificate = awscertificatemanager.NewCertificate(e, jsii.String("Certificate"), &awscertificatemanager.CertificateProps{
			DomainName: props.DomainName,
			Validation: awscertificatemanager.CertificateValidation_FromDns(props.HostedZone),
		})
	}
	if props.WebAcl == nil || *props.WebAcl {
		e.buildWebAcl(props)
	}
	return e
}

// payloadHashDir holds the edge function's code, beside this source file.
func payloadHashDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "payloadhash")
}

func (e *edge) buildPayloadHash() {
	stack := awscdk.Stack_Of(e)
	// Lambda@Edge runs the function in every edge region, as
	// edgelambda.amazonaws.com, and logs to /aws/lambda/us-east-1.NAME in
	// the region that served the request. NAME is generated (CloudFormation
	// shortens a long stack name in it), so the logs are scoped to this
	// account's Lambda@Edge log groups.
	role := awsiam.NewRole(e, jsii.String("PayloadHashRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewCompositePrincipal(
			awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			awsiam.NewServicePrincipal(jsii.String("edgelambda.amazonaws.com"), nil)),
		Description: jsii.String("Runs the front door's payload-hash function at the edge; writes only its own logs."),
	})
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
		Resources: jsii.Strings(fmt.Sprintf("arn:%s:logs:*:%s:log-group:/aws/lambda/%s.*",
			*stack.Partition(), *stack.Account(), EdgeRegion)),
	}))
	e.function = awslambda.NewFunction(e, jsii.String("PayloadHash"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_22_X(),
		Handler: jsii.String("index.handler"),
		Code: awslambda.Code_FromAsset(jsii.String(payloadHashDir()), &awss3assets.AssetOptions{
			Exclude: jsii.Strings("*.test.mjs"),
		}),
		MemorySize:  jsii.Number(128),
		Timeout:     awscdk.Duration_Seconds(jsii.Number(5)),
		Role:        role,
		Description: jsii.String("Front door: adds x-amz-content-sha256 (the body's SHA-256) to origin requests, which the Function URL's origin access control requires."),
		// A version CloudFront has replicated cannot be deleted until
		// CloudFront lets go of its replicas, hours after the distribution
		// moved to the next one: a new version leaves the old one behind
		// instead of failing the stack's clean-up.
		CurrentVersionOptions: &awslambda.VersionOptions{RemovalPolicy: awscdk.RemovalPolicy_RETAIN},
	})
	e.version = e.function.CurrentVersion()
}

// A managed rule group in the web ACL, and the rules of it that only count.
type managedGroup struct {
	name     string
	countNot []string
}

func (e *edge) buildWebAcl(p *EdgeProps) {
	limit, window := float64(DefaultRateLimit), float64(DefaultRateWindowSeconds)
	if p.RateLimit != nil {
		limit = *p.RateLimit
	}
	if p.RateWindowSeconds != nil {
		window = *p.RateWindowSeconds
	}
	visibility := func(metric string) *awswafv2.CfnWebACL_VisibilityConfigProperty {
		return &awswafv2.CfnWebACL_VisibilityConfigProperty{
			CloudWatchMetricsEnabled: jsii.Bool(true),
			SampledRequestsEnabled:   jsii.Bool(true),
			MetricName:               jsii.String(metric),
		}
	}
	rules := []interface{}{
		&awswafv2.CfnWebACL_RuleProperty{
			Name:     jsii.String("RateLimitPerIp"),
			Priority: jsii.Number(0),
			Action:   &awswafv2.CfnWebACL_RuleActionProperty{Block: &awswafv2.CfnWebACL_BlockActionProperty{}},
			Statement: &awswafv2.CfnWebACL_StatementProperty{
				RateBasedStatement: &awswafv2.CfnWebACL_RateBasedStatementProperty{
					Limit:               jsii.Number(limit),
					EvaluationWindowSec: jsii.Number(window),
					AggregateKeyType:    jsii.String("IP"),
				},
			},
			VisibilityConfig: visibility("RateLimitPerIp"),
		},
	}
	groups := []managedGroup{
		// SizeRestrictions_BODY blocks bodies over 8 KB: an API takes larger
		// JSON, the payload-hash function caps bodies at 1 MB, and the app
		// validates its own input. It counts instead.
		{name: "AWSManagedRulesCommonRuleSet", countNot: []string{"SizeRestrictions_BODY"}},
		{name: "AWSManagedRulesKnownBadInputsRuleSet"},
	}
	for i, group := range groups {
		statement := &awswafv2.CfnWebACL_ManagedRuleGroupStatementProperty{
			VendorName: jsii.String("AWS"),
			Name:       jsii.String(group.name),
		}
		if len(group.countNot) > 0 {
			overrides := make([]interface{}, len(group.countNot))
			for j, rule := range group.countNot {
				overrides[j] = &awswafv2.CfnWebACL_RuleActionOverrideProperty{
					Name:        jsii.String(rule),
					ActionToUse: &awswafv2.CfnWebACL_RuleActionProperty{Count: &awswafv2.CfnWebACL_CountActionProperty{}},
				}
			}
			statement.RuleActionOverrides = &overrides
		}
		rules = append(rules, &awswafv2.CfnWebACL_RuleProperty{
			Name:             jsii.String(group.name),
			Priority:         jsii.Number(float64(i + 1)),
			OverrideAction:   &awswafv2.CfnWebACL_OverrideActionProperty{None: map[string]interface{}{}},
			Statement:        &awswafv2.CfnWebACL_StatementProperty{ManagedRuleGroupStatement: statement},
			VisibilityConfig: visibility(group.name),
		})
	}
	e.webAcl = awswafv2.NewCfnWebACL(e, jsii.String("WebAcl"), &awswafv2.CfnWebACLProps{
		Scope:            jsii.String("CLOUDFRONT"),
		DefaultAction:    &awswafv2.CfnWebACL_DefaultActionProperty{Allow: &awswafv2.CfnWebACL_AllowActionProperty{}},
		Description:      jsii.String("Front door of the FastAPI service: a rate limit per client IP, the AWS common and known-bad-inputs rule groups."),
		Rules:            &rules,
		VisibilityConfig: visibility("FrontDoor"),
	})
}

var rateWindows = map[float64]bool{60: true, 120: true, 300: true, 600: true}

func (p *EdgeProps) validate(scope constructs.Construct, id string) error {
	problems := propcheck.New("frontdoor")
	region := awscdk.Stack_Of(scope).Region()
	switch {
	case *awscdk.Token_IsUnresolved(region):
		problems.Add("Edge needs a stack pinned to %s (CloudFront reads certificates, web ACLs and Lambda@Edge functions there), got an environment-agnostic stack", EdgeRegion)
	case *region != EdgeRegion:
		problems.Add("Edge needs a stack in %s (CloudFront reads certificates, web ACLs and Lambda@Edge functions there), got region %s", EdgeRegion, *region)
	}
	if d := p.DomainName; d != nil {
		if err := CheckDomainName(*d); err != nil {
			problems.Add("DomainName %v, got %q", err, *d)
		}
		if p.HostedZone == nil && p.Certificate == nil {
			problems.Add("DomainName needs HostedZone (to validate a certificate and write the records) or Certificate, got %q alone", *d)
		}
		if p.HostedZone != nil {
			// An imported zone's name is known at synth; ACM's DNS validation
			// of a name outside the zone would wait until the deploy times out.
			if zone := p.HostedZone.ZoneName(); !*awscdk.Token_IsUnresolved(zone) {
				if !InZone(*d, *zone) {
					problems.Add("DomainName must be in HostedZone %s, got %q", strings.TrimSuffix(*zone, "."), *d)
				}
			}
		}
	} else {
		if p.HostedZone != nil {
			problems.Add("HostedZone needs DomainName: the name the records and the certificate are for")
		}
		if p.Certificate != nil {
			problems.Add("Certificate needs DomainName: CloudFront serves a certificate only for the names it answers to")
		}
	}
	if l := p.RateLimit; l != nil {
		if err := CheckRateLimit(*l); err != nil {
			problems.Add("RateLimit %v, got %g", err, *l)
		}
	}
	if w := p.RateWindowSeconds; w != nil && !rateWindows[*w] {
		problems.Add("RateWindowSeconds must be 60, 120, 300 or 600, got %g", *w)
	}
	if p.WebAcl != nil && !*p.WebAcl && (p.RateLimit != nil || p.RateWindowSeconds != nil) {
		problems.Add("RateLimit and RateWindowSeconds need the web ACL, got WebAcl false")
	}
	return problems.Err(func() string { return *scope.Node().Path() + "/" + id })
}
