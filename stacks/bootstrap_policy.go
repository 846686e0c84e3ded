package stacks

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
)

// MaxStackNameLength is the longest stack name the execution policy can
// match: CloudFormation names a stack's roles and functions
// STACK-LOGICALID-SUFFIX within 64 characters, and past that keeps 13 for
// the suffix and splits the rest between the stack name and the logical ID,
// so a longer stack name is cut short inside the name and the policy's
// STACK-* patterns miss it (the service's logical IDs are long enough that
// every longer name is cut).
const MaxStackNameLength = 25

// BoundaryPolicyName is the permissions boundary of every role and user the
// service stacks of a bootstrap qualifier create, and of the CloudFormation
// execution role itself.
func BoundaryPolicyName(qualifier string) string {
	return "fastapi-lambda-" + qualifier + "-boundary"
}

// ExecutionPolicyName names the parts of the CloudFormation execution policy
// (a managed policy holds at most 6,144 characters): "services", "iam", and
// "front-door" when a stack has one.
func ExecutionPolicyName(qualifier, part string) string {
	return "fastapi-lambda-" + qualifier + "-cfn-exec-" + part
}

// BootstrapPolicyStackProps configures a BootstrapPolicyStack.
type BootstrapPolicyStackProps struct {
	awscdk.StackProps

	// Qualifier of the CDK bootstrap stack whose execution role gets the
	// policies. Required.
	Qualifier *string

	// Names of the service stacks deployed through that bootstrap stack: the
	// execution role may create, change and delete only what CloudFormation
	// names after them (STACK-LogicalId-suffix). Required.
	StackNames []string

	// ECR repositories the functions' images come from, besides the bootstrap
	// stack's own asset repository. Default: none.
	ImageRepositoryNames []string

	// CodeCommit repositories the deploy users may pull from and push to: the
	// boundary allows git over SSH on these only. Default: none.
	CodeCommitRepositoryNames []string

	// Whether some of the stacks have a front door: the policies then also
	// cover CloudFront distributions and origin access controls, the edge in
	// us-east-1 (its stack STACK-Edge, Lambda@Edge, the web ACL, the
	// certificate), and the records in FrontDoorHostedZoneIds. Default: false.
	FrontDoor *bool

	// Domain names the front doors' certificates are requested for (ACM,
	// DNS validation): the only certificates the execution role may request.
	// Default: none.
	FrontDoorDomainNames []string

	// Route 53 hosted zones the front doors write their records and
	// certificate validation records to. Default: none.
	FrontDoorHostedZoneIds []string
}

// BootstrapPolicyStack holds what `cdk bootstrap` is given instead of
// AdministratorAccess: the CloudFormation execution policy, in two managed
// policies, and the permissions boundary. An administrator deploys it once,
// with their own credentials, before bootstrapping (make bootstrap): it uses
// no bootstrap role, and the execution role it limits cannot change it.
type BootstrapPolicyStack interface {
	Stack() awscdk.Stack
	// ServicesPolicy allows the Lambda, Logs, CloudWatch, CodeDeploy and
	// Secrets Manager calls the service stacks need, on their resources.
	ServicesPolicy() awsiam.ManagedPolicy
	// IamPolicy allows creating the stacks' roles, users, groups and policies
	// only with the boundary, and passing their roles to Lambda and CodeDeploy.
	IamPolicy() awsiam.ManagedPolicy
	// FrontDoorPolicy allows the calls of the front doors: CloudFront, WAF,
	// ACM, Route 53 and Lambda@Edge; nil without BootstrapPolicyStackProps.FrontDoor.
	FrontDoorPolicy() awsiam.ManagedPolicy
	// Boundary is the permissions boundary, the ceiling of the stacks'
	// identities and of the execution role: the services they use on the
	// stacks' resources, the CDK deploy and publishing roles to assume, and
	// no identity created or changed without it, no boundary removed, no
	// change to these policies or the bootstrap roles.
	Boundary() awsiam.ManagedPolicy
}

type bootstrapPolicyStack struct {
	stack                                    awscdk.Stack
	services, iamPolicy, frontDoor, boundary awsiam.ManagedPolicy
}

func (b *bootstrapPolicyStack) Stack() awscdk.Stack                   { return b.stack }
func (b *bootstrapPolicyStack) ServicesPolicy() awsiam.ManagedPolicy  { return b.services }
func (b *bootstrapPolicyStack) IamPolicy() awsiam.ManagedPolicy       { return b.iamPolicy }
func (b *bootstrapPolicyStack) FrontDoorPolicy() awsiam.ManagedPolicy { return b.frontDoor }
func (b *bootstrapPolicyStack) Boundary() awsiam.ManagedPolicy        { return b.boundary }

// NewBootstrapPolicyStack builds the policies. The stack uses the legacy
// synthesizer: it deploys before any bootstrap stack exists.
func NewBootstrapPolicyStack(scope constructs.Construct, id string, props *BootstrapPolicyStackProps) BootstrapPolicyStack {
	if props == nil || props.Qualifier == nil || len(props.StackNames) == 0 {
		panic("stacks: BootstrapPolicyStack needs Qualifier and at least one of StackNames")
	}
	stackProps := props.StackProps
	stackProps.Synthesizer = awscdk.NewLegacyStackSynthesizer()
	stack := awscdk.NewStack(scope, &id, &stackProps)
	p := newPolicyParts(stack, props)
	q := p.qualifier
	services, iamStatements := p.serviceStatements(), p.iamStatements()
	frontDoorStatements, boundaryStatements := p.frontDoorStatements(), p.boundaryStatements()
	p.checkSizes([]namedStatements{{ExecutionPolicyName(q, "services"), services}, {ExecutionPolicyName(q, "iam"), iamStatements},
		{ExecutionPolicyName(q, "front-door"), frontDoorStatements}, {BoundaryPolicyName(q), boundaryStatements}})

	b := &bootstrapPolicyStack{stack: stack}
	policy := func(id, name, description string, statements []awsiam.PolicyStatement) awsiam.ManagedPolicy {
		return awsiam.NewManagedPolicy(stack, jsii.String(id), &awsiam.ManagedPolicyProps{
			ManagedPolicyName: jsii.String(name), Description: jsii.String(description), Statements: &statements,
		})
	}
	b.services = policy("ServicesPolicy", ExecutionPolicyName(q, "services"),
		"CloudFormation execution policy (services) for the fastapi-lambda-cdk stacks of bootstrap qualifier "+q, services)
	b.iamPolicy = policy("IamPolicy", ExecutionPolicyName(q, "iam"),
		"CloudFormation execution policy (IAM) for the fastapi-lambda-cdk stacks of bootstrap qualifier "+q, iamStatements)
	if p.edge != nil {
		b.frontDoor = policy("FrontDoorPolicy", ExecutionPolicyName(q, "front-door"),
			"CloudFormation execution policy (front doors) for the fastapi-lambda-cdk stacks of bootstrap qualifier "+q, frontDoorStatements)
	}
	b.boundary = policy("Boundary", BoundaryPolicyName(q),
		"Permissions boundary of the fastapi-lambda-cdk stacks' identities and of the CDK execution role, qualifier "+q, boundaryStatements)
	awscdk.NewCfnOutput(stack, jsii.String("ServicesPolicyArn"), &awscdk.CfnOutputProps{Value: b.services.ManagedPolicyArn()})
	awscdk.NewCfnOutput(stack, jsii.String("IamPolicyArn"), &awscdk.CfnOutputProps{Value: b.iamPolicy.ManagedPolicyArn()})
	if b.frontDoor != nil {
		awscdk.NewCfnOutput(stack, jsii.String("FrontDoorPolicyArn"), &awscdk.CfnOutputProps{Value: b.frontDoor.ManagedPolicyArn()})
	}
	return b
}

// policyParts holds what the bootstrap policies' statements are built from:
// the qualifier, the stacks' names, the environment's partition, account and
// region (tokens when the stack is environment-agnostic), and the ARN
// patterns more than one policy names. It records each statement's size as
// it makes it, for checkSizes.
type policyParts struct {
	qualifier                  string
	names                      []string // the service stacks, sorted
	partition, account, region string   // region is "*" when a front door puts the edge elsewhere
	boundaryArn                string

	// The stacks' IAM identities and managed policies, STACK-*.
	roles, users, groups, policies []string
	dashboards, topics             []string
	// Target tracking's alarms, which Application Auto Scaling creates with
	// the caller's permissions: "TargetTracking-function:FUNCTION:ALIAS-...".
	scalingAlarms []string
	// The bootstrap stack's asset repository, then ImageRepositoryNames.
	repositories []string
	codeCommit   []string

	edge  *edgeResources // nil without a front door
	sizes map[awsiam.PolicyStatement]int
}

// edgeResources are what the front doors' statements name: distributions and
// origin access controls have generated IDs (IAM can name them only by
// account), the edge's web ACLs, certificates and Lambda@Edge functions are
// in us-east-1.
type edgeResources struct {
	cloudFront, webAcls, certificates, zones []string
	stacks, functions, serviceLinkedRoles    []string
	domainNames                              []string
}

// The service-linked roles a front door needs: Lambda@Edge's replicator and
// CloudFront's logger.
var edgeServices = []string{"replicator.lambda.amazonaws.com", "logger.cloudfront.amazonaws.com"}

// IAM gives CloudFront's two create calls no resource to name: "*" only.
var cloudFrontCreates = []string{"cloudfront:CreateDistribution", "cloudfront:CreateOriginAccessControl"}

// newPolicyParts reads the stack's environment and the props once, so that
// every policy names the same stacks, regions and repositories.
func newPolicyParts(stack awscdk.Stack, props *BootstrapPolicyStackProps) *policyParts {
	p := &policyParts{qualifier: *props.Qualifier, names: append([]string(nil), props.StackNames...),
		partition: *stack.Partition(), account: *stack.Account(), region: *stack.Region(),
		sizes: map[awsiam.PolicyStatement]int{}}
	sort.Strings(p.names)
	frontDoor := props.FrontDoor != nil && *props.FrontDoor
	if frontDoor && p.region != frontdoor.EdgeRegion {
		// The stacks' own resources are in two regions, the edge's in
		// us-east-1: naming both in every statement would not fit IAM's
		// 6,144 characters, so their ARNs name any region. An execution role
		// exists only where make bootstrap put one (the two regions).
		p.region = "*"
	}
	p.boundaryArn = p.arn("iam", "", "policy/"+BoundaryPolicyName(p.qualifier))
	p.roles, p.users, p.groups, p.policies = p.every("iam", "", "role/%s-*"), p.every("iam", "", "user/%s-*"),
		p.every("iam", "", "group/%s-*"), p.every("iam", "", "policy/%s-*")
	p.dashboards = []string{}
	for _, name := range p.names {
		p.dashboards = append(p.dashboards, fmt.Sprintf("arn:%s:cloudwatch::%s:dashboard/%s-*", p.partition, p.account, name))
	}
	p.topics = p.every("sns", p.region, "%s-*")
	p.scalingAlarms = p.every("cloudwatch", p.region, "alarm:TargetTracking-function:%s-*")
	p.repositories = []string{p.arn("ecr", p.region, fmt.Sprintf("repository/cdk-%s-container-assets-%s-%s", p.qualifier, p.account, p.region))}
	for _, name := range props.ImageRepositoryNames {
		p.repositories = append(p.repositories, p.arn("ecr", p.region, "repository/"+name))
	}
	p.codeCommit = []string{}
	for _, name := range props.CodeCommitRepositoryNames {
		p.codeCommit = append(p.codeCommit, p.arn("codecommit", p.region, name))
	}
	if frontDoor {
		p.edge = p.newEdgeResources(props)
	}
	return p
}

// newEdgeResources names, once for the front door policy, the IAM policy
// and the boundary, what the front doors create.
func (p *policyParts) newEdgeResources(props *BootstrapPolicyStackProps) *edgeResources {
	e := &edgeResources{
		cloudFront: []string{fmt.Sprintf("arn:%s:cloudfront::%s:distribution/*", p.partition, p.account),
			fmt.Sprintf("arn:%s:cloudfront::%s:origin-access-control/*", p.partition, p.account)},
		webAcls:      []string{p.arn("wafv2", frontdoor.EdgeRegion, "global/webacl/*"), p.arn("wafv2", frontdoor.EdgeRegion, "global/managedruleset/*")},
		certificates: []string{p.arn("acm", frontdoor.EdgeRegion, "certificate/*")},
		zones:        []string{fmt.Sprintf("arn:%s:route53:::change/*", p.partition)},
		stacks:       p.every("cloudformation", frontdoor.EdgeRegion, "stack/%s"+EdgeStackSuffix+"/*"),
		functions:    p.every("lambda", frontdoor.EdgeRegion, "function:%s-*"),
		serviceLinkedRoles: []string{p.arn("iam", "", "role/aws-service-role/replicator.lambda.amazonaws.com/AWSServiceRoleForLambdaReplicator"),
			p.arn("iam", "", "role/aws-service-role/logger.cloudfront.amazonaws.com/AWSServiceRoleForCloudFrontLogger")},
		domainNames: props.FrontDoorDomainNames,
	}
	for _, zone := range props.FrontDoorHostedZoneIds {
		e.zones = append(e.zones, fmt.Sprintf("arn:%s:route53:::hostedzone/%s", p.partition, zone))
	}
	return e
}

// arn names a resource of the environment's account and partition; region
// is empty for global services.
func (p *policyParts) arn(service, region, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", p.partition, service, region, p.account, resource)
}

// every names one ARN per stack: resource is a format with one %s, the stack
// name.
func (p *policyParts) every(service, region, resource string) []string {
	var arns []string
	for _, name := range p.names {
		arns = append(arns, p.arn(service, region, fmt.Sprintf(resource, name)))
	}
	return arns
}

// allow and deny make a statement of each effect (see statement).
func (p *policyParts) allow(sid string, actions, resources []string, conditions map[string]interface{}) awsiam.PolicyStatement {
	return p.statement(awsiam.Effect_ALLOW, sid, actions, resources, conditions)
}

func (p *policyParts) deny(sid string, actions, resources []string, conditions map[string]interface{}) awsiam.PolicyStatement {
	return p.statement(awsiam.Effect_DENY, sid, actions, resources, conditions)
}

// statement records the statement's size as IAM counts it, to refuse at
// synth a policy IAM would refuse at deploy.
func (p *policyParts) statement(effect awsiam.Effect, sid string, actions, resources []string, conditions map[string]interface{}) awsiam.PolicyStatement {
	props := &awsiam.PolicyStatementProps{Sid: jsii.String(sid), Effect: effect, Actions: jsii.Strings(actions...), Resources: jsii.Strings(resources...)}
	if conditions != nil {
		props.Conditions = &conditions
	}
	st := awsiam.NewPolicyStatement(props)
	p.sizes[st] = statementSize(effect, sid, actions, resources, conditions)
	return st
}

// iamStatements let CloudFormation create, change and delete the stacks'
// roles, users, groups and managed policies, and the GitHub OIDC provider.
// It may create a role or user, or change its inline policies, only with the
// boundary on it; attach to a role only the stacks' policies and Lambda's
// basic execution policy; pass the stacks' roles only to Lambda and
// CodeDeploy; and create only the service-linked roles the stacks need. It
// never deletes the OIDC provider (retained) and touches no other identity.
func (p *policyParts) iamStatements() []awsiam.PolicyStatement {
	roles, users, groups, policies := p.roles, p.users, p.groups, p.policies
	withBoundary := map[string]interface{}{"StringEquals": map[string]interface{}{"iam:PermissionsBoundary": p.boundaryArn}}
	autoScalingRole := p.arn("iam", "", "role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency")
	statements := []awsiam.PolicyStatement{
		p.allow("ReadAndTagStackRoles", []string{"iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies",
			"iam:ListRolePolicies", "iam:ListRoleTags", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole",
			"iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole"}, roles, nil),
		p.allow("StackRolesOnlyWithTheBoundary", []string{"iam:CreateRole", "iam:PutRolePermissionsBoundary",
			"iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"}, roles, withBoundary),
		p.allow("AttachOnlyKnownPoliciesToStackRoles", []string{"iam:AttachRolePolicy"}, roles, map[string]interface{}{
			"StringEquals": map[string]interface{}{"iam:PermissionsBoundary": p.boundaryArn},
			"ArnLike": map[string]interface{}{"iam:PolicyARN": append(append([]string{}, policies...),
				"arn:"+p.partition+":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")},
		}),
		p.allow("PassStackRolesToLambdaAndCodeDeploy", []string{"iam:PassRole"}, roles, map[string]interface{}{
			"StringEquals": map[string]interface{}{"iam:PassedToService": []string{"lambda.amazonaws.com", "codedeploy.amazonaws.com"}},
		}),
		p.allow("StackUsersAndGroups", []string{"iam:GetUser", "iam:UpdateUser", "iam:DeleteUser", "iam:TagUser",
			"iam:UntagUser", "iam:ListUserTags", "iam:ListGroupsForUser", "iam:ListAttachedUserPolicies",
			"iam:ListUserPolicies", "iam:GetUserPolicy", "iam:GetLoginProfile", "iam:AddUserToGroup",
			"iam:RemoveUserFromGroup", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey",
			"iam:ListAccessKeys", "iam:UploadSSHPublicKey", "iam:DeleteSSHPublicKey", "iam:CreateGroup", "iam:GetGroup",
			"iam:UpdateGroup", "iam:DeleteGroup", "iam:PutGroupPolicy", "iam:GetGroupPolicy", "iam:DeleteGroupPolicy",
			"iam:ListGroupPolicies", "iam:ListAttachedGroupPolicies", "iam:DetachGroupPolicy"}, append(append([]string{}, users...), groups...), nil),
		p.allow("StackUsersOnlyWithTheBoundary", []string{"iam:CreateUser", "iam:PutUserPermissionsBoundary",
			"iam:PutUserPolicy", "iam:DeleteUserPolicy", "iam:DetachUserPolicy"}, users, withBoundary),
		p.allow("AttachOnlyStackPoliciesToStackGroups", []string{"iam:AttachGroupPolicy"}, groups, map[string]interface{}{
			"ArnLike": map[string]interface{}{"iam:PolicyARN": policies},
		}),
		p.allow("StackManagedPolicies", []string{"iam:CreatePolicy", "iam:GetPolicy", "iam:GetPolicyVersion",
			"iam:ListPolicyVersions", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy",
			"iam:ListEntitiesForPolicy"}, policies, nil),
		p.allow("AutoScalingServiceLinkedRole", []string{"iam:CreateServiceLinkedRole"}, []string{autoScalingRole},
			map[string]interface{}{"StringEquals": map[string]interface{}{"iam:AWSServiceName": "lambda.application-autoscaling.amazonaws.com"}}),
		// Created and updated, never deleted: the provider is retained.
		p.allow("GitHubOidcProvider", []string{"iam:CreateOpenIDConnectProvider", "iam:GetOpenIDConnectProvider",
			"iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider", "iam:ListOpenIDConnectProviderTags",
			"iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider",
			"iam:RemoveClientIDFromOpenIDConnectProvider"},
			[]string{p.arn("iam", "", "oidc-provider/token.actions.githubusercontent.com")}, nil),
	}
	if p.edge != nil {
		statements = append(statements, p.allow("EdgeServiceLinkedRoles", []string{"iam:CreateServiceLinkedRole"}, p.edge.serviceLinkedRoles,
			map[string]interface{}{"StringEquals": map[string]interface{}{"iam:AWSServiceName": edgeServices}}))
	}
	return statements
}

// serviceStatements let CloudFormation manage the stacks' functions, aliases
// and URLs, log groups, alarms, dashboards, topics, releases and the deploy
// key's secret, and read the code and images the functions run. It names
// the stacks' resources (STACK-*), the bootstrap stack's and CodeDeploy's
// built-in configs; only the calls IAM gives no resource to name (saved
// queries, scalable targets) are on "*", and only DescribeLogGroups on every
// log group. It grants no IAM call: those are in iamStatements.
func (p *policyParts) serviceStatements() []awsiam.PolicyStatement {
	region, q := p.region, p.qualifier
	return []awsiam.PolicyStatement{
		p.allow("StackFunctions", []string{"lambda:CreateFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
			"lambda:DeleteFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
			"lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:TagResource", "lambda:UntagResource",
			"lambda:ListTags", "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionRecursionConfig",
			"lambda:PutFunctionRecursionConfig", "lambda:GetRuntimeManagementConfig", "lambda:PutRuntimeManagementConfig",
			"lambda:PublishVersion", "lambda:ListVersionsByFunction", "lambda:CreateAlias",
			"lambda:GetAlias", "lambda:UpdateAlias", "lambda:DeleteAlias", "lambda:ListAliases",
			"lambda:GetProvisionedConcurrencyConfig", "lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy",
			"lambda:CreateFunctionUrlConfig", "lambda:GetFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig",
			"lambda:DeleteFunctionUrlConfig", "lambda:InvokeFunction"},
			p.every("lambda", region, "function:%s-*"), nil),
		p.allow("CodeFromBootstrapAssets", []string{"s3:GetObject", "s3:GetObjectVersion"},
			[]string{fmt.Sprintf("arn:%s:s3:::cdk-%s-assets-%s-%s/*", p.partition, q, p.account, region)}, nil),
		p.allow("ImagesForFunctions", []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, p.repositories, nil),
		p.allow("StackLogGroups", []string{"logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
			"logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:GetDataProtectionPolicy",
			"logs:DescribeIndexPolicies"}, append(p.every("logs", region, "log-group:%s-*"), p.every("logs", region, "log-group:/aws/lambda/%s-*")...), nil),
		p.allow("DescribeLogGroups", []string{"logs:DescribeLogGroups"}, []string{p.arn("logs", region, "log-group:*")}, nil),
		p.allow("StackAlarms", []string{"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
			"cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource"},
			append(p.every("cloudwatch", region, "alarm:%s-*"), p.scalingAlarms...), nil),
		p.allow("StackDashboards", []string{"cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"},
			p.dashboards, nil),
		// Query definitions have IDs, not ARNs: IAM accepts only "*".
		p.allow("SavedQueries", []string{"logs:PutQueryDefinition", "logs:DeleteQueryDefinition", "logs:DescribeQueryDefinitions"},
			[]string{"*"}, nil),
		p.allow("AlarmTopics", []string{"sns:CreateTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:DeleteTopic",
			"sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource", "sns:Subscribe", "sns:Unsubscribe",
			"sns:GetSubscriptionAttributes", "sns:ListSubscriptionsByTopic"}, p.topics, nil),
		p.allow("ProvisionedConcurrency", []string{"lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"},
			p.every("lambda", region, "function:%s-*"), nil),
		// Scalable targets and policies have generated IDs: IAM accepts only "*".
		p.allow("ProvisionedConcurrencyScaling", []string{"application-autoscaling:RegisterScalableTarget",
			"application-autoscaling:DeregisterScalableTarget", "application-autoscaling:DescribeScalableTargets",
			"application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy",
			"application-autoscaling:DescribeScalingPolicies"}, []string{"*"}, nil),
		p.allow("StackCodeDeploy", []string{"codedeploy:CreateApplication", "codedeploy:GetApplication",
			"codedeploy:DeleteApplication", "codedeploy:TagResource", "codedeploy:UntagResource",
			"codedeploy:ListTagsForResource", "codedeploy:CreateDeploymentGroup", "codedeploy:GetDeploymentGroup",
			"codedeploy:UpdateDeploymentGroup", "codedeploy:DeleteDeploymentGroup", "codedeploy:CreateDeployment",
			"codedeploy:GetDeployment", "codedeploy:StopDeployment"},
			append(p.every("codedeploy", region, "application:%s-*"), p.every("codedeploy", region, "deploymentgroup:%s-*")...), nil),
		p.allow("BuiltInDeploymentConfigs", []string{"codedeploy:GetDeploymentConfig"},
			[]string{p.arn("codedeploy", region, "deploymentconfig:CodeDeployDefault.Lambda*")}, nil),
		p.allow("DeployKeySecret", []string{"secretsmanager:CreateSecret", "secretsmanager:DescribeSecret",
			"secretsmanager:UpdateSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutResourcePolicy",
			"secretsmanager:DeleteResourcePolicy", "secretsmanager:GetResourcePolicy", "secretsmanager:DeleteSecret",
			"secretsmanager:TagResource", "secretsmanager:UntagResource"},
			[]string{p.arn("secretsmanager", region, "secret:DeployAccessKeySecret*")}, nil),
		p.allow("ReadBootstrapVersion", []string{"ssm:GetParameter", "ssm:GetParameters"},
			[]string{p.arn("ssm", region, "parameter/cdk-bootstrap/"+q+"/version")}, nil),
	}
}

// frontDoorStatements let CloudFormation manage the front doors:
// CloudFront distributions and origin access controls, the edge's web ACLs
// and certificates, the records in FrontDoorHostedZoneIds, the replication
// of the Lambda@Edge versions, and reading the edge stacks' outputs. It
// requests certificates only for FrontDoorDomainNames, DNS-validated, and
// names no edge resource outside us-east-1. Nil without a front door.
func (p *policyParts) frontDoorStatements() []awsiam.PolicyStatement {
	if p.edge == nil {
		return nil
	}
	e := p.edge
	statements := []awsiam.PolicyStatement{
		p.allow("CreateDistributions", cloudFrontCreates, []string{"*"}, nil),
		p.allow("Distributions", []string{"cloudfront:GetDistribution",
			"cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution",
			"cloudfront:TagResource", "cloudfront:UntagResource", "cloudfront:ListTagsForResource",
			"cloudfront:GetOriginAccessControl", "cloudfront:UpdateOriginAccessControl",
			"cloudfront:DeleteOriginAccessControl"}, e.cloudFront, nil),
		// A distribution that runs a Lambda@Edge version replicates it.
		p.allow("EdgeFunctionReplication", []string{"lambda:GetFunction", "lambda:EnableReplication*",
			"lambda:DisableReplication*"}, e.functions, nil),
		p.allow("WebAcls", []string{"wafv2:CreateWebACL", "wafv2:GetWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL",
			"wafv2:TagResource", "wafv2:UntagResource", "wafv2:ListTagsForResource"}, e.webAcls, nil),
		p.allow("Certificates", []string{"acm:DescribeCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate",
			"acm:RemoveTagsFromCertificate", "acm:ListTagsForCertificate", "acm:UpdateCertificateOptions"}, e.certificates, nil),
		p.allow("DnsRecords", []string{"route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets",
			"route53:GetHostedZone", "route53:GetChange"}, e.zones, nil),
		// Fn::GetStackOutput reads the edge stack's outputs as the
		// execution role.
		p.allow("ReadEdgeStacks", []string{"cloudformation:DescribeStacks"}, e.stacks, nil),
	}
	return append(statements, p.requestCertificates()...)
}

// requestCertificates is the one statement, in the front door policy and in
// the boundary alike, that lets an identity request a certificate:
// RequestCertificate has no resource to name, so its conditions limit it to
// DNS-validated certificates for the front doors' domains (and ForAllValues
// passes a request without the key: Null refuses it). None without
// FrontDoorDomainNames.
func (p *policyParts) requestCertificates() []awsiam.PolicyStatement {
	if len(p.edge.domainNames) == 0 {
		return nil
	}
	return []awsiam.PolicyStatement{p.allow("RequestCertificates", []string{"acm:RequestCertificate"}, []string{"*"}, map[string]interface{}{
		"ForAllValues:StringEquals": map[string]interface{}{"acm:DomainNames": p.edge.domainNames},
		"Null":                      map[string]interface{}{"acm:DomainNames": "false"},
		"StringEquals":              map[string]interface{}{"acm:ValidationMethod": "DNS"},
	})}
}

// boundaryStatements are the permissions boundary, the ceiling of every
// identity the stacks create and of the execution role itself: the services
// they use, on the stacks' resources only (boundaryCeiling), and no way out
// (boundaryGuardrails). An identity that carries it cannot reach past the
// stacks, even with a broad policy of its own. The boundary grants nothing
// by itself: each identity still needs its own policy.
func (p *policyParts) boundaryStatements() []awsiam.PolicyStatement {
	statements := append(p.boundaryCeiling(), p.boundaryGuardrails()...)
	if len(p.codeCommit) > 0 {
		statements = append(statements,
			p.allow("GitOverSsh", []string{"codecommit:GitPull", "codecommit:GitPush"}, p.codeCommit, nil))
	}
	// The actions IAM gives no resource to name, on "*" in one statement (the
	// boundary's size): saved queries and scalable targets (generated IDs),
	// X-Ray's writes (the tracing setting), the registry token (it grants
	// nothing by itself), and with a front door CloudFront's two creates.
	noResourceToName := []string{"logs:PutQueryDefinition", "logs:DeleteQueryDefinition", "logs:DescribeQueryDefinitions",
		"application-autoscaling:*", "xray:PutTraceSegments", "xray:PutTelemetryRecords", "ecr:GetAuthorizationToken"}
	if e := p.edge; e != nil {
		// The ceiling names CloudFront and WAF resources by account, as the
		// execution policy names distributions (IAM's size limit).
		statements = append(statements,
			p.allow("FrontDoors", []string{"cloudfront:*", "wafv2:*", "acm:*", "route53:*", "cloudformation:DescribeStacks"},
				append(append(append([]string{fmt.Sprintf("arn:%s:cloudfront::%s:*", p.partition, p.account), p.arn("wafv2", frontdoor.EdgeRegion, "global/*")},
					e.certificates...), e.zones...), e.stacks...), nil))
		noResourceToName = append(noResourceToName, cloudFrontCreates...)
		statements = append(statements, p.requestCertificates()...)
	}
	return append(statements, p.allow("NoResourceToName", noResourceToName, []string{"*"}, nil))
}

// boundaryCeiling allows, whole, each service the stacks use, on the stacks'
// resources: their functions, log groups, alarms, dashboards, topics,
// releases, identities and deploy key; the bootstrap stack's version, assets
// and images; and assuming only the CDK deploy and publishing roles. It
// names no one else's resources, so a stack's identity reaches no further
// than its stacks.
func (p *policyParts) boundaryCeiling() []awsiam.PolicyStatement {
	region, q := p.region, p.qualifier
	// The service-linked roles the stacks' resources need: auto scaling's,
	// and with a front door Lambda@Edge's replicator and CloudFront's logger.
	serviceLinkedRoles := []string{"lambda.application-autoscaling.amazonaws.com"}
	// Lambda@Edge logs in whichever region served the request.
	logRegion := region
	if p.edge != nil {
		serviceLinkedRoles = append(serviceLinkedRoles, edgeServices...)
		logRegion = "*"
	}
	stackIdentities := append(append(append([]string{}, p.roles...), p.users...), p.groups...)
	return []awsiam.PolicyStatement{
		p.allow("StackFunctions", []string{"lambda:*"}, p.every("lambda", region, "function:%s-*"), nil),
		// Log groups named after the stacks, bare, under /aws/lambda/, and
		// Lambda@Edge's /aws/lambda/us-east-1.STACK-... in any region.
		p.allow("StackLogs", []string{"logs:*"}, p.every("logs", logRegion, "log-group:*%s-*"), nil),
		p.allow("FindLogGroups", []string{"logs:DescribeLogGroups"}, []string{p.arn("logs", region, "log-group:*")}, nil),
		p.allow("StackAlarmsAndDashboards", []string{"cloudwatch:*"},
			append(append(p.every("cloudwatch", region, "alarm:%s-*"), p.scalingAlarms...), p.dashboards...), nil),
		p.allow("AlarmTopics", []string{"sns:*"}, p.topics, nil),
		p.allow("ServiceLinkedRoles", []string{"iam:CreateServiceLinkedRole"}, []string{p.arn("iam", "", "role/aws-service-role/*")},
			map[string]interface{}{"StringEquals": map[string]interface{}{"iam:AWSServiceName": serviceLinkedRoles}}),
		p.allow("StackReleases", []string{"codedeploy:*"}, append(append(p.every("codedeploy", region, "application:%s-*"),
			p.every("codedeploy", region, "deploymentgroup:%s-*")...), p.arn("codedeploy", region, "deploymentconfig:*")), nil),
		p.allow("StackIdentities", []string{"iam:*"}, append(append(append([]string{}, stackIdentities...), p.policies...),
			p.arn("iam", "", "oidc-provider/token.actions.githubusercontent.com")), nil),
		p.allow("DeployKeySecret", []string{"secretsmanager:*"}, []string{p.arn("secretsmanager", region, "secret:DeployAccessKeySecret*")}, nil),
		p.allow("BootstrapVersion", []string{"ssm:GetParameter", "ssm:GetParameters"},
			[]string{p.arn("ssm", region, "parameter/cdk-bootstrap/"+q+"/version")}, nil),
		p.allow("BootstrapAssets", []string{"s3:GetObject", "s3:GetObjectVersion"},
			[]string{fmt.Sprintf("arn:%s:s3:::cdk-%s-assets-%s-%s/*", p.partition, q, p.account, region)}, nil),
		p.allow("Images", []string{"ecr:*"}, p.repositories, nil),
		p.allow("AssumeOnlyTheDeployRoles", []string{"sts:AssumeRole"}, []string{
			p.arn("iam", "", fmt.Sprintf("role/cdk-%s-deploy-role-%s-%s", q, p.account, region)),
			p.arn("iam", "", fmt.Sprintf("role/cdk-%s-file-publishing-role-%s-%s", q, p.account, region)),
			p.arn("iam", "", fmt.Sprintf("role/cdk-%s-image-publishing-role-%s-%s", q, p.account, region)),
		}, nil),
	}
}

// boundaryGuardrails deny, whatever an identity's own policies allow, the
// ways out of the boundary: creating a role or user, or changing the
// policies of one, without this boundary on it; removing a boundary;
// changing the boundary or the execution policies; and touching the
// bootstrap roles. They allow nothing.
func (p *policyParts) boundaryGuardrails() []awsiam.PolicyStatement {
	withoutBoundary := func() map[string]interface{} {
		return map[string]interface{}{"StringNotEquals": map[string]interface{}{"iam:PermissionsBoundary": p.boundaryArn}}
	}
	return []awsiam.PolicyStatement{
		p.deny("NoIdentityWithoutThisBoundary", []string{"iam:CreateRole", "iam:CreateUser",
			"iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"}, []string{"*"}, withoutBoundary()),
		p.deny("NoPolicyChangeOnIdentitiesWithoutIt", []string{"iam:PutRolePolicy", "iam:AttachRolePolicy",
			"iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutUserPolicy", "iam:AttachUserPolicy",
			"iam:DeleteUserPolicy", "iam:DetachUserPolicy"}, []string{"*"}, withoutBoundary()),
		p.deny("NoBoundaryRemoval", []string{"iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"},
			[]string{"*"}, nil),
		p.deny("NoChangeToTheseGuardrails", []string{"iam:CreatePolicyVersion", "iam:DeletePolicy",
			"iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"},
			[]string{p.boundaryArn, p.arn("iam", "", "policy/"+ExecutionPolicyName(p.qualifier, "*"))}, nil),
		p.deny("NoChangeToTheBootstrapRoles", []string{"iam:*"}, []string{p.arn("iam", "", "role/cdk-"+p.qualifier+"-*")}, nil),
	}
}

// namedStatements are one policy's statements under the name IAM stores it by.
type namedStatements struct {
	name       string
	statements []awsiam.PolicyStatement
}

// checkSizes refuses at synth, in one message, every policy IAM would refuse
// at deploy for being over maxPolicySize, and says what to do: the policies
// grow with each stack they name, so the way out is fewer stacks per
// bootstrap qualifier. A policy with no statements (the front door's without
// one) is not deployed and not checked.
func (p *policyParts) checkSizes(policies []namedStatements) {
	var tooLarge []string
	for _, policy := range policies {
		size := len(`{"Statement":[],"Version":"2012-10-17"}`) + len(policy.statements) - 1
		for _, st := range policy.statements {
			size += p.sizes[st]
		}
		if len(policy.statements) > 0 && size > maxPolicySize {
			tooLarge = append(tooLarge, fmt.Sprintf("%s would be about %d characters", policy.name, size))
		}
	}
	if len(tooLarge) > 0 {
		panic(fmt.Sprintf("stacks: the bootstrap policies of qualifier %s name the resources of %d stacks (%s), and IAM stores at most %d characters a policy: %s; "+
			"give some of their environments their own @aws-cdk/core:bootstrapQualifier",
			p.qualifier, len(p.names), strings.Join(p.names, ", "), maxPolicySize, strings.Join(tooLarge, ", ")))
	}
}

// maxPolicySize is the most characters IAM stores in a managed policy,
// white space aside.
const maxPolicySize = 6144

// A token for the account, region or partition of an environment-agnostic
// stack, as Go sees it before CloudFormation resolves it.
var pseudoToken = regexp.MustCompile(`\$\{Token\[AWS\.(AccountId|Region|Partition)\.[0-9]+\]\}`)

// What each pseudo parameter resolves to at most, for the estimate: an
// account's 12 digits, the longest region's 14 characters, and the
// commercial partition's 3 (a stack for GovCloud or China is pinned to its
// region, and its ARNs are then literal).
var pseudoLength = map[string]int{"AccountId": 12, "Region": 14, "Partition": 3}

// statementSize is the length of a statement as IAM counts it: compact JSON,
// a single action or resource as a string, as CDK renders it; an unresolved
// account, region or partition counted as pseudoLength says.
func statementSize(effect awsiam.Effect, sid string, actions, resources []string, conditions map[string]interface{}) int {
	one := func(list []string) interface{} {
		if len(list) == 1 {
			return list[0]
		}
		return list
	}
	doc := map[string]interface{}{"Sid": sid, "Effect": string(effect), "Action": one(actions), "Resource": one(resources)}
	if conditions != nil {
		doc["Condition"] = conditions
	}
	raw, _ := json.Marshal(doc)
	text := string(raw)
	for _, m := range pseudoToken.FindAllStringSubmatch(text, -1) {
		text = strings.Replace(text, m[0], strings.Repeat("x", pseudoLength[m[1]]), 1)
	}
	return len(text)
}
