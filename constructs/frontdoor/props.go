package frontdoor

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

// Defaults applied when a prop is nil.
const (
	// DefaultRateLimit is the requests one client IP may make in
	// DefaultRateWindowSeconds before the web ACL blocks it: 2000 in 5
	// minutes, about 7 a second, above a browser's or a script's ordinary
	// use and far below a flood.
	DefaultRateLimit         = 2000
	DefaultRateWindowSeconds = 300
)

// EdgeRegion is where CloudFront reads certificates, web ACLs and
// Lambda@Edge functions from.
const EdgeRegion = "us-east-1"

// EdgeOptions are the choices about the edge that need no construct: a
// stack that builds an Edge from its own settings embeds them in its props.
type EdgeOptions struct {
	// Domain name the front door answers to, such as "api.example.com".
	// Needs EdgeProps.HostedZone or EdgeProps.Certificate. Default: none;
	// clients use the distribution's own *.cloudfront.net name.
	DomainName *string

	// Whether to build the web ACL. Default: true.
	WebAcl *bool

	// Requests one client IP may make in RateWindowSeconds before the web
	// ACL blocks it (10 to 2,000,000,000). Default: 2000.
	RateLimit *float64

	// The window RateLimit counts over: 60, 120, 300 or 600 seconds.
	// Default: 300.
	RateWindowSeconds *float64
}

// EdgeProps configures Edge. Every prop is optional: nil props build the
// payload-hash function and the web ACL, with no domain.
type EdgeProps struct {
	EdgeOptions

	// Route 53 hosted zone holding DomainName: the certificate is validated
	// through it (DNS), and FrontDoor writes the A and AAAA records there.
	// Import it by ID and name (awsroute53.HostedZone_FromHostedZoneAttributes)
	// so that synth needs no lookup. Default: none.
	HostedZone awsroute53.IHostedZone

	// A certificate in us-east-1 for DomainName, brought instead of the one
	// Edge would create (DNS in another provider, a wildcard certificate).
	// Default: one is created and validated through HostedZone.
	Certificate awscertificatemanager.ICertificate
}

// DistributionOptions are the choices about the distribution that a stack
// building a FrontDoor from its own settings embeds in its props.
type DistributionOptions struct {
	// Path patterns whose GET and HEAD responses CloudFront caches, for as
	// long as the response's Cache-Control says ("/static/*"). Default:
	// none; nothing is cached.
	CachedPaths []string

	// Bucket that receives the distribution's access logs. It needs ACLs
	// enabled (ObjectOwnership BUCKET_OWNER_PREFERRED), as CloudFront's
	// standard logs require. Default: no access logs.
	AccessLogBucket awss3.IBucket
}

// FrontDoorProps configures FrontDoor.
type FrontDoorProps struct {
	DistributionOptions

	// The service behind the front door. Its UrlAuthType must be AWS_IAM:
	// origin access control signs CloudFront's requests, and only a signed
	// request may reach an AWS_IAM URL. Required.
	Service fastapilambda.Service

	// What the front door takes from us-east-1: the payload-hash function,
	// the certificate and the web ACL. Required.
	Edge Edge
}
