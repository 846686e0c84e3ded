package stacks_test

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// Each resource type the service stacks create, with the calls
// CloudFormation makes to create it: the execution policy must allow them.
// A type missing here fails the test: add it with its calls, and the calls
// to the policy.
var createdWith = map[string][]string{
	"AWS::CDK::Metadata":                          nil,
	"AWS::ApplicationAutoScaling::ScalableTarget": {"application-autoscaling:RegisterScalableTarget", "iam:CreateServiceLinkedRole"},
	"AWS::ApplicationAutoScaling::ScalingPolicy":  {"application-autoscaling:PutScalingPolicy", "cloudwatch:PutMetricAlarm"},
	"AWS::CloudWatch::Dashboard":                  {"cloudwatch:PutDashboard"},
	"AWS::Logs::QueryDefinition":                  {"logs:PutQueryDefinition"},
	"AWS::SNS::Subscription":                      {"sns:Subscribe"},
	"AWS::SNS::Topic":                             {"sns:CreateTopic"},
	"AWS::SNS::TopicPolicy":                       {"sns:SetTopicAttributes"},
	"AWS::CloudWatch::Alarm":                      {"cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms"},
	"AWS::CodeDeploy::Application":                {"codedeploy:CreateApplication"},
	"AWS::CodeDeploy::DeploymentGroup":            {"codedeploy:CreateDeploymentGroup", "iam:PassRole"},
	"AWS::IAM::AccessKey":                         {"iam:CreateAccessKey"},
	"AWS::IAM::Group":                             {"iam:CreateGroup", "iam:AttachGroupPolicy"},
	"AWS::IAM::ManagedPolicy":                     {"iam:CreatePolicy"},
	"AWS::IAM::OIDCProvider":                      {"iam:CreateOpenIDConnectProvider"},
	"AWS::IAM::Policy":                            {"iam:PutRolePolicy", "iam:PutGroupPolicy"},
	"AWS::IAM::Role":                              {"iam:CreateRole", "iam:AttachRolePolicy"},
	"AWS::IAM::User":                              {"iam:CreateUser", "iam:AddUserToGroup"},
	"AWS::Lambda::Alias":                          {"lambda:CreateAlias"},
	"AWS::Lambda::Function":                       {"lambda:CreateFunction", "iam:PassRole", "ecr:BatchGetImage"},
	"AWS::Lambda::Permission":                     {"lambda:AddPermission"},
	"AWS::Lambda::Url":                            {"lambda:CreateFunctionUrlConfig"},
	"AWS::Lambda::Version":                        {"lambda:PublishVersion"},
	"AWS::Logs::LogGroup":                         {"logs:CreateLogGroup", "logs:PutRetentionPolicy"},
	"AWS::SecretsManager::ResourcePolicy":         {"secretsmanager:PutResourcePolicy"},
	"AWS::SecretsManager::Secret":                 {"secretsmanager:CreateSecret"},
	"Custom::AWS":                                 {"lambda:InvokeFunction"},
	// The front door: the distribution reads the edge stack's outputs and
	// replicates the Lambda@Edge version; the certificate is validated
	// through the hosted zone.
	"AWS::CloudFront::Distribution": {"cloudfront:CreateDistribution", "cloudfront:TagResource", "cloudformation:DescribeStacks",
		"lambda:GetFunction", "lambda:EnableReplication*", "iam:CreateServiceLinkedRole", "wafv2:GetWebACL", "acm:DescribeCertificate"},
	"AWS::CloudFront::OriginAccessControl": {"cloudfront:CreateOriginAccessControl"},
	"AWS::Route53::RecordSet":              {"route53:ChangeResourceRecordSets", "route53:GetChange"},
	"AWS::CertificateManager::Certificate": {"acm:RequestCertificate", "acm:DescribeCertificate", "acm:UpdateCertificateOptions", "route53:ChangeResourceRecordSets"},
	"AWS::WAFv2::WebACL":                   {"wafv2:CreateWebACL", "wafv2:GetWebACL", "wafv2:TagResource", "wafv2:ListTagsForResource"},
}

// onlyOnEveryResource are the statements whose actions IAM accepts on "*"
// only: the resources have generated IDs, not ARNs a policy can name in
// advance (query definitions, scalable targets), or none (X-Ray, the
// registry token).
var onlyOnEveryResource = map[string]bool{
	"SavedQueries": true, "ProvisionedConcurrencyScaling": true, "Tracing": true, "RegistryToken": true,
	"RequestCertificates": true, // conditioned on the domain names and DNS validation
	"CreateDistributions": true, // CloudFront's two create calls name no resource
}

// boundaryOnEveryResource are the actions the boundary allows on "*", each
// one IAM gives no resource to name (acm:RequestCertificate only under its
// domain and validation conditions).
var boundaryOnEveryResource = map[string]bool{
	"logs:PutQueryDefinition": true, "logs:DeleteQueryDefinition": true, "logs:DescribeQueryDefinitions": true,
	"application-autoscaling:*": true, "xray:PutTraceSegments": true, "xray:PutTelemetryRecords": true,
	"ecr:GetAuthorizationToken": true, "cloudfront:CreateDistribution": true, "cloudfront:CreateOriginAccessControl": true,
	"acm:RequestCertificate": true,
}

type policyStatement struct {
	Sid      string
	Effect   string
	Action   interface{}
	Resource interface{}
}

func asStrings(v interface{}) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []interface{}:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// The execution policy that make bootstrap gives CloudFormation instead of
// AdministratorAccess: no wildcard action, no iam:*, every call each
// variant's resources need, and each part within IAM's size limit; with
// and without front doors.
func TestBootstrapExecutionPolicy(t *testing.T) {
	app := cdktest.NewApp()
	// A pinned environment: ARNs are literal, as long as IAM will store them.
	env := awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("ap-southeast-2")}}
	plain := stacks.NewBootstrapPolicyStack(app, "Policy", &stacks.BootstrapPolicyStackProps{
		StackProps: env, Qualifier: jsii.String("hnb659fds"), StackNames: []string{"FastApiLambda", "FastApiLambdaStaging"},
		ImageRepositoryNames: []string{"api"},
	})
	fronted := stacks.NewBootstrapPolicyStack(app, "FrontDoorPolicy", &stacks.BootstrapPolicyStackProps{
		StackProps: env, Qualifier: jsii.String("hnb659fds"), StackNames: []string{"FastApiLambda", "FastApiLambdaStaging"},
		ImageRepositoryNames: []string{"api"}, FrontDoor: jsii.Bool(true),
		FrontDoorDomainNames: []string{"api.example.com"}, FrontDoorHostedZoneIds: []string{"Z0123456789ABCDEFGHIJ"},
	})
	image := filepath.Join(cdktest.RepoRoot(), "lambda-app")
	var withoutFrontDoor, every []awscdk.Stack
	for name, props := range nagVariants(image) {
		// The execution policy does not cover a customer-managed key (its
		// ARN is random, and naming every key would let a deployer rewrite
		// any key's policy): the settings refuse customerManagedKey with
		// bootstrapExecutionPolicy.
		if props.CustomerManagedKey != nil && *props.CustomerManagedKey {
			continue
		}
		service := stacks.NewServiceStack(app, name, props)
		every = append(every, service.Stack())
		if edge := service.EdgeStack(); edge != nil {
			every = append(every, edge)
		}
		if props.FrontDoor == nil {
			withoutFrontDoor = append(withoutFrontDoor, service.Stack())
		}
	}
	t.Run("without front doors", func(t *testing.T) {
		if plain.FrontDoorPolicy() != nil {
			t.Error("a front-door policy without front doors")
		}
		checkExecutionPolicy(t, plain, withoutFrontDoor)
	})
	t.Run("with front doors", func(t *testing.T) {
		allowed := checkExecutionPolicy(t, fronted, every)
		template := cdktest.MustJSON(*assertions.Template_FromStack(fronted.Stack(), nil).ToJSON())
		for _, want := range []string{
			`"acm:DomainNames":["api.example.com"]`, `"acm:ValidationMethod":"DNS"`, `"Null":{"acm:DomainNames":"false"}`,
			`"cloudfront:CreateDistribution"`, `"acm:UpdateCertificateOptions"`,
			`arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ`,
			`arn:aws:cloudformation:us-east-1:111111111111:stack/FastApiLambda-Edge/*`,
			`arn:aws:lambda:us-east-1:111111111111:function:FastApiLambda-*`,
			`arn:aws:logs:*:111111111111:log-group:*FastApiLambda-*`, // Lambda@Edge logs as us-east-1.NAME anywhere
		} {
			if !strings.Contains(template, want) {
				t.Errorf("the front-door policies do not name %s", want)
			}
		}
		if !allowed["lambda:EnableReplication*"] {
			t.Error("the front-door policy does not allow replicating the edge function")
		}
	})
}

// checkExecutionPolicy checks the policies of a policy stack against the
// resources of the stacks it serves, and returns the actions they allow.
func checkExecutionPolicy(t *testing.T, policyStack stacks.BootstrapPolicyStack, served []awscdk.Stack) map[string]bool {
	t.Helper()
	template := *assertions.Template_FromStack(policyStack.Stack(), nil).ToJSON()
	resources := template["Resources"].(map[string]interface{})
	statements := func(policy awsiam.ManagedPolicy) ([]policyStatement, int) {
		doc := resources[cdktest.LogicalID(policy)].(map[string]interface{})["Properties"].(map[string]interface{})["PolicyDocument"]
		raw, _ := json.Marshal(doc)
		var parsed struct{ Statement []policyStatement }
		if err := json.Unmarshal(raw, &parsed); err != nil {
			t.Fatal(err)
		}
		return parsed.Statement, len(raw)
	}

	allowed := map[string]bool{}
	parts := map[string]awsiam.ManagedPolicy{"services": policyStack.ServicesPolicy(), "iam": policyStack.IamPolicy()}
	if policyStack.FrontDoorPolicy() != nil {
		parts["front-door"] = policyStack.FrontDoorPolicy()
	}
	for name, policy := range parts {
		list, size := statements(policy)
		// IAM stores at most 6,144 characters of a managed policy, white space aside.
		if size > 6144 {
			t.Errorf("the %s execution policy is %d characters, over IAM's 6,144", name, size)
		}
		for _, st := range list {
			if st.Effect != "Allow" {
				t.Errorf("%s: statement %s is %s, want only allows", name, st.Sid, st.Effect)
			}
			for _, action := range asStrings(st.Action) {
				service, verb, _ := strings.Cut(action, ":")
				if action == "*" || verb == "*" || strings.HasPrefix(verb, "*") {
					t.Errorf("%s: statement %s allows %s", name, st.Sid, action)
				}
				if service == "iam" && strings.Contains(verb, "*") {
					t.Errorf("%s: statement %s allows a family of IAM actions, %s", name, st.Sid, action)
				}
				allowed[action] = true
			}
			for _, resource := range asStrings(st.Resource) {
				if resource == "*" && !onlyOnEveryResource[st.Sid] {
					t.Errorf("%s: statement %s applies to every resource", name, st.Sid)
				}
			}
		}
	}

	used := map[string]bool{}
	for _, stack := range served {
		for _, r := range (*assertions.Template_FromStack(stack, nil).ToJSON())["Resources"].(map[string]interface{}) {
			used[r.(map[string]interface{})["Type"].(string)] = true
		}
	}
	var types []string
	for resourceType := range used {
		types = append(types, resourceType)
	}
	sort.Strings(types)
	for _, resourceType := range types {
		calls, known := createdWith[resourceType]
		if !known {
			t.Errorf("the stacks create %s, which the execution policy test does not know: add it to createdWith, and its calls to the policy", resourceType)
		}
		for _, call := range calls {
			if !allowed[call] {
				t.Errorf("%s needs %s, which the execution policy does not allow", resourceType, call)
			}
		}
	}

	// The boundary is a ceiling scoped to the stacks: no action on every
	// resource but the registry token, no role to assume but the CDK deploy
	// and publishing roles, and no identity created or changed without it.
	boundary, size := statements(policyStack.Boundary())
	if size > 6144 {
		t.Errorf("the boundary is %d characters, over IAM's 6,144", size)
	}
	denies := map[string]bool{}
	for _, st := range boundary {
		actions, resources := asStrings(st.Action), asStrings(st.Resource)
		if st.Effect == "Deny" {
			for _, action := range actions {
				denies[action] = true
			}
			continue
		}
		for _, action := range actions {
			if action == "*" {
				t.Errorf("boundary statement %s allows every action", st.Sid)
			}
			if action == "sts:AssumeRole" || action == "sts:*" {
				for _, role := range resources {
					if !strings.Contains(role, ":role/cdk-hnb659fds-deploy-role-") && !strings.Contains(role, ":role/cdk-hnb659fds-file-publishing-role-") &&
						!strings.Contains(role, ":role/cdk-hnb659fds-image-publishing-role-") {
						t.Errorf("boundary statement %s lets identities assume %s", st.Sid, role)
					}
				}
			}
		}
		for _, resource := range resources {
			if resource != "*" {
				continue
			}
			for _, action := range actions {
				if !boundaryOnEveryResource[action] {
					t.Errorf("boundary statement %s allows %s on every resource", st.Sid, action)
				}
			}
		}
	}
	// The execution role carries the boundary too: every action its policy
	// allows must fit under the ceiling.
	ceiling := map[string]bool{}
	for _, st := range boundary {
		if st.Effect == "Allow" {
			for _, action := range asStrings(st.Action) {
				ceiling[action] = true
			}
		}
	}
	for action := range allowed {
		service, _, _ := strings.Cut(action, ":")
		if !ceiling[action] && !ceiling[service+":*"] {
			t.Errorf("the execution policy allows %s, which the boundary it carries does not", action)
		}
	}
	for _, action := range []string{"iam:CreateRole", "iam:CreateUser", "iam:DeleteRolePermissionsBoundary",
		"iam:DeleteUserPermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
		"iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:AttachUserPolicy"} {
		if !denies[action] {
			t.Errorf("the boundary does not deny %s", action)
		}
	}
	if name := resources[cdktest.LogicalID(policyStack.Boundary())].(map[string]interface{})["Properties"].(map[string]interface{})["ManagedPolicyName"].(string); name != stacks.BoundaryPolicyName("hnb659fds") {
		t.Errorf("boundary named %s", name)
	}
	return allowed
}

// A qualifier whose stacks would make a policy larger than IAM stores fails
// at synth, naming the policy, its size and the way out, not at deploy.
func TestBootstrapPoliciesWithinIamSizeLimit(t *testing.T) {
	app := cdktest.NewApp()
	cdktest.MustPanic(t, "stacks: the bootstrap policies of qualifier hnb659fds name the resources of 3 stacks (Api, ApiStaging, FastApiLambda), "+
		"and IAM stores at most 6144 characters a policy: fastapi-lambda-hnb659fds-cfn-exec-services would be about ", func() {
		stacks.NewBootstrapPolicyStack(app, "Crowded", &stacks.BootstrapPolicyStackProps{
			StackProps: awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}},
			Qualifier:  jsii.String("hnb659fds"), StackNames: []string{"FastApiLambda", "Api", "ApiStaging"},
		})
	})
	cdktest.MustPanic(t, "; give some of their environments their own @aws-cdk/core:bootstrapQualifier", func() {
		stacks.NewBootstrapPolicyStack(app, "CrowdedAgnostic", &stacks.BootstrapPolicyStackProps{
			Qualifier: jsii.String("hnb659fds"), StackNames: []string{"FastApiLambda", "Api", "ApiStaging"},
		})
	})
}
