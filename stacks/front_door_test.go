package stacks_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

const eastCertificate = "arn:aws:acm:us-east-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

type arr = []interface{}

// With a front door the Function URL takes signed requests only, the cap
// still holds, and the stack's main output is the domain.
func TestFrontDoorLocksTheUrlAndKeepsTheCap(t *testing.T) {
	for name, tpl := range map[string]assertions.Template{"fronted": frontedT, "east": eastT} {
		t.Run(name, func(t *testing.T) {
			cdktest.Has(t, tpl, "AWS::Lambda::Url", obj{"AuthType": "AWS_IAM", "Qualifier": "live"})
			cdktest.Has(t, tpl, "AWS::Lambda::Function", obj{"ReservedConcurrentExecutions": stacks.DefaultReservedConcurrency})
			// Only CloudFront may invoke, and only for this distribution.
			for _, permission := range cdktest.Resources(*tpl.ToJSON(), "AWS::Lambda::Permission") {
				props := permission["Properties"].(map[string]interface{})
				if props["Principal"] != "cloudfront.amazonaws.com" || !strings.Contains(cdktest.MustJSON(props["SourceArn"]), "FrontDoorDistribution20F29BA2") {
					t.Errorf("permission %s is not for this distribution through CloudFront", cdktest.MustJSON(props))
				}
			}
			cdktest.Count(t, tpl, "AWS::Lambda::Permission", 2)
		})
	}
	cdktest.Check(t, func() {
		frontedT.HasOutput(jsii.String("FrontDoorUrl"), &obj{"Value": "https://api.example.com", "Description": "Where clients call the service: the front door (CloudFront)."})
	})
	cdktest.Check(t, func() {
		frontedT.HasOutput(jsii.String("FrontDoorDistributionId"), assertions.Match_ObjectLike(&obj{"Value": obj{"Ref": "FrontDoorDistribution20F29BA2"}}))
	})
	cdktest.Check(t, func() {
		frontedT.HasOutput(jsii.String("FunctionUrl"), assertions.Match_ObjectLike(&obj{
			"Description": "Function URL of the live alias: AWS_IAM, reachable through the front door only."}))
	})
}

// Outside us-east-1, the edge is a stack of its own there, named after the
// service's, deployed through the same bootstrap qualifier; the distribution
// reads its ARNs with weak cross-region references, so a new edge version
// never locks the edge stack.
func TestEdgeStackInUsEast1(t *testing.T) {
	edge := fronted.EdgeStack()
	if edge == nil {
		t.Fatal("no edge stack for a service in eu-west-1")
	}
	if got := *edge.StackName() + " " + *edge.Region() + " " + *edge.Account(); got != "Shop-Edge us-east-1 111111111111" {
		t.Errorf("edge stack %s, want Shop-Edge us-east-1 111111111111", got)
	}
	if east.EdgeStack() != nil || east.Edge() == nil || *awscdk.Stack_Of(east.Edge()).StackName() != "East" {
		t.Errorf("a service in us-east-1 has its edge in its own stack")
	}
	// The edge stack's bootstrap version check names the service's qualifier.
	cdktest.Check(t, func() {
		frontedEdgeT.HasParameter(jsii.String("BootstrapVersion"), &obj{"Default": "/cdk-bootstrap/shop/version"})
	})
	cdktest.Check(t, func() {
		frontedT.HasParameter(jsii.String("BootstrapVersion"), &obj{"Default": "/cdk-bootstrap/shop/version"})
	})
	dependencies := fronted.Stack().Dependencies()
	if len(*dependencies) != 1 || *(*dependencies)[0].StackName() != "Shop-Edge" {
		t.Errorf("the service's stack must deploy after Shop-Edge")
	}
	reads := func(logicalID string) obj {
		return obj{"Fn::GetStackOutput": obj{"StackName": "Shop-Edge", "Region": "us-east-1",
			"OutputName": assertions.Match_StringLikeRegexp(jsii.String("^PublishOutput.*" + logicalID))}}
	}
	cdktest.Has(t, frontedT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": assertions.Match_ObjectLike(&obj{
		"Aliases":  arr{"api.example.com"},
		"WebACLId": reads("EdgeWebAcl8DEA6539"),
		"ViewerCertificate": obj{
			"AcmCertificateArn": reads("EdgeCertificateE929CC3D"), "MinimumProtocolVersion": "TLSv1.2_2021", "SslSupportMethod": "sni-only"},
		"DefaultCacheBehavior": assertions.Match_ObjectLike(&obj{"LambdaFunctionAssociations": arr{obj{
			"EventType": "origin-request", "IncludeBody": true, "LambdaFunctionARN": reads("EdgePayloadHashCurrentVersion"),
		}}}),
	})})
	// The certificate is validated through the zone of the settings, by ID:
	// no lookup at synth.
	cdktest.Has(t, frontedEdgeT, "AWS::CertificateManager::Certificate", obj{
		"DomainName": "api.example.com", "ValidationMethod": "DNS",
		"DomainValidationOptions": arr{obj{"DomainName": "api.example.com", "HostedZoneId": "Z0123456789ABCDEFGHIJ"}},
	})
	cdktest.Has(t, frontedEdgeT, "AWS::WAFv2::WebACL", obj{"Scope": "CLOUDFRONT", "Rules": assertions.Match_ArrayWith(&arr{
		assertions.Match_ObjectLike(&obj{"Name": "RateLimitPerIp", "Statement": obj{"RateBasedStatement": obj{
			"Limit": 500, "EvaluationWindowSec": 300, "AggregateKeyType": "IP"}}}),
	})})
	for _, record := range []string{"FrontDoorAliasRecordF0081EBF", "FrontDoorAliasRecordIpv6C4F9ADBE"} {
		r, ok := cdktest.Resources(*frontedT.ToJSON(), "AWS::Route53::RecordSet")[record]
		if !ok {
			t.Errorf("no record %s", record)
			continue
		}
		if props := cdktest.MustJSON(r["Properties"]); !strings.Contains(props, `"HostedZoneId":"Z0123456789ABCDEFGHIJ"`) || !strings.Contains(props, `"Name":"api.example.com."`) {
			t.Errorf("record %s is not api.example.com in the zone of the settings: %s", record, props)
		}
	}
	cdktest.Count(t, frontedT, "AWS::CloudFront::OriginAccessControl", 1)
	cdktest.Has(t, frontedT, "AWS::CloudFront::OriginAccessControl", obj{"OriginAccessControlConfig": assertions.Match_ObjectLike(&obj{
		"OriginAccessControlOriginType": "lambda", "SigningBehavior": "always", "SigningProtocol": "sigv4"})})
}

// In us-east-1 the edge shares the stack: a certificate brought by ARN is
// served as is, and no web ACL is built when it is turned off.
func TestFrontDoorInUsEast1(t *testing.T) {
	cdktest.Count(t, eastT, "AWS::CertificateManager::Certificate", 0)
	cdktest.Count(t, eastT, "AWS::WAFv2::WebACL", 0)
	cdktest.Count(t, eastT, "AWS::Route53::RecordSet", 0)
	cdktest.Has(t, eastT, "AWS::CloudFront::Distribution", obj{"DistributionConfig": assertions.Match_ObjectLike(&obj{
		"Aliases":           arr{"api.example.org"},
		"ViewerCertificate": obj{"AcmCertificateArn": eastCertificate, "MinimumProtocolVersion": "TLSv1.2_2021", "SslSupportMethod": "sni-only"},
		"WebACLId":          assertions.Match_Absent(),
	})})
	if strings.Contains(cdktest.MustJSON(*eastT.ToJSON()), "GetStackOutput") {
		t.Error("a front door in one stack reads nothing across stacks")
	}
}

// The GitHub roles deploy and review both stacks: the deploy policy may
// assume the bootstrap roles of the qualifier in both regions, the review
// role may read both stacks.
func TestIdentitiesCoverTheEdgeStack(t *testing.T) {
	template := cdktest.MustJSON(*frontedT.ToJSON())
	for _, region := range []string{"eu-west-1", "us-east-1"} {
		for _, role := range []string{"deploy", "file-publishing", "image-publishing"} {
			arn := "role/cdk-shop-" + role + "-role-111111111111-" + region
			if !strings.Contains(template, arn) {
				t.Errorf("the deploy policy does not name %s", arn)
			}
		}
	}
	review := cdktest.LogicalID(fronted.DeployIdentity().GitHubReviewRole())
	grants := cdktest.Grants(*frontedT.ToJSON(), review)
	var stacksRead []string
	for g := range grants {
		if g.Action == `"cloudformation:GetTemplate"` {
			stacksRead = append(stacksRead, g.Resource)
		}
	}
	joined := strings.Join(stacksRead, " ")
	if len(stacksRead) != 2 || !strings.Contains(joined, ":cloudformation:us-east-1:111111111111:stack/Shop-Edge/*") ||
		!strings.Contains(joined, "stack/Shop/*") {
		t.Errorf("the review role reads %v, want Shop and Shop-Edge", stacksRead)
	}
}

// The stack refuses a front door it cannot place, every reason at once.
func TestFrontDoorStackErrors(t *testing.T) {
	app := cdktest.NewApp()
	cdktest.MustPanic(t, "stacks: FrontDoor needs Env with an account and a region: its edge (certificate, web ACL, payload-hash function) goes to a stack in us-east-1 of the same account, got an environment-agnostic stack (at Agnostic)\n"+
		`stacks: FrontDoor needs UrlAuthType AWS_IAM, so that only the distribution reaches the Function URL, got "NONE" (leave it unset: the front door sets AWS_IAM) (at Agnostic)`+"\n"+
		"stacks: FrontDoor's HostedZoneId and HostedZoneName go together: set both, or neither (at Agnostic)\n"+
		"stacks: FrontDoor needs a StackName of at most 123 characters (its edge stack is named STACK-Edge), got 124 (at Agnostic)", func() {
		stacks.NewServiceStack(app, "Agnostic", &stacks.ServiceStackProps{
			StackProps:     awscdk.StackProps{StackName: jsii.String(strings.Repeat("A", 124))},
			ImageDirectory: jsii.String(imageDir),
			UrlAuthType:    awslambda.FunctionUrlAuthType_NONE,
			FrontDoor:      &stacks.FrontDoorOptions{HostedZoneId: jsii.String("Z0123456789ABCDEFGHIJ")},
		})
	})
}

// The front door's stack rules, as a caller that names the fields in its own
// words runs them: the edge's stack needs room for its suffix only outside
// us-east-1, where the edge has a stack of its own.
func TestFrontDoorStackNameRule(t *testing.T) {
	long := strings.Repeat("A", 124)
	for _, c := range []struct {
		name, region string
		want         string
	}{
		{strings.Repeat("A", 123), "eu-west-1", ""},
		{long, "eu-west-1", "needs a stackName of at most 123 characters (its edge stack is named STACK-Edge), got 124"},
		{long, "", "needs a stackName of at most 123 characters (its edge stack is named STACK-Edge), got 124"},
		{long, "us-east-1", ""},
	} {
		got := ""
		if err := stacks.CheckFrontDoorStackName(c.name, c.region, "stackName"); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("CheckFrontDoorStackName(%d characters, %q) = %q, want %q", len(c.name), c.region, got, c.want)
		}
	}
}
