package frontdoor

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53targets"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/propcheck"
)

// FrontDoor is a CloudFront distribution in front of a service's Function
// URL, and the DNS records of its domain.
type FrontDoor interface {
	constructs.Construct
	// Distribution is the CloudFront distribution.
	Distribution() awscloudfront.Distribution
	// Address is where clients call the service: https:// and the domain
	// name, or the distribution's own domain name without one.
	Address() *string
	// Records are the A and AAAA alias records of the domain; nil without a
	// hosted zone.
	Records() []awsroute53.RecordSet
}

type frontDoor struct {
	constructs.Construct
	distribution awscloudfront.Distribution
	address      *string
	records      []awsroute53.RecordSet
}

func (f *frontDoor) Distribution() awscloudfront.Distribution { return f.distribution }
func (f *frontDoor) Address() *string                         { return f.address }
func (f *frontDoor) Records() []awsroute53.RecordSet {
	return append([]awsroute53.RecordSet(nil), f.records...)
}

// NewFrontDoor builds the distribution in scope. When Edge is in another
// region, scope's stack needs CrossRegionReferences. It panics, before
// creating anything, when a prop is invalid.
func NewFrontDoor(scope constructs.Construct, id string, props *FrontDoorProps) FrontDoor {
	if props == nil {
		props = &FrontDoorProps{}
	}
	if err := props.validate(scope, id); err != nil {
		panic(err.Error())
	}
	f := &frontDoor{}
	constructs.NewConstruct_Override(f, scope, &id)
	edge := props.Edge

	origin := awscloudfrontorigins.FunctionUrlOrigin_WithOriginAccessControl(props.Service.Url(), nil)
	behavior := func(cache awscloudfront.ICachePolicy) *awscloudfront.BehaviorOptions {
		return &awscloudfront.BehaviorOptions{
			Origin:               origin,
			AllowedMethods:       awscloudfront.AllowedMethods_ALLOW_ALL(),
			CachePolicy:          cache,
			OriginRequestPolicy:  awscloudfront.OriginRequestPolicy_ALL_VIEWER_EXCEPT_HOST_HEADER(),
			ViewerProtocolPolicy: awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			Compress:             jsii.Bool(true),
			EdgeLambdas: &[]*awscloudfront.EdgeLambda{{
				EventType:       awscloudfront.LambdaEdgeEventType_ORIGIN_REQUEST,
				FunctionVersion: edge.PayloadHashVersion(),
				IncludeBody:     jsii.Bool(true),
			}},
		}
	}
	distribution := &awscloudfront.DistributionProps{
		Comment:         jsii.String("Front door of the FastAPI service " + *props.Service.Node().Path()),
		DefaultBehavior: behavior(awscloudfront.CachePolicy_CACHING_DISABLED()),
		HttpVersion:     awscloudfront.HttpVersion_HTTP2_AND_3,
	}
	if len(props.CachedPaths) > 0 {
		cached := map[string]*awscloudfront.BehaviorOptions{}
		for _, path := range props.CachedPaths {
			cached[path] = behavior(awscloudfront.CachePolicy_USE_ORIGIN_CACHE_CONTROL_HEADERS_QUERY_STRINGS())
		}
		distribution.AdditionalBehaviors = &cached
	}
	if domain := edge.DomainName(); domain != nil {
		distribution.DomainNames = &[]*string{domain}
		distribution.Certificate = edge.Certificate()
		// Only with a certificate of your own: CloudFront's *.cloudfront.net
		// one has a fixed policy.
		distribution.MinimumProtocolVersion = awscloudfront.SecurityPolicyProtocol_TLS_V1_2_2021
	}
	if acl := edge.WebAcl(); acl != nil {
		distribution.WebAclId = acl.AttrArn()
	}
	if props.AccessLogBucket != nil {
		distribution.EnableLogging = jsii.Bool(true)
		distribution.LogBucket = props.AccessLogBucket
	}
	f.distribution = awscloudfront.NewDistribution(f, jsii.String("Distribution"), distribution)

	f.address = jsii.String("https://" + *f.distribution.DistributionDomainName())
	if domain := edge.DomainName(); domain != nil {
		f.address = jsii.String("https://" + *domain)
		if zone := edge.HostedZone(); zone != nil {
			target := awsroute53.RecordTarget_FromAlias(awsroute53targets.NewCloudFrontTarget(f.distribution))
			f.records = []awsroute53.RecordSet{
				awsroute53.NewARecord(f, jsii.String("AliasRecord"), &awsroute53.ARecordProps{Zone: zone, RecordName: domain, Target: target}),
				awsroute53.NewAaaaRecord(f, jsii.String("AliasRecordIpv6"), &awsroute53.AaaaRecordProps{Zone: zone, RecordName: domain, Target: target}),
			}
		}
	}
	return f
}

func (p *FrontDoorProps) validate(scope constructs.Construct, id string) error {
	problems := propcheck.New("frontdoor")
	if p.Service == nil {
		problems.Add("Service is required: the service the front door serves")
	} else if auth := p.Service.Url().AuthType(); auth != awslambda.FunctionUrlAuthType_AWS_IAM {
		problems.Add("Service's UrlAuthType must be AWS_IAM, so that only the distribution's signed requests reach it, got %s", auth)
	}
	if p.Edge == nil {
		problems.Add("Edge is required: the payload-hash function, certificate and web ACL in us-east-1 (NewEdge)")
	}
	for _, err := range CheckCachedPaths(p.CachedPaths) {
		problems.Add("CachedPaths %v", err)
	}
	return problems.Err(func() string { return *scope.Node().Path() + "/" + id })
}
