package stacks_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// nagVariants are the combinations of settings the security gate checks:
// each option alone, then all together. Stacks with GitHub roles each get
// an account of their own (an account holds one OIDC provider).
func nagVariants(image string) map[string]*stacks.ServiceStackProps {
	env := func(account string) awscdk.StackProps {
		return awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String("eu-west-1")}}
	}
	dir := jsii.String(image)
	operated := fastapilambda.ServiceProps{Tracing: awslambda.Tracing_ACTIVE, ApplicationLogLevel: awslambda.ApplicationLogLevel_DEBUG,
		ProvisionedConcurrency: jsii.Number(2), ProvisionedConcurrencyMax: jsii.Number(5)}
	return map[string]*stacks.ServiceStackProps{
		"Default":   {ImageDirectory: dir},
		"Private":   {ImageDirectory: dir, UrlAuthType: awslambda.FunctionUrlAuthType_AWS_IAM},
		"AccessKey": {ImageDirectory: dir, Deploy: deployidentity.DeployIdentityOptions{AccessKey: jsii.Bool(true)}},
		"GitHub":    {StackProps: env("111111111111"), ImageDirectory: dir, Deploy: deployidentity.DeployIdentityOptions{GitHubRepository: jsii.String("acme/api")}},
		// Deployed through GitHub OIDC alone: no deploy user or group.
		"Keyless": {StackProps: env("555555555555"), ImageDirectory: dir, Deploy: deployidentity.DeployIdentityOptions{
			GitHubRepository: jsii.String("acme/api"), DeployUser: jsii.Bool(false)}},
		"CodeCommit": {ImageDirectory: dir, Deploy: deployidentity.DeployIdentityOptions{CodeCommitRepositoryName: jsii.String("api"), SshPublicKey: jsii.String(cdktest.SshRsaPublicKey)}},
		"Ecr":        {ImageRepositoryName: jsii.String("api"), ImageTagOrDigest: jsii.String("v1")},
		// The environment that starts a promotion: CI's build role, and
		// deploy identities that push nothing.
		"Promotion": {StackProps: env("444444444444"), ImageRepositoryName: jsii.String("api"), ImageTagOrDigest: jsii.String("sha256:" + strings.Repeat("0", 64)),
			Deploy: deployidentity.DeployIdentityOptions{GitHubRepository: jsii.String("acme/api"), GitHubBuildRole: jsii.Bool(true)}},
		"Operations": {ImageDirectory: dir, AlarmEmail: jsii.String("ops@example.com"), Service: operated},
		"Encrypted": {ImageDirectory: dir, CustomerManagedKey: jsii.Bool(true), AlarmEmail: jsii.String("ops@example.com"),
			Deploy: deployidentity.DeployIdentityOptions{AccessKey: jsii.Bool(true)}},
		// A front door with a domain in eu-west-1 (its edge a us-east-1
		// stack of its own), and one in us-east-1 with neither a domain nor
		// a web ACL (one stack).
		"FrontDoor": {StackProps: env("333333333333"), ImageDirectory: dir, FrontDoor: &stacks.FrontDoorOptions{
			EdgeOptions: frontdoor.EdgeOptions{DomainName: jsii.String("api.example.com")}, DistributionOptions: frontdoor.DistributionOptions{CachedPaths: []string{"/static/*"}},
			HostedZoneId: jsii.String("Z0123456789ABCDEFGHIJ"), HostedZoneName: jsii.String("example.com")}},
		"FrontDoorEast": {StackProps: awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("333333333333"), Region: jsii.String("us-east-1")}},
			ImageDirectory: dir, FrontDoor: &stacks.FrontDoorOptions{EdgeOptions: frontdoor.EdgeOptions{WebAcl: jsii.Bool(false)}}},
		"All": {StackProps: env("222222222222"), ImageRepositoryName: jsii.String("api"), UrlAuthType: awslambda.FunctionUrlAuthType_AWS_IAM,
			AlarmEmail: jsii.String("ops@example.com"), CustomerManagedKey: jsii.Bool(true), Service: operated,
			Deploy: deployidentity.DeployIdentityOptions{AccessKey: jsii.Bool(true), AccessKeyReaders: jsii.Strings("arn:aws:iam::222222222222:role/ci"),
				CodeCommitRepositoryName: jsii.String("api"),
				SshPublicKey:             jsii.String(cdktest.SshRsaPublicKey), GitHubRepository: jsii.String("acme/api"), GitHubEnvironment: jsii.String("production")}},
	}
}

// nagPacks are the rule packs the gate runs.
func nagPacks() []awscdk.IAspect {
	props := &cdknag.NagPackProps{Reports: jsii.Bool(true), ReportFormats: &[]cdknag.NagReportFormat{cdknag.NagReportFormat_JSON}}
	return []awscdk.IAspect{
		cdknag.NewAwsSolutionsChecks(props),
		cdknag.NewServerlessChecks(props),
		cdknag.NewNIST80053R5Checks(props),
	}
}

// nagFindings are the findings no suppression covers, per stack, read from
// the packs' JSON reports in the assembly directory: "RULE path"; and the
// suppressed ones, as "RULE path-below-the-stack".
func nagFindings(t *testing.T, outdir string) (open map[string][]string, suppressed map[string]bool) {
	t.Helper()
	reports, err := filepath.Glob(filepath.Join(outdir, "*-NagReport.json"))
	if err != nil || len(reports) == 0 {
		t.Fatalf("no cdk-nag report in %s (%v)", outdir, err)
	}
	found, suppressed := map[string][]string{}, map[string]bool{}
	for _, report := range reports {
		raw, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		var parsed struct {
			Lines []struct {
				RuleID     string `json:"ruleId"`
				ResourceID string `json:"resourceId"`
				Compliance string `json:"compliance"`
			} `json:"lines"`
		}
		if err := json.Unmarshal(raw, &parsed); err != nil {
			t.Fatalf("%s: %v", report, err)
		}
		for _, line := range parsed.Lines {
			stack, path, _ := strings.Cut(strings.TrimPrefix(line.ResourceID, "/"), "/")
			switch line.Compliance {
			case "Non-Compliant":
				found[stack] = append(found[stack], line.RuleID+" "+line.ResourceID)
			case "Suppressed":
				suppressed[line.RuleID+" "+path] = true
			}
		}
	}
	for _, lines := range found {
		sort.Strings(lines)
	}
	return found, suppressed
}

// suppress applies the reviewed suppressions to the constructs a variant has.
func suppress(variant string, stack awscdk.Stack) {
	for _, s := range nagSuppressions {
		if !hasPath(stack, s.path) {
			continue
		}
		if only, limited := suppressedOnlyIn[s.rule+" "+s.path]; limited && !slices.Contains(only, variant) {
			continue
		}
		suppression := &cdknag.NagPackSuppression{Id: jsii.String(s.rule), Reason: jsii.String(s.reason)}
		if s.appliesTo != "" {
			applies := []interface{}{&cdknag.RegexAppliesTo{Regex: jsii.String(s.appliesTo)}}
			suppression.AppliesTo = &applies
		}
		cdknag.NagSuppressions_AddResourceSuppressionsByPath(stack, jsii.String("/"+*stack.StackName()+"/"+s.path),
			&[]*cdknag.NagPackSuppression{suppression}, jsii.Bool(false))
	}
}

func hasPath(stack awscdk.Stack, path string) bool {
	var node constructs.IConstruct = stack
	for _, id := range strings.Split(path, "/") {
		node = node.Node().TryFindChild(jsii.String(id))
		if node == nil {
			return false
		}
	}
	return true
}

// The security gate: every variant passes the AwsSolutions, Serverless and
// NIST 800-53 R5 packs with no finding left but the reviewed suppressions,
// and a stack that adds a wildcard grant fails it.
func TestSecurityRulePacks(t *testing.T) {
	context := cdktest.Context()
	outdir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Context: &context, Outdir: jsii.String(outdir)})
	image := filepath.Join(cdktest.RepoRoot(), "lambda-app")
	built := map[string]awscdk.Stack{}
	public := map[string]bool{"Scratch": true}
	// variant names the settings each built stack comes from: a front
	// door's edge stack is its service's variant.
	variant := map[string]string{"Scratch": "Scratch"}
	for name, props := range nagVariants(image) {
		service := stacks.NewServiceStack(app, name, props)
		built[name], variant[name] = service.Stack(), name
		public[name] = props.FrontDoor == nil && (props.UrlAuthType == "" || props.UrlAuthType == awslambda.FunctionUrlAuthType_NONE)
		if edge := service.EdgeStack(); edge != nil {
			built[*edge.StackName()], variant[*edge.StackName()] = edge, name
		}
	}
	// A scratch stack with one grant too many: the gate must catch it.
	scratch := stacks.NewServiceStack(app, "Scratch", &stacks.ServiceStackProps{ImageDirectory: jsii.String(image)})
	scratch.Service().Function().AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("*"),
	}))
	built["Scratch"] = scratch.Stack()
	for name, stack := range built {
		suppress(variant[name], stack)
	}
	for _, pack := range nagPacks() {
		awscdk.Aspects_Of(app).Add(pack, nil)
	}
	// A finding left is an error annotation, which fails the synthesis as it
	// would fail `cdk synth`; the reports say which.
	func() {
		defer func() { recover() }()
		app.Synth(nil)
	}()
	// cfn-guard in a subtest: where it is not installed, it skips alone and
	// the cdk-nag findings below still count.
	t.Run("cfn-guard", func(t *testing.T) { guardFindings(t, outdir, built, variant, public) })
	findings, suppressed := nagFindings(t, outdir)
	// A suppression that suppresses nothing is stale: it misleads the reader.
	for _, s := range nagSuppressions {
		if !suppressed[s.rule+" "+s.path] {
			t.Errorf("suppression of %s on %s suppresses nothing in any variant: remove it", s.rule, s.path)
		}
	}
	want := []string{"AwsSolutions-IAM5 Scratch/Service/ExecutionRole/DefaultPolicy/Resource"}
	if got := findings["Scratch"]; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the gate missed the wildcard grant: findings %v, want %v", got, want)
	}
	delete(findings, "Scratch")
	for stack, lines := range findings {
		for _, line := range lines {
			t.Errorf("%s: unsuppressed finding %s", stack, line)
		}
	}
}

// nagSuppression is one finding accepted on review: the rule, the construct
// path below the stack, for IAM5 the finding it covers (a regular
// expression), and why.
type nagSuppression struct{ rule, path, appliesTo, reason string }

// suppressedOnlyIn limits a suppression to the variants whose settings cause
// its finding: "RULE path" to variant names. The tracing wildcard is
// accepted where tracing is on, so that any other wildcard grant on the
// execution role still fails the gate (the Scratch stack).
var suppressedOnlyIn = map[string][]string{
	"AwsSolutions-IAM5 Service/ExecutionRole/DefaultPolicy/Resource": {"Operations", "All"},
	"AwsSolutions-CFR2 FrontDoor/Distribution/Resource":              {"FrontDoorEast"},
	"AwsSolutions-CFR4 FrontDoor/Distribution/Resource":              {"FrontDoorEast"},
}

// nagSuppressions is the one reviewed list of accepted findings; the README's
// security section shows it.
var nagSuppressions = func() []nagSuppression {
	const (
		// CDK's singleton function behind AwsCustomResource, which uploads the
		// deploy user's SSH key.
		provider       = "AWS679f53fac002430cb0da5b7982bd2287"
		providerReason = "CDK's own AwsCustomResource provider function (it uploads and deletes the deploy user's SSH key on deploy, nothing else): " +
			"its runtime settings are CDK's, it runs a few seconds per deploy, and no request reaches it"
		inline = "CDK grants write each identity's statements into its own inline policy: attached to that one identity, naming " +
			"this stack's resources only, created and deleted with it; a managed policy would add a shareable copy and narrow nothing"
	)
	list := []nagSuppression{
		{"NIST.800.53.R5-LambdaDLQ", "Service/Function/Resource", "",
			"invoked synchronously through the Function URL: a dead-letter queue applies to asynchronous invocations only; a failed request gets an error answer and counts toward ErrorsAlarm"},
		{"Serverless-LambdaDLQ", "Service/Function/Resource", "",
			"invoked synchronously through the Function URL: a dead-letter queue applies to asynchronous invocations only; a failed request gets an error answer and counts toward ErrorsAlarm"},
		{"NIST.800.53.R5-LambdaInsideVPC", "Service/Function/Resource", "",
			"the function reaches no private network resource: a VPC would add NAT cost and cold-start time and isolate nothing"},
		{"Serverless-LambdaTracing", "Service/Function/Resource", "",
			"X-Ray tracing is the tracing setting, off by default: it bills per trace, and without an X-Ray SDK in the image a trace shows Lambda's own segments only; every request is logged with its request id and the alarms watch errors, throttles, 5xx and p99 duration"},
		{"NIST.800.53.R5-LambdaFunctionPublicAccessProhibited", "Service/Alias/invoke-function-url", "",
			"the public website of the walkthrough: urlAuthType NONE is the environment's explicit choice, capped by reserved concurrency; AWS_IAM removes this permission"},
		{"NIST.800.53.R5-LambdaFunctionPublicAccessProhibited", "Service/Alias/invoke-function", "",
			"the public website's second permission, which Lambda requires for Function URLs: lambda:InvokeFunction only with lambda:InvokedViaFunctionUrl, so only through the URL"},
		{"NIST.800.53.R5-CloudWatchLogGroupEncrypted", "Service/LogGroup/Resource", "",
			"encrypted at rest with a CloudWatch Logs key by default; it holds request logs, no secrets; the customerManagedKey setting encrypts it with the stack's own KMS key (the Encrypted and All variants)"},
		{"NIST.800.53.R5-SecretsManagerRotationEnabled", "Deploy/AccessKeySecret/Resource", "",
			"it holds an IAM access key, which Secrets Manager cannot rotate by itself: raising deployAccessKeySerial rotates it (README), and keyless GitHub OIDC roles need no key"},
		{"AwsSolutions-SMG4", "Deploy/AccessKeySecret/Resource", "",
			"it holds an IAM access key, which Secrets Manager cannot rotate by itself: raising deployAccessKeySerial rotates it (README), and keyless GitHub OIDC roles need no key"},
		{"NIST.800.53.R5-SecretsManagerUsingKMSKey", "Deploy/AccessKeySecret/Resource", "",
			"encrypted with the account's aws/secretsmanager key by default; the customerManagedKey setting encrypts it with the stack's own KMS key (the Encrypted and All variants)"},
		{"AwsSolutions-IAM5", "Deploy/DeployPolicy/Resource", `/^Resource::\*$/`,
			"ecr:GetAuthorizationToken acts on the registry, not a repository: IAM accepts only \"*\", and the token grants nothing by itself (push and pull are scoped to the repository)"},
		{"AwsSolutions-IAM5", "Deploy/BuildPolicy/Resource", `/^Resource::\*$/`,
			"ecr:GetAuthorizationToken acts on the registry, not a repository: IAM accepts only \"*\", and the token grants nothing by itself (the push is scoped to the one repository)"},
		{"AwsSolutions-IAM5", "Deploy/GitHubReviewRole/DefaultPolicy/Resource", `/^Resource::arn:[^:]+:cloudformation:[^:]+:[^:]+:stack\/[A-Za-z0-9-]+\/\*$/`,
			"this stack's ARN (and its edge stack's, with a front door): the trailing * is the stack id CloudFormation assigns, unknown before it exists"},
		{"AwsSolutions-IAM5", "Service/ExecutionRole/DefaultPolicy/Resource", `/^Resource::\*$/`,
			"the tracing setting: xray:PutTraceSegments and xray:PutTelemetryRecords, which IAM accepts on \"*\" only (X-Ray has no resource ARN to name)"},
		{"NIST.800.53.R5-SNSEncryptedKMS", "AlarmTopic/Resource", "",
			"CloudWatch alarms cannot publish to a topic under the AWS managed aws/sns key; the topic carries alarm state changes only, and the customerManagedKey setting encrypts it with the stack's own KMS key"},
		{"Serverless-SNSRedrivePolicy", "AlarmEmail/Resource", "",
			"an email subscription: an alarm mail that cannot be delivered would sit in a queue no one reads; the alarm's state stays in CloudWatch and on the dashboard"},
		{"NIST.800.53.R5-LambdaDLQ", provider + "/Resource", "", providerReason},
		{"Serverless-LambdaDLQ", provider + "/Resource", "", providerReason},
		{"NIST.800.53.R5-LambdaInsideVPC", provider + "/Resource", "", providerReason},
		{"NIST.800.53.R5-LambdaConcurrency", provider + "/Resource", "", providerReason},
		{"Serverless-LambdaTracing", provider + "/Resource", "", providerReason},
		{"Serverless-LambdaDefaultMemorySize", provider + "/Resource", "", providerReason},
		{"NIST.800.53.R5-CloudWatchLogGroupEncrypted", provider + "/LogGroup/Resource", "", providerReason},
		{"AwsSolutions-IAM4", provider + "/ServiceRole/Resource", `/^Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/`,
			"CDK's provider function writes its logs through the AWSLambdaBasicExecutionRole managed policy (log writing only)"},
	}
	const (
		edgeFunction = "Edge/PayloadHash/Resource"
		atTheEdge    = "CloudFront runs it at the edge on each origin request, synchronously: "
	)
	list = append(list,
		nagSuppression{"AwsSolutions-CFR1", "FrontDoor/Distribution/Resource", "",
			"an API served wherever its clients are: which countries to refuse is a business decision, made on the distribution (FrontDoor().Distribution()) where one applies"},
		nagSuppression{"AwsSolutions-CFR2", "FrontDoor/Distribution/Resource", "",
			"frontDoorWebAcl false, the environment's explicit choice (the FrontDoorEast variant); the reserved-concurrency cap still bounds what a flood costs"},
		nagSuppression{"AwsSolutions-CFR4", "FrontDoor/Distribution/Resource", "",
			"no frontDoorDomain (the FrontDoorEast variant): clients call the *.cloudfront.net name, whose certificate and security policy (TLSv1 minimum) are CloudFront's; frontDoorDomain sets TLSv1.2_2021 with an ACM certificate"},
		nagSuppression{"AwsSolutions-CFR3", "FrontDoor/Distribution/Resource", "",
			"standard access logs need an S3 bucket with ACLs, not a setting yet (the construct's AccessLogBucket turns them on): the app logs every request that reaches it with its request id, and the web ACL keeps per-rule metrics and sampled requests of what it blocks"},
		nagSuppression{"AwsSolutions-IAM5", "Edge/PayloadHashRole/DefaultPolicy/Resource",
			`/^Resource::arn:aws[a-z-]*:logs:\*:[0-9]{12}:log-group:\/aws\/lambda\/us-east-1\.\*$/`,
			"Lambda@Edge writes its logs in whichever region served the request, to /aws/lambda/us-east-1.NAME with NAME generated: the grant is this account's Lambda@Edge log groups, log writing only"},
		nagSuppression{"AwsSolutions-L1", edgeFunction, "",
			"Node.js 22 is the newest Node.js runtime Lambda@Edge lists, in Lambda's standard support until April 2027, and the one make test-edge runs its tests on"},
		nagSuppression{"Serverless-LambdaLatestVersion", edgeFunction, "",
			"Node.js 22 is the newest Node.js runtime Lambda@Edge lists, in Lambda's standard support until April 2027, and the one make test-edge runs its tests on"},
		nagSuppression{"NIST.800.53.R5-LambdaInsideVPC", edgeFunction, "", "Lambda@Edge does not support VPC access"},
		nagSuppression{"NIST.800.53.R5-LambdaDLQ", edgeFunction, "",
			atTheEdge + "a dead-letter queue applies to asynchronous invocations only; a failure answers that request with a 5xx"},
		nagSuppression{"Serverless-LambdaDLQ", edgeFunction, "",
			atTheEdge + "a dead-letter queue applies to asynchronous invocations only; a failure answers that request with a 5xx"},
		nagSuppression{"NIST.800.53.R5-LambdaConcurrency", edgeFunction, "",
			atTheEdge + "a cap here would throttle ordinary requests along with a flood: the web ACL's per-IP rate limit stops a flood before the function runs, and the service keeps its reserved concurrency"},
		nagSuppression{"Serverless-LambdaTracing", edgeFunction, "",
			atTheEdge + "it hashes the body and sets a header in well under its 5 s timeout; a trace would show nothing the distribution's metrics and the service's logs do not"},
		nagSuppression{"NIST.800.53.R5-CloudWatchLogGroupEncrypted", "Edge/PayloadHash/LogGroup/Resource", "",
			"the log group of direct invocations in us-east-1, which CloudFront does not make; encrypted at rest with a CloudWatch Logs key, and it holds no request bodies (the function logs none)"},
		nagSuppression{"NIST.800.53.R5-WAFv2LoggingEnabled", "Edge/WebAcl", "",
			"per-rule CloudWatch metrics and sampled requests are on; full WAF logging (to an aws-waf-logs-* destination, billed per GB) is not a setting yet"},
	)
	for _, alarm := range []string{"ErrorsAlarm", "ThrottlesAlarm", "Url5xxAlarm", "DurationAlarm"} {
		list = append(list, nagSuppression{"NIST.800.53.R5-CloudWatchAlarmAction", "Service/" + alarm + "/Resource", "",
			"CodeDeploy acts on it: the deployment group watches the alarm and rolls a release back when it fires; the alarmEmail setting also notifies people (the Operations, Encrypted and All variants)"})
	}
	for _, policy := range []string{"Service/ExecutionRole/DefaultPolicy/Resource", "Service/ServiceRole/DefaultPolicy/Resource",
		"Deploy/Group/DefaultPolicy/Resource", "Deploy/GitHubDeployRole/DefaultPolicy/Resource",
		"Deploy/GitHubReviewRole/DefaultPolicy/Resource", "Deploy/SshPublicKey/CustomResourcePolicy/Resource",
		"Edge/PayloadHashRole/DefaultPolicy/Resource"} {
		list = append(list, nagSuppression{"NIST.800.53.R5-IAMNoInlinePolicy", policy, "", inline})
	}
	return list
}()

// guardFindings runs cfn-guard, the project's rules and Control Tower's, on
// every variant's template: none may fail, and the scratch stack's wildcard
// grant must.
func guardFindings(t *testing.T, outdir string, built map[string]awscdk.Stack, variant map[string]string, public map[string]bool) {
	t.Helper()
	guard := cfnGuard(t)
	used := map[int]bool{}
	names := map[string]string{}
	templates := map[bool][]string{}
	for name, stack := range built {
		template := filepath.Join(outdir, *stack.TemplateFile())
		names[template] = name
		templates[public[name]] = append(templates[public[name]], template)
	}
	for _, isPublic := range []bool{true, false} {
		for template, failures := range guardFailures(t, guard, guardRuleArgs(t, isPublic), templates[isPublic]) {
			name := names[template]
			if name == "Scratch" {
				want := "resource_star_only_without_resource_arn ServiceExecutionRoleDefaultPolicyC3CC8C20"
				if strings.Join(failures, "\n") != want {
					t.Errorf("cfn-guard missed the wildcard grant: %v, want [%s]", failures, want)
				}
				delete(names, template)
				continue
			}
			for _, f := range failures {
				if i, ok := guardAccepted(variant[name], f); ok {
					used[i] = true
					continue
				}
				t.Errorf("%s: cfn-guard: %s", name, f)
			}
		}
	}
	for template, name := range names {
		if name == "Scratch" {
			t.Errorf("cfn-guard found nothing wrong with the scratch stack's wildcard grant (%s)", template)
		}
	}
	for i, a := range guardAcceptances {
		if !used[i] {
			t.Errorf("the acceptance of %s on %s accepts nothing in any variant: remove it", a.control, a.resource)
		}
	}
}
