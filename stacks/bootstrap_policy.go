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
	q := *props.Qualifier
	names := append([]string(nil), props.StackNames...)
	sort.Strings(names)

	partition, account, region := *stack.Partition(), *stack.Account(), *stack.Region()
	frontDoor := props.FrontDoor != nil && *props.FrontDoor
	if frontDoor && region != frontdoor.EdgeRegion {
		// The stacks' own resources are in two regions, the edge's in
		// us-east-1: naming both in every statement would not fit IAM's
		// 6,144 characters, so their ARNs name any region. An execution role
		// exists only where make bootstrap put one (the two regions).
		region = "*"
	}
	arn := func(service, region, resource string) string {
		return fmt.Sprintf("arn:%s:%s:%s:%s:%s", partition, service, region, account, resource)
	}
	// every names one ARN per stack: resource is a format with one %s, the
	// stack name.
	every := func(service, region, resource string) []string {
		var arns []string
		for _, name := range names {
			arns = append(arns, arn(service, region, fmt.Sprintf(resource, name)))
		}
		return arns
	}
	boundaryArn := arn("iam", "", "policy/"+BoundaryPolicyName(q))
	withBoundary := map[string]interface{}{"StringEquals": map[string]interface{}{"iam:PermissionsBoundary": boundaryArn}}
	// Each statement's size as IAM counts it, to refuse at synth a policy
	// IAM would refuse at deploy.
	sizes := map[awsiam.PolicyStatement]int{}
	newStatement := func(effect awsiam.Effect, sid string, actions []string, resources []string, conditions map[string]interface{}) awsiam.PolicyStatement {
		p := &awsiam.PolicyStatementProps{Sid: jsii.String(sid), Effect: effect, Actions: jsii.Strings(actions...), Resources: jsii.Strings(resources...)}
		if conditions != nil {
			p.Conditions = &conditions
		}
		st := awsiam.NewPolicyStatement(p)
		sizes[st] = statementSize(effect, sid, actions, resources, conditions)
		return st
	}
	statement := func(sid string, actions []string, resources []string, conditions map[string]interface{}) awsiam.PolicyStatement {
		return newStatement(awsiam.Effect_ALLOW, sid, actions, resources, conditions)
	}
	denyStatement := func(sid string, actions, resources []string, conditions map[string]interface{}) awsiam.PolicyStatement {
		return newStatement(awsiam.Effect_DENY, sid, actions, resources, conditions)
	}
	roles, users, groups, policies := every("iam", "", "role/%s-*"), every("iam", "", "user/%s-*"), every("iam", "", "group/%s-*"), every("iam", "", "policy/%s-*")

	dashboards := []string{}
	for _, name := range names {
		dashboards = append(dashboards, fmt.Sprintf("arn:%s:cloudwatch::%s:dashboard/%s-*", partition, account, name))
	}
	topics := every("sns", region, "%s-*")
	// Target tracking's alarms, which Application Auto Scaling creates with
	// the caller's permissions: "TargetTracking-function:FUNCTION:ALIAS-...".
	scalingAlarms := every("cloudwatch", region, "alarm:TargetTracking-function:%s-*")
	// The service-linked roles the stacks' resources need: auto scaling's,
	// and with a front door Lambda@Edge's replicator and CloudFront's logger.
	edgeServices := []string{"replicator.lambda.amazonaws.com", "logger.cloudfront.amazonaws.com"}
	serviceLinkedRoles := []string{"lambda.application-autoscaling.amazonaws.com"}
	if frontDoor {
		serviceLinkedRoles = append(serviceLinkedRoles, edgeServices...)
	}
	// The boundary's log groups: Lambda@Edge logs in whichever region served
	// the request.
	logRegion := region
	if frontDoor {
		logRegion = "*"
	}
	autoScalingRole := arn("iam", "", "role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency")

	iamStatements := []awsiam.PolicyStatement{
		statement("ReadAndTagStackRoles", []string{"iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies",
			"iam:ListRolePolicies", "iam:ListRoleTags", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole",
			"iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole"}, roles, nil),
		statement("StackRolesOnlyWithTheBoundary", []string{"iam:CreateRole", "iam:PutRolePermissionsBoundary",
			"iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"}, roles, withBoundary),
		statement("AttachOnlyKnownPoliciesToStackRoles", []string{"iam:AttachRolePolicy"}, roles, map[string]interface{}{
			"StringEquals": map[string]interface{}{"iam:PermissionsBoundary": boundaryArn},
			"ArnLike": map[string]interface{}{"iam:PolicyARN": append(policies,
				"arn:"+partition+":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")},
		}),
		statement("PassStackRolesToLambdaAndCodeDeploy", []string{"iam:PassRole"}, roles, map[string]interface{}{
			"StringEquals": map[string]interface{}{"iam:PassedToService": []string{"lambda.amazonaws.com", "codedeploy.amazonaws.com"}},
		}),
		statement("StackUsersAndGroups", []string{"iam:GetUser", "iam:UpdateUser", "iam:DeleteUser", "iam:TagUser",
			"iam:UntagUser", "iam:ListUserTags", "iam:ListGroupsForUser", "iam:ListAttachedUserPolicies",
			"iam:ListUserPolicies", "iam:GetUserPolicy", "iam:GetLoginProfile", "iam:AddUserToGroup",
			"iam:RemoveUserFromGroup", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey",
			"iam:ListAccessKeys", "iam:UploadSSHPublicKey", "iam:DeleteSSHPublicKey", "iam:CreateGroup", "iam:GetGroup",
			"iam:UpdateGroup", "iam:DeleteGroup", "iam:PutGroupPolicy", "iam:GetGroupPolicy", "iam:DeleteGroupPolicy",
			"iam:ListGroupPolicies", "iam:ListAttachedGroupPolicies", "iam:DetachGroupPolicy"}, append(users, groups...), nil),
		statement("StackUsersOnlyWithTheBoundary", []string{"iam:CreateUser", "iam:PutUserPermissionsBoundary",
			"iam:PutUserPolicy", "iam:DeleteUserPolicy", "iam:DetachUserPolicy"}, users, withBoundary),
		statement("AttachOnlyStackPoliciesToStackGroups", []string{"iam:AttachGroupPolicy"}, groups, map[string]interface{}{
			"ArnLike": map[string]interface{}{"iam:PolicyARN": policies},
		}),
		statement("StackManagedPolicies", []string{"iam:CreatePolicy", "iam:GetPolicy", "iam:GetPolicyVersion",
			"iam:ListPolicyVersions", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy",
			"iam:ListEntitiesForPolicy"}, policies, nil),
		statement("AutoScalingServiceLinkedRole", []string{"iam:CreateServiceLinkedRole"}, []string{autoScalingRole},
			map[string]interface{}{"StringEquals": map[string]interface{}{"iam:AWSServiceName": "lambda.application-autoscaling.amazonaws.com"}}),
		// Created and updated, never deleted: the provider is retained.
		statement("GitHubOidcProvider", []string{"iam:CreateOpenIDConnectProvider", "iam:GetOpenIDConnectProvider",
			"iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider", "iam:ListOpenIDConnectProviderTags",
			"iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider",
			"iam:RemoveClientIDFromOpenIDConnectProvider"},
			[]string{arn("iam", "", "oidc-provider/token.actions.githubusercontent.com")}, nil),
	}

	repositories := []string{arn("ecr", region, fmt.Sprintf("repository/cdk-%s-container-assets-%s-%s", q, account, region))}
	for _, name := range props.ImageRepositoryNames {
		repositories = append(repositories, arn("ecr", region, "repository/"+name))
	}
	serviceStatements := []awsiam.PolicyStatement{
		statement("StackFunctions", []string{"lambda:CreateFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
			"lambda:DeleteFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
			"lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:TagResource", "lambda:UntagResource",
			"lambda:ListTags", "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionRecursionConfig",
			"lambda:PutFunctionRecursionConfig", "lambda:GetRuntimeManagementConfig", "lambda:PutRuntimeManagementConfig",
			"lambda:PublishVersion", "lambda:ListVersionsByFunction", "lambda:CreateAlias",
			"lambda:GetAlias", "lambda:UpdateAlias", "lambda:DeleteAlias", "lambda:ListAliases",
			"lambda:GetProvisionedConcurrencyConfig", "lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy",
			"lambda:CreateFunctionUrlConfig", "lambda:GetFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig",
			"lambda:DeleteFunctionUrlConfig", "lambda:InvokeFunction"},
			every("lambda", region, "function:%s-*"), nil),
		statement("CodeFromBootstrapAssets", []string{"s3:GetObject", "s3:GetObjectVersion"},
			[]string{fmt.Sprintf("arn:%s:s3:::cdk-%s-assets-%s-%s/*", partition, q, account, region)}, nil),
		statement("ImagesForFunctions", []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, repositories, nil),
		statement("StackLogGroups", []string{"logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
			"logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:GetDataProtectionPolicy",
			"logs:DescribeIndexPolicies"}, append(every("logs", region, "log-group:%s-*"), every("logs", region, "log-group:/aws/lambda/%s-*")...), nil),
		statement("DescribeLogGroups", []string{"logs:DescribeLogGroups"}, []string{arn("logs", region, "log-group:*")}, nil),
		statement("StackAlarms", []string{"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
			"cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource"},
			append(every("cloudwatch", region, "alarm:%s-*"), scalingAlarms...), nil),
		statement("StackDashboards", []string{"cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"},
			dashboards, nil),
		// Query definitions have IDs, not ARNs: IAM accepts only "*".
		statement("SavedQueries", []string{"logs:PutQueryDefinition", "logs:DeleteQueryDefinition", "logs:DescribeQueryDefinitions"},
			[]string{"*"}, nil),
		statement("AlarmTopics", []string{"sns:CreateTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:DeleteTopic",
			"sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource", "sns:Subscribe", "sns:Unsubscribe",
			"sns:GetSubscriptionAttributes", "sns:ListSubscriptionsByTopic"}, topics, nil),
		statement("ProvisionedConcurrency", []string{"lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"},
			every("lambda", region, "function:%s-*"), nil),
		// Scalable targets and policies have generated IDs: IAM accepts only "*".
		statement("ProvisionedConcurrencyScaling", []string{"application-autoscaling:RegisterScalableTarget",
			"application-autoscaling:DeregisterScalableTarget", "application-autoscaling:DescribeScalableTargets",
			"application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy",
			"application-autoscaling:DescribeScalingPolicies"}, []string{"*"}, nil),
		statement("StackCodeDeploy", []string{"codedeploy:CreateApplication", "codedeploy:GetApplication",
			"codedeploy:DeleteApplication", "codedeploy:TagResource", "codedeploy:UntagResource",
			"codedeploy:ListTagsForResource", "codedeploy:CreateDeploymentGroup", "codedeploy:GetDeploymentGroup",
			"codedeploy:UpdateDeploymentGroup", "codedeploy:DeleteDeploymentGroup", "codedeploy:CreateDeployment",
			"codedeploy:GetDeployment", "codedeploy:StopDeployment"},
			append(every("codedeploy", region, "application:%s-*"), every("codedeploy", region, "deploymentgroup:%s-*")...), nil),
		statement("BuiltInDeploymentConfigs", []string{"codedeploy:GetDeploymentConfig"},
			[]string{arn("codedeploy", region, "deploymentconfig:CodeDeployDefault.Lambda*")}, nil),
		statement("DeployKeySecret", []string{"secretsmanager:CreateSecret", "secretsmanager:DescribeSecret",
			"secretsmanager:UpdateSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutResourcePolicy",
			"secretsmanager:DeleteResourcePolicy", "secretsmanager:GetResourcePolicy", "secretsmanager:DeleteSecret",
			"secretsmanager:TagResource", "secretsmanager:UntagResource"},
			[]string{arn("secretsmanager", region, "secret:DeployAccessKeySecret*")}, nil),
		statement("ReadBootstrapVersion", []string{"ssm:GetParameter", "ssm:GetParameters"},
			[]string{arn("ssm", region, "parameter/cdk-bootstrap/"+q+"/version")}, nil),
	}

	// The boundary is the ceiling of every identity the stacks create and of
	// the execution role itself: the services they use, on the stacks'
	// resources only, and no way out. An identity that carries it cannot
	// reach past the stacks, even with a broad policy of its own.
	codeCommit := []string{}
	for _, name := range props.CodeCommitRepositoryNames {
		codeCommit = append(codeCommit, arn("codecommit", region, name))
	}
	stackIdentities := append(append(append([]string{}, roles...), users...), groups...)
	boundaryStatements := []awsiam.PolicyStatement{
		statement("StackFunctions", []string{"lambda:*"}, every("lambda", region, "function:%s-*"), nil),
		// Log groups named after the stacks, bare, under /aws/lambda/, and
		// Lambda@Edge's /aws/lambda/us-east-1.STACK-... in any region.
		statement("StackLogs", []string{"logs:*"}, every("logs", logRegion, "log-group:*%s-*"), nil),
		statement("FindLogGroups", []string{"logs:DescribeLogGroups"}, []string{arn("logs", region, "log-group:*")}, nil),
		statement("StackAlarmsAndDashboards", []string{"cloudwatch:*"},
			append(append(every("cloudwatch", region, "alarm:%s-*"), scalingAlarms...), dashboards...), nil),
		statement("AlarmTopics", []string{"sns:*"}, topics, nil),
		statement("ServiceLinkedRoles", []string{"iam:CreateServiceLinkedRole"}, []string{arn("iam", "", "role/aws-service-role/*")},
			map[string]interface{}{"StringEquals": map[string]interface{}{"iam:AWSServiceName": serviceLinkedRoles}}),
		statement("StackReleases", []string{"codedeploy:*"}, append(append(every("codedeploy", region, "application:%s-*"),
			every("codedeploy", region, "deploymentgroup:%s-*")...), arn("codedeploy", region, "deploymentconfig:*")), nil),
		statement("StackIdentities", []string{"iam:*"}, append(append(append([]string{}, stackIdentities...), policies...),
			arn("iam", "", "oidc-provider/token.actions.githubusercontent.com")), nil),
		statement("DeployKeySecret", []string{"secretsmanager:*"}, []string{arn("secretsmanager", region, "secret:DeployAccessKeySecret*")}, nil),
		statement("BootstrapVersion", []string{"ssm:GetParameter", "ssm:GetParameters"},
			[]string{arn("ssm", region, "parameter/cdk-bootstrap/"+q+"/version")}, nil),
		statement("BootstrapAssets", []string{"s3:GetObject", "s3:GetObjectVersion"},
			[]string{fmt.Sprintf("arn:%s:s3:::cdk-%s-assets-%s-%s/*", partition, q, account, region)}, nil),
		statement("Images", []string{"ecr:*"}, repositories, nil),
		statement("AssumeOnlyTheDeployRoles", []string{"sts:AssumeRole"}, []string{
			arn("iam", "", fmt.Sprintf("role/cdk-%s-deploy-role-%s-%s", q, account, region)),
			arn("iam", "", fmt.Sprintf("role/cdk-%s-file-publishing-role-%s-%s", q, account, region)),
			arn("iam", "", fmt.Sprintf("role/cdk-%s-image-publishing-role-%s-%s", q, account, region)),
		}, nil),
		denyStatement("NoIdentityWithoutThisBoundary", []string{"iam:CreateRole", "iam:CreateUser",
			"iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"}, []string{"*"},
			map[string]interface{}{"StringNotEquals": map[string]interface{}{"iam:PermissionsBoundary": boundaryArn}}),
		denyStatement("NoPolicyChangeOnIdentitiesWithoutIt", []string{"iam:PutRolePolicy", "iam:AttachRolePolicy",
			"iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutUserPolicy", "iam:AttachUserPolicy",
			"iam:DeleteUserPolicy", "iam:DetachUserPolicy"}, []string{"*"},
			map[string]interface{}{"StringNotEquals": map[string]interface{}{"iam:PermissionsBoundary": boundaryArn}}),
		denyStatement("NoBoundaryRemoval", []string{"iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"},
			[]string{"*"}, nil),
		denyStatement("NoChangeToTheseGuardrails", []string{"iam:CreatePolicyVersion", "iam:DeletePolicy",
			"iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"},
			[]string{boundaryArn, arn("iam", "", "policy/"+ExecutionPolicyName(q, "*"))}, nil),
		denyStatement("NoChangeToTheBootstrapRoles", []string{"iam:*"}, []string{arn("iam", "", "role/cdk-"+q+"-*")}, nil),
	}
	// The actions IAM gives no resource to name, on "*" in one statement (the
	// boundary's size): saved queries and scalable targets (generated IDs),
	// X-Ray's writes (the tracing setting), the registry token (it grants
	// nothing by itself), and with a front door CloudFront's two creates.
	noResourceToName := []string{"logs:PutQueryDefinition", "logs:DeleteQueryDefinition", "logs:DescribeQueryDefinitions",
		"application-autoscaling:*", "xray:PutTraceSegments", "xray:PutTelemetryRecords", "ecr:GetAuthorizationToken"}
	if len(codeCommit) > 0 {
		boundaryStatements = append(boundaryStatements,
			statement("GitOverSsh", []string{"codecommit:GitPull", "codecommit:GitPush"}, codeCommit, nil))
	}

	// The front doors: distributions and origin access controls have
	// generated IDs (IAM can name them only by account), the edge's web
	// ACLs, certificates and Lambda@Edge functions are in us-east-1.
	var frontDoorStatements []awsiam.PolicyStatement
	if frontDoor {
		cloudFront := []string{fmt.Sprintf("arn:%s:cloudfront::%s:distribution/*", partition, account),
			fmt.Sprintf("arn:%s:cloudfront::%s:origin-access-control/*", partition, account)}
		webAcls := []string{arn("wafv2", frontdoor.EdgeRegion, "global/webacl/*"), arn("wafv2", frontdoor.EdgeRegion, "global/managedruleset/*")}
		certificates := []string{arn("acm", frontdoor.EdgeRegion, "certificate/*")}
		zones := []string{fmt.Sprintf("arn:%s:route53:::change/*", partition)}
		for _, zone := range props.FrontDoorHostedZoneIds {
			zones = append(zones, fmt.Sprintf("arn:%s:route53:::hostedzone/%s", partition, zone))
		}
		edgeStacks := every("cloudformation", frontdoor.EdgeRegion, "stack/%s"+EdgeStackSuffix+"/*")
		edgeFunctions := every("lambda", frontdoor.EdgeRegion, "function:%s-*")
		edgeRoles := []string{arn("iam", "", "role/aws-service-role/replicator.lambda.amazonaws.com/AWSServiceRoleForLambdaReplicator"),
			arn("iam", "", "role/aws-service-role/logger.cloudfront.amazonaws.com/AWSServiceRoleForCloudFrontLogger")}
		// IAM gives the two create calls no resource to name: "*" only.
		creates := []string{"cloudfront:CreateDistribution", "cloudfront:CreateOriginAccessControl"}
		frontDoorStatements = []awsiam.PolicyStatement{
			statement("CreateDistributions", creates, []string{"*"}, nil),
			statement("Distributions", []string{"cloudfront:GetDistribution",
				"cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution",
				"cloudfront:TagResource", "cloudfront:UntagResource", "cloudfront:ListTagsForResource",
				"cloudfront:GetOriginAccessControl", "cloudfront:UpdateOriginAccessControl",
				"cloudfront:DeleteOriginAccessControl"}, cloudFront, nil),
			// A distribution that runs a Lambda@Edge version replicates it.
			statement("EdgeFunctionReplication", []string{"lambda:GetFunction", "lambda:EnableReplication*",
				"lambda:DisableReplication*"}, edgeFunctions, nil),
			statement("WebAcls", []string{"wafv2:CreateWebACL", "wafv2:GetWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL",
				"wafv2:TagResource", "wafv2:UntagResource", "wafv2:ListTagsForResource"}, webAcls, nil),
			statement("Certificates", []string{"acm:DescribeCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate",
				"acm:RemoveTagsFromCertificate", "acm:ListTagsForCertificate", "acm:UpdateCertificateOptions"}, certificates, nil),
			statement("DnsRecords", []string{"route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets",
				"route53:GetHostedZone", "route53:GetChange"}, zones, nil),
			// Fn::GetStackOutput reads the edge stack's outputs as the
			// execution role.
			statement("ReadEdgeStacks", []string{"cloudformation:DescribeStacks"}, edgeStacks, nil),
		}
		// RequestCertificate has no resource to name: its conditions limit it
		// to DNS-validated certificates for the front doors' domains (and
		// ForAllValues passes a request without the key: Null refuses it).
		requestCertificates := map[string]interface{}{
			"ForAllValues:StringEquals": map[string]interface{}{"acm:DomainNames": props.FrontDoorDomainNames},
			"Null":                      map[string]interface{}{"acm:DomainNames": "false"},
			"StringEquals":              map[string]interface{}{"acm:ValidationMethod": "DNS"},
		}
		if len(props.FrontDoorDomainNames) > 0 {
			frontDoorStatements = append(frontDoorStatements, statement("RequestCertificates", []string{"acm:RequestCertificate"}, []string{"*"},
				requestCertificates))
		}
		iamStatements = append(iamStatements, statement("EdgeServiceLinkedRoles", []string{"iam:CreateServiceLinkedRole"}, edgeRoles,
			map[string]interface{}{"StringEquals": map[string]interface{}{"iam:AWSServiceName": edgeServices}}))
		// The ceiling names CloudFront and WAF resources by account, as the
		// execution policy names distributions (IAM's size limit).
		boundaryStatements = append(boundaryStatements,
			statement("FrontDoors", []string{"cloudfront:*", "wafv2:*", "acm:*", "route53:*", "cloudformation:DescribeStacks"},
				append(append(append([]string{fmt.Sprintf("arn:%s:cloudfront::%s:*", partition, account), arn("wafv2", frontdoor.EdgeRegion, "global/*")},
					certificates...), zones...), edgeStacks...), nil))
		noResourceToName = append(noResourceToName, creates...)
		if len(props.FrontDoorDomainNames) > 0 {
			boundaryStatements = append(boundaryStatements, statement("RequestCertificates", []string{"acm:RequestCertificate"}, []string{"*"},
				requestCertificates))
		}
	}

	boundaryStatements = append(boundaryStatements, statement("NoResourceToName", noResourceToName, []string{"*"}, nil))

	var tooLarge []string
	for _, p := range []struct {
		name       string
		statements []awsiam.PolicyStatement
	}{{ExecutionPolicyName(q, "services"), serviceStatements}, {ExecutionPolicyName(q, "iam"), iamStatements},
		{ExecutionPolicyName(q, "front-door"), frontDoorStatements}, {BoundaryPolicyName(q), boundaryStatements}} {
		size := len(`{"Statement":[],"Version":"2012-10-17"}`) + len(p.statements) - 1
		for _, st := range p.statements {
			size += sizes[st]
		}
		if len(p.statements) > 0 && size > maxPolicySize {
			tooLarge = append(tooLarge, fmt.Sprintf("%s would be about %d characters", p.name, size))
		}
	}
	if len(tooLarge) > 0 {
		panic(fmt.Sprintf("stacks: the bootstrap policies of qualifier %s name the resources of %d stacks (%s), and IAM stores at most %d characters a policy: %s; "+
			"give some of their environments their own @aws-cdk/core:bootstrapQualifier", q, len(names), strings.Join(names, ", "), maxPolicySize, strings.Join(tooLarge, ", ")))
	}

	b := &bootstrapPolicyStack{stack: stack}
	policy := func(id, name, description string, statements []awsiam.PolicyStatement) awsiam.ManagedPolicy {
		return awsiam.NewManagedPolicy(stack, jsii.String(id), &awsiam.ManagedPolicyProps{
			ManagedPolicyName: jsii.String(name), Description: jsii.String(description), Statements: &statements,
		})
	}
	b.services = policy("ServicesPolicy", ExecutionPolicyName(q, "services"),
		"CloudFormation execution policy (services) for the fastapi-lambda-cdk stacks of bootstrap qualifier "+q, serviceStatements)
	b.iamPolicy = policy("IamPolicy", ExecutionPolicyName(q, "iam"),
		"CloudFormation execution policy (IAM) for the fastapi-lambda-cdk stacks of bootstrap qualifier "+q, iamStatements)
	if frontDoor {
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
