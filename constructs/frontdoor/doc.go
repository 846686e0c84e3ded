// Package frontdoor puts CloudFront in front of a fastapilambda.Service: the
// way to serve a Function URL under your own domain, with a certificate, a
// WAF, and the URL itself locked so that only the distribution may call it.
//
// Two constructs, because CloudFront takes its certificate, its web ACL and
// its Lambda@Edge functions from us-east-1 only:
//
//	edge := frontdoor.NewEdge(usEast1Stack, "Edge", &frontdoor.EdgeProps{
//		EdgeOptions: frontdoor.EdgeOptions{DomainName: jsii.String("api.example.com")},
//		HostedZone:  zone, // awsroute53.HostedZone_FromHostedZoneAttributes: no lookup at synth
//	})
//	door := frontdoor.NewFrontDoor(serviceStack, "FrontDoor", &frontdoor.FrontDoorProps{
//		Service: svc, // its UrlAuthType must be AWS_IAM
//		Edge:    edge,
//	})
//
// Edge builds, in a stack pinned to us-east-1: the payload-hash function
// (Lambda@Edge, origin request), a DNS-validated certificate for the domain,
// and a web ACL with a rate limit per client IP and AWS's common and
// known-bad-inputs rule groups. When the service's stack is in another region,
// that stack needs CrossRegionReferences to read them.
//
// FrontDoor builds the distribution: the service's alias Function URL as its
// origin through origin access control (CloudFront signs every request with
// SigV4, so the AWS_IAM URL refuses anyone else), caching off by default,
// every method, the viewer's headers (but Host), query strings and cookies
// forwarded, HTTPS only, HTTP/2 and HTTP/3, TLS 1.2 (2021 policy) minimum,
// compression, and A and AAAA alias records for the domain.
//
// A Function URL behind origin access control refuses a body whose SHA-256 is
// not in x-amz-content-sha256, which CloudFront does not compute: the
// payload-hash function adds it at the edge, so a client sends plain JSON
// (curl -d) as it would to any API.
package frontdoor
