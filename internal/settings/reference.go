package settings

import (
	"math"
	"strconv"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/awsnames"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// Doc is what the settings reference (docs/settings.md, generated from
// Reference) says of one setting, or of two that go together.
type Doc struct {
	Keys    []string // as users write them
	What    string   // Markdown
	Default string   // Markdown: what happens when the setting is left out
}

func code(s string) string { return "`" + s + "`" }

// Reference documents every setting, in the order of Keys. A default that is
// a value is read from the constant the construct or stack applies, so the
// reference cannot drift from it.
func Reference() []Doc {
	return []Doc{
		{[]string{StackName},
			"CloudFormation stack name; `make … STACK=Name` overrides it for one run",
			code(DefaultStackName)},
		{[]string{Account, Region},
			`pin the stack to an account and region; both or neither`,
			`neither: the stack deploys to the account and region of the credentials that deploy it`},
		{[]string{UrlAuthType},
			"`NONE`, a public website, or `AWS_IAM`, SigV4-signed requests only",
			code("NONE")},
		{[]string{ImageRepository},
			"an existing ECR repository (its name, not its ARN or URI) that images are pushed to by hand, instead of building `lambda-app/`",
			"build `lambda-app/` at deploy"},
		{[]string{ImageTagOrDigest},
			"the image in `imageRepository`: a tag, or better a digest `sha256:…` (a new digest starts a release, a moved tag does not)",
			code(fastapilambda.DefaultImageTag)},
		{[]string{BootstrapQualifier},
			`the CDK bootstrap qualifier (the CDK's own key, also allowed at the top of the context)`,
			code(awsnames.DefaultBootstrapQualifier)},
		{[]string{DeployUser},
			"the deploy user (no console password) and its group; `false` leaves both out",
			"`true`, except with `githubRepository` and neither `deployAccessKey` nor `codeCommitRepository`: an environment deployed through GitHub OIDC alone gets no standing IAM user"},
		{[]string{DeployAccessKey},
			`give the deploy user an access key, kept in Secrets Manager`,
			"`false`"},
		{[]string{DeployAccessKeySerial},
			`a whole number from 1; a new one rotates the key`,
			`none`},
		{[]string{DeployAccessKeyReaders},
			`comma-separated ARNs of the IAM roles and users that alone may read the key's secret (its resource policy denies everyone else; the CDK CloudFormation execution role keeps access to manage it)`,
			`none: identity policies decide`},
		{[]string{CodeCommitRepository},
			`a CodeCommit repository the deploy user may pull from and push to over SSH`,
			`none`},
		{[]string{SshPublicKey},
			"the deploy user's `ssh-rsa` public key (2048 to 16384 bits) for that repository",
			`none`},
		{[]string{GitHubRepository},
			"`owner/name` whose GitHub Actions get keyless deploy and review roles; CI deploys only environments that set it",
			`none`},
		{[]string{GitHubBranch},
			`the branch trusted to deploy`,
			code(deployidentity.DefaultGitHubBranch)},
		{[]string{GitHubEnvironment},
			`a GitHub environment trusted to deploy instead of a branch (protect it with required reviewers)`,
			`none`},
		{[]string{GitHubOidcProviderArn},
			`the account's existing OIDC provider for GitHub (an account holds one)`,
			`one is created`},
		{[]string{PromoteAfter},
			"the environment this one follows in CI: it deploys the same image digest only after that one's deploy and release succeeded (see [Promotion](promotion.md)); needs `githubRepository` and `imageRepository` on both",
			"none: deploys in the first wave"},
		{[]string{BootstrapExecutionPolicy},
			"`make bootstrap` gives CloudFormation this project's execution policy and permissions boundary instead of AdministratorAccess, and the stack's roles and users carry the boundary (see [Security gate](security.md#security-gate)); `false` keeps the CDK's default",
			"`true`"},
		{[]string{ReservedConcurrency},
			`cap on the function's concurrent executions (a whole number)`,
			code(strconv.Itoa(stacks.DefaultReservedConcurrency))},
		{[]string{ProvisionedConcurrency},
			"execution environments kept warm on the alias, at most `reservedConcurrency`; billed whether used or not (see [Operate it](operate.md#operate-it))",
			`none: every new environment starts cold`},
		{[]string{ProvisionedConcurrencyMax},
			"with it, target-tracking auto scaling moves the provisioned concurrency between `provisionedConcurrency` and this",
			`no auto scaling`},
		{[]string{ProvisionedConcurrencyUtilization},
			`the share of provisioned concurrency in use that auto scaling keeps, a percentage`,
			code(strconv.Itoa(int(math.Round(fastapilambda.DefaultProvisionedConcurrencyUtilization * 100))))},
		{[]string{Dashboard},
			"`false` leaves out the CloudWatch dashboard",
			"`true`"},
		{[]string{AlarmEmail},
			`an address the four rollback alarms notify when they fire and recover (an SNS topic, TLS only; SNS mails a confirmation link first)`,
			`none`},
		{[]string{ApplicationLogLevel},
			"lowest level of the app's log lines that Lambda keeps: `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `FATAL`",
			"`INFO`"},
		{[]string{Tracing},
			"`true`: AWS X-Ray active tracing of invocations",
			"`false`"},
		{[]string{SnapStart},
			"Lambda snapshots each published version once initialized and starts new execution environments from it, skipping the image's init (SnapStart on published versions; see [SnapStart](operate.md#snapstart)); not with `provisionedConcurrency`",
			"`false`: the starter's init is about 0.3 s, which a restore would not much shorten; turn it on when imports, clients and models make init long"},
		{[]string{Adapter},
			"`mangum` (awslambdaric and Mangum: answers buffered) or `web-adapter` (uvicorn behind the Lambda Web Adapter: the Function URL streams, `RESPONSE_STREAM`, so `/stream` and any `StreamingResponse` reach the client as produced); see [lambda-app/README.md](../lambda-app/README.md#adapters)",
			code(string(fastapilambda.AdapterMangum))},
		{[]string{CustomerManagedKey},
			"`true`: one KMS key of the stack's own (rotated yearly, kept when the stack is deleted, 1 USD a month) encrypts the log group, the alarm topic and the access key's secret; needs `bootstrapExecutionPolicy: false`, on every environment sharing its bootstrap qualifier (or its own qualifier)",
			"`false`: AWS keys"},
		{[]string{FrontDoor},
			"`true`: a CloudFront front door before the Function URL, which then takes the distribution's signed requests only (`urlAuthType` `AWS_IAM`; leave it unset); needs `account` and `region`; outside us-east-1 its edge is a second stack, `STACK-Edge`, in us-east-1 (see [A front door](front-door.md#a-front-door-cloudfront-your-domain-a-waf))",
			`none: clients call the Function URL`},
		{[]string{FrontDoorDomain},
			"the name clients call, such as `api.example.com`; needs the hosted zone or a certificate",
			"the distribution's `*.cloudfront.net` name"},
		{[]string{FrontDoorHostedZoneId, FrontDoorHostedZoneName},
			`the Route 53 public hosted zone holding the domain, by ID and name (no lookup at synth): an ACM certificate is validated through it, and A and AAAA records are written there`,
			`none`},
		{[]string{FrontDoorCertificateArn},
			`an ACM certificate in us-east-1 of the same account for the domain, brought instead (DNS elsewhere, a wildcard)`,
			`one validated through the zone`},
		{[]string{FrontDoorWebAcl},
			"`false` leaves out the WAF web ACL",
			"`true`"},
		{[]string{FrontDoorRateLimit},
			`requests one client IP may make in 5 minutes before the web ACL blocks it (10 to 2000000000)`,
			code(strconv.Itoa(frontdoor.DefaultRateLimit))},
		{[]string{FrontDoorCachedPaths},
			"comma-separated path patterns whose GET and HEAD answers CloudFront caches, as long as their `Cache-Control` says (`/static/*`)",
			`none: nothing cached`},
	}
}
