package frontdoor_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// One app for the package: a service in eu-west-1 behind a front door whose
// edge half is in us-east-1, with a domain; and one stack in us-east-1 that
// holds both halves, with no domain and no web ACL.
var (
	imageDir                   string
	edgeStack, apiStack, local awscdk.Stack
	edge, localEdge            frontdoor.Edge
	door, localDoor            frontdoor.FrontDoor
	service                    fastapilambda.Service
	logs                       awss3.Bucket
	edgeT, apiT, localT        assertions.Template
)

const zoneID = "Z0123456789ABCDEFGHIJ"

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		imageDir = filepath.Join(cdktest.RepoRoot(), "constructs", "fastapilambda", "testdata", "image")
		app := cdktest.NewApp()
		env := func(region string) *awscdk.Environment {
			return &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String(region)}
		}
		edgeStack = awscdk.NewStack(app, jsii.String("Edge"), &awscdk.StackProps{Env: env("us-east-1")})
		apiStack = awscdk.NewStack(app, jsii.String("Api"), &awscdk.StackProps{Env: env("eu-west-1"), CrossRegionReferences: jsii.Bool(true)})
		zone := awsroute53.HostedZone_FromHostedZoneAttributes(edgeStack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
			HostedZoneId: jsii.String(zoneID), ZoneName: jsii.String("example.com"),
		})
		edge = frontdoor.NewEdge(edgeStack, "FrontDoorEdge", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{DomainName: jsii.String("api.example.com")}, HostedZone: zone})
		service = fastapilambda.NewService(apiStack, "Service", &fastapilambda.ServiceProps{ImageDirectory: jsii.String(imageDir)})
		door = frontdoor.NewFrontDoor(apiStack, "FrontDoor", &frontdoor.FrontDoorProps{Service: service, Edge: edge})

		local = awscdk.NewStack(app, jsii.String("Local"), &awscdk.StackProps{Env: env("us-east-1")})
		localEdge = frontdoor.NewEdge(local, "Edge", &frontdoor.EdgeProps{EdgeOptions: frontdoor.EdgeOptions{WebAcl: jsii.Bool(false)}})
		logs = awss3.NewBucket(local, jsii.String("Logs"), &awss3.BucketProps{ObjectOwnership: awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED})
		localDoor = frontdoor.NewFrontDoor(local, "FrontDoor", &frontdoor.FrontDoorProps{
			Service: fastapilambda.NewService(local, "Service", &fastapilambda.ServiceProps{ImageDirectory: jsii.String(imageDir)}),
			Edge:    localEdge,
			DistributionOptions: frontdoor.DistributionOptions{
				CachedPaths:     []string{"/static/*"},
				AccessLogBucket: logs,
			},
		})

		edgeT = assertions.Template_FromStack(edgeStack, nil)
		apiT = assertions.Template_FromStack(apiStack, nil)
		localT = assertions.Template_FromStack(local, nil)
		return m.Run()
	}()
	os.Exit(code)
}

type obj = map[string]interface{}
type arr = []interface{}

func like(o obj) assertions.Matcher { return assertions.Match_ObjectLike(&o) }

// CloudFront's managed policies, by ID.
const (
	cachingDisabled                  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	allViewerExceptHostHeader        = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	useOriginCacheControlQueryString = "4cc15a8a-d715-48a4-82b8-cc0b614638fe"
)

func TestDistributionBehaviourFitsAnApi(t *testing.T) {
	cdktest.Has(t, apiT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": like(obj{
		"Enabled":     true,
		"HttpVersion": "http2and3",
		"Aliases":     arr{"api.example.com"},
		"DefaultCacheBehavior": like(obj{
			"AllowedMethods":        arr{"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"},
			"CachePolicyId":         cachingDisabled,
			"OriginRequestPolicyId": allViewerExceptHostHeader,
			"ViewerProtocolPolicy":  "redirect-to-https",
			"Compress":              true,
			"LambdaFunctionAssociations": arr{like(obj{
				"EventType":   "origin-request",
				"IncludeBody": true,
			})},
		}),
		"ViewerCertificate": like(obj{
			"MinimumProtocolVersion": "TLSv1.2_2021",
			"SslSupportMethod":       "sni-only",
		}),
	})})
}

func TestOriginIsTheAliasUrlThroughOriginAccessControl(t *testing.T) {
	url := cdktest.LogicalID(service.Url())
	cdktest.Has(t, apiT, "AWS::CloudFront::OriginAccessControl", obj{"OriginAccessControlConfig": like(obj{
		"OriginAccessControlOriginType": "lambda",
		"SigningBehavior":               "always",
		"SigningProtocol":               "sigv4",
	})})
	cdktest.Has(t, apiT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": like(obj{
		"Origins": arr{like(obj{
			"DomainName":            obj{"Fn::Select": arr{2, obj{"Fn::Split": arr{"/", obj{"Fn::GetAtt": arr{url, "FunctionUrl"}}}}}},
			"OriginAccessControlId": obj{"Fn::GetAtt": arr{assertions.Match_StringLikeRegexp(jsii.String("FunctionUrlOriginAccessControl")), "Id"}},
			"CustomOriginConfig":    like(obj{"OriginProtocolPolicy": "https-only", "OriginSSLProtocols": arr{"TLSv1.2"}}),
		})},
	})})
	cdktest.Has(t, apiT, "AWS::Lambda::Url", obj{"AuthType": "AWS_IAM", "Qualifier": "live"})
}

// Only this distribution may invoke the alias: both permissions Lambda's
// URL rules ask for, for cloudfront.amazonaws.com, on this distribution's ARN.
func TestOnlyTheDistributionMayInvoke(t *testing.T) {
	// The URL's FunctionArn is the function qualified by the alias it is on.
	alias := obj{"Fn::GetAtt": arr{cdktest.LogicalID(service.Url()), "FunctionArn"}}
	distribution := cdktest.LogicalID(door.Distribution())
	sourceArn := obj{"Fn::Join": arr{"", arr{"arn:", obj{"Ref": "AWS::Partition"}, ":cloudfront::", obj{"Ref": "AWS::AccountId"}, ":distribution/", obj{"Ref": distribution}}}}
	cdktest.Has(t, apiT, "AWS::Lambda::Permission", obj{
		"Action": "lambda:InvokeFunctionUrl", "Principal": "cloudfront.amazonaws.com",
		"FunctionName": alias, "SourceArn": sourceArn,
	})
	cdktest.Has(t, apiT, "AWS::Lambda::Permission", obj{
		"Action": "lambda:InvokeFunction", "Principal": "cloudfront.amazonaws.com", "InvokedViaFunctionUrl": true,
		"FunctionName": alias, "SourceArn": sourceArn,
	})
	cdktest.Count(t, apiT, "AWS::Lambda::Permission", 2)
}

func TestCertificateIsInUsEast1WithDnsValidation(t *testing.T) {
	cdktest.Has(t, edgeT, "AWS::CertificateManager::Certificate", obj{
		"DomainName":              "api.example.com",
		"ValidationMethod":        "DNS",
		"DomainValidationOptions": arr{obj{"DomainName": "api.example.com", "HostedZoneId": zoneID}},
	})
	cdktest.Count(t, apiT, "AWS::CertificateManager::Certificate", 0)
}

func TestAliasRecordsPointAtTheDistribution(t *testing.T) {
	distribution := cdktest.LogicalID(door.Distribution())
	for _, recordType := range []string{"A", "AAAA"} {
		cdktest.Has(t, apiT, "AWS::Route53::RecordSet", obj{
			"Name": "api.example.com.", "Type": recordType, "HostedZoneId": zoneID,
			"AliasTarget": like(obj{"DNSName": obj{"Fn::GetAtt": arr{distribution, "DomainName"}}}),
		})
	}
	if n := len(door.Records()); n != 2 {
		t.Errorf("Records() has %d records, want 2", n)
	}
	if got := apiStack.Resolve(door.Address()); got != "https://api.example.com" {
		t.Errorf("Address() = %q, want https://api.example.com", got)
	}
}

func TestWebAclRateLimitsAndManagedRules(t *testing.T) {
	visibility := func(metric string) obj {
		return obj{"CloudWatchMetricsEnabled": true, "SampledRequestsEnabled": true, "MetricName": metric}
	}
	cdktest.Has(t, edgeT, "AWS::WAFv2::WebACL", obj{
		"Scope":         "CLOUDFRONT",
		"DefaultAction": obj{"Allow": obj{}},
		"Rules": arr{
			obj{"Name": "RateLimitPerIp", "Priority": 0, "Action": obj{"Block": obj{}},
				"Statement":        obj{"RateBasedStatement": obj{"Limit": 2000, "EvaluationWindowSec": 300, "AggregateKeyType": "IP"}},
				"VisibilityConfig": visibility("RateLimitPerIp")},
			obj{"Name": "AWSManagedRulesCommonRuleSet", "Priority": 1, "OverrideAction": obj{"None": obj{}},
				"Statement": obj{"ManagedRuleGroupStatement": obj{"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet",
					"RuleActionOverrides": arr{obj{"Name": "SizeRestrictions_BODY", "ActionToUse": obj{"Count": obj{}}}}}},
				"VisibilityConfig": visibility("AWSManagedRulesCommonRuleSet")},
			obj{"Name": "AWSManagedRulesKnownBadInputsRuleSet", "Priority": 2, "OverrideAction": obj{"None": obj{}},
				"Statement":        obj{"ManagedRuleGroupStatement": obj{"VendorName": "AWS", "Name": "AWSManagedRulesKnownBadInputsRuleSet"}},
				"VisibilityConfig": visibility("AWSManagedRulesKnownBadInputsRuleSet")},
		},
		"VisibilityConfig": visibility("FrontDoor"),
	})
	// The distribution carries its ARN (WAFv2 wants the ARN, not the ID),
	// across regions through CDK's references.
	acl := cdktest.LogicalID(edge.WebAcl())
	capture := assertions.NewCapture(nil)
	cdktest.Has(t, apiT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": like(obj{"WebACLId": capture})})
	if got := cdktest.MustJSON(capture.AsObject()); !strings.Contains(got, acl+"Arn") {
		t.Errorf("WebACLId = %s, want the cross-region reference to %s's Arn", got, acl)
	}
	cdktest.Count(t, localT, "AWS::WAFv2::WebACL", 0)
	cdktest.Has(t, localT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": like(obj{"WebACLId": assertions.Match_Absent()})})
}

func TestPayloadHashFunctionRunsAtTheEdge(t *testing.T) {
	role := cdktest.LogicalID(edge.PayloadHashFunction().Role())
	cdktest.Has(t, edgeT, "AWS::Lambda::Function", obj{
		"Runtime": "nodejs22.x", "Handler": "index.handler", "MemorySize": 128, "Timeout": 5,
		"Role": obj{"Fn::GetAtt": arr{role, "Arn"}},
	})
	cdktest.Has(t, edgeT, "AWS::IAM::Role", obj{"AssumeRolePolicyDocument": like(obj{"Statement": arr{obj{
		"Action": "sts:AssumeRole", "Effect": "Allow",
		"Principal": obj{"Service": arr{"edgelambda.amazonaws.com", "lambda.amazonaws.com"}},
	}}})})
	grants := cdktest.Grants(*edgeT.ToJSON(), role)
	want := cdktest.Grant{Resource: `"arn:aws:logs:*:111111111111:log-group:/aws/lambda/us-east-1.*"`, Condition: "null"}
	for _, action := range []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"} {
		want.Action = `"` + action + `"`
		if !grants[want] {
			t.Errorf("the edge role lacks %s on its own log groups: %v", action, grants)
		}
	}
	if len(grants) != 3 {
		t.Errorf("the edge role has %d grants, want its 3 log actions: %v", len(grants), grants)
	}
	// A replicated version outlives the stack's clean-up: it is kept.
	cdktest.Check(t, func() {
		edgeT.HasResource(jsii.String("AWS::Lambda::Version"), &obj{"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"})
	})
}

func TestCachedPathsAndAccessLogs(t *testing.T) {
	// The current version's logical ID ends in a hash of the function's code.
	version := obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^" + cdktest.LogicalID(localEdge.PayloadHashVersion()) + "[0-9a-f]{32}$"))}
	cdktest.Has(t, localT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": like(obj{
		"DefaultCacheBehavior": like(obj{"LambdaFunctionAssociations": arr{obj{
			"EventType": "origin-request", "IncludeBody": true, "LambdaFunctionARN": version,
		}}}),
	})})
	cdktest.Has(t, localT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": like(obj{
		"CacheBehaviors": arr{like(obj{
			"PathPattern":                "/static/*",
			"CachePolicyId":              useOriginCacheControlQueryString,
			"OriginRequestPolicyId":      allViewerExceptHostHeader,
			"LambdaFunctionAssociations": arr{like(obj{"EventType": "origin-request", "IncludeBody": true})},
		})},
		"Logging":              like(obj{"Bucket": obj{"Fn::GetAtt": arr{cdktest.LogicalID(logs), "RegionalDomainName"}}}),
		"DefaultCacheBehavior": like(obj{"CachePolicyId": cachingDisabled}),
	})})
	cdktest.Has(t, apiT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": like(obj{
		"CacheBehaviors": assertions.Match_Absent(), "Logging": assertions.Match_Absent(),
	})})
	// Without a domain the address is the distribution's own name.
	want := obj{"Fn::Join": arr{"", arr{"https://", obj{"Fn::GetAtt": arr{cdktest.LogicalID(localDoor.Distribution()), "DomainName"}}}}}
	if got := local.Resolve(localDoor.Address()); cdktest.MustJSON(got) != cdktest.MustJSON(want) {
		t.Errorf("Address() without a domain = %s, want %s", cdktest.MustJSON(got), cdktest.MustJSON(want))
	}
	cdktest.Count(t, localT, "AWS::Route53::RecordSet", 0)
}

// Replacing these changes the address clients call or drops the domain:
// their logical IDs are part of the constructs' contract.
func TestLogicalIDsAreStable(t *testing.T) {
	for _, c := range []struct {
		template assertions.Template
		kind, id string
	}{
		{apiT, "AWS::CloudFront::Distribution", "FrontDoorDistribution20F29BA2"},
		{apiT, "AWS::Route53::RecordSet", "FrontDoorAliasRecordF0081EBF"},
		{apiT, "AWS::Route53::RecordSet", "FrontDoorAliasRecordIpv6C4F9ADBE"},
		{edgeT, "AWS::CertificateManager::Certificate", "FrontDoorEdgeCertificate31849BBE"},
		{edgeT, "AWS::WAFv2::WebACL", "FrontDoorEdgeWebAcl25C2402F"},
	} {
		if _, ok := cdktest.Resources(*c.template.ToJSON(), c.kind)[c.id]; !ok {
			t.Errorf("no %s %s: its logical ID changed", c.kind, c.id)
		}
	}
}

func TestServiceMustBePrivate(t *testing.T) {
	app := cdktest.NewApp()
	stack := awscdk.NewStack(app, jsii.String("Public"), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")}})
	svc := fastapilambda.NewService(stack, "Service", &fastapilambda.ServiceProps{ImageDirectory: jsii.String(imageDir),
		UrlAuthType: awslambda.FunctionUrlAuthType_NONE, ReservedConcurrentExecutions: jsii.Number(5)})
	e := frontdoor.NewEdge(stack, "Edge", nil)
	cdktest.MustPanic(t, "frontdoor: Service's UrlAuthType must be AWS_IAM, so that only the distribution's signed requests reach it, got NONE (at Public/FrontDoor)", func() {
		frontdoor.NewFrontDoor(stack, "FrontDoor", &frontdoor.FrontDoorProps{Service: svc, Edge: e})
	})
}
