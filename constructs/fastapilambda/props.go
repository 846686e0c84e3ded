package fastapilambda

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
)

// Adapter is how the image turns Lambda invocations into requests to the app.
type Adapter string

const (
	// AdapterMangum: awslambdaric runs the Mangum handler; answers are buffered.
	AdapterMangum Adapter = "mangum"
	// AdapterWebAdapter: the Lambda Web Adapter extension forwards each
	// invocation to uvicorn; answers may stream (UrlInvokeMode RESPONSE_STREAM).
	AdapterWebAdapter Adapter = "web-adapter"
)

// Defaults applied when a prop is nil.
const (
	DefaultMemorySizeMiB  = 512
	DefaultTimeoutSeconds = 30
	DefaultAliasName      = "live"
	DefaultImageTag       = "latest"

	// DefaultAlarmThreshold is the count per minute (errors, throttles, URL
	// 5xx responses) that stops a release: any at all.
	DefaultAlarmThreshold = 1
	// DefaultDurationAlarmPercent of the timeout is where p99 duration counts
	// as "near the timeout": a release that slows requests this much is rolled
	// back before they start timing out.
	DefaultDurationAlarmPercent = 90
	// DefaultAlarmEvaluationPeriods: one breaching minute fires an alarm.
	DefaultAlarmEvaluationPeriods = 1

	// DefaultProvisionedConcurrencyUtilization is the share of provisioned
	// concurrency in use that auto scaling keeps (AWS's recommended 70%).
	DefaultProvisionedConcurrencyUtilization = 0.7
)

// ServiceProps configures a Service. Exactly one of ImageDirectory and
// ImageRepository is required; every other prop has a default.
type ServiceProps struct {
	// Directory holding the Dockerfile of the FastAPI image. `cdk deploy` builds
	// it for the function's architecture and publishes it to the bootstrap ECR
	// repository. A relative path is resolved against the process's working
	// directory; pass an absolute one. Default: none (ImageRepository is used).
	ImageDirectory *string

	// Existing ECR repository holding an image pushed outside CDK (`docker
	// push`). Default: none (ImageDirectory is used).
	ImageRepository awsecr.IRepository

	// Tag or digest ("sha256:...") of the image in ImageRepository. A digest is
	// recommended: a new digest publishes a new version and so starts a
	// CodeDeploy deployment, a moved tag does not. Default: "latest".
	ImageTagOrDigest *string

	// Instruction set of the function, and the platform the image is built for.
	// Default: ARM_64.
	Architecture awslambda.Architecture

	// Memory of each execution environment, in MiB (128 to 10240).
	// Default: 512 MiB.
	MemorySize *float64

	// Time limit of each invocation (at most 15 minutes). Default: 30 seconds.
	Timeout awscdk.Duration

	// Environment variables of the function. Default: none.
	Environment *map[string]*string

	// Concurrent executions reserved for, and capped at, this function. Set it
	// when UrlAuthType is NONE: anyone can then make the function scale, and
	// the construct warns at synth when it is not set. Default: no
	// reservation; the function draws on the account's unreserved pool.
	ReservedConcurrentExecutions *float64

	// Execution role of the function. A role passed in must trust
	// lambda.amazonaws.com; if it is mutable, the construct lets it write to
	// the function's log group. Default: a role is created, allowed only to
	// write to the function's log group.
	Role awsiam.IRole

	// How long the function's log group keeps its logs. Default: one month.
	LogRetention awslogs.RetentionDays

	// Customer-managed KMS key that encrypts the log group. Its key policy
	// must let CloudWatch Logs use it (logs.REGION.amazonaws.com); a key
	// created in the same stack (awskms.Key) gets that statement, scoped to
	// this log group, from the construct. Default: CloudWatch Logs' own
	// encryption.
	LogGroupEncryptionKey awskms.IKey

	// Lowest level of the application's log lines that Lambda keeps. Lambda's
	// JSON log format is always on: the runtime's own lines (an import error,
	// an unhandled exception) are JSON like the app's, and Lambda drops lines
	// below this level by their "level" field. Default: INFO.
	ApplicationLogLevel awslambda.ApplicationLogLevel

	// Lowest level of the Lambda platform's own records (platform.start,
	// platform.report, ...) that Lambda keeps. Default: INFO.
	SystemLogLevel awslambda.SystemLogLevel

	// AWS X-Ray tracing of invocations: ACTIVE samples and records them (the
	// execution role may then put trace segments, which X-Ray allows on no
	// narrower resource than "*"), PASS_THROUGH follows the caller's sampling
	// decision. Default: DISABLED.
	Tracing awslambda.Tracing

	// Execution environments kept initialized on the alias, so that requests
	// up to this concurrency start warm. It is billed whether used or not;
	// CodeDeploy moves it with the alias during a release. At most
	// ReservedConcurrentExecutions when both are set. Default: none, every
	// new execution environment starts cold.
	ProvisionedConcurrency *float64

	// Upper bound of target-tracking auto scaling of the provisioned
	// concurrency, which then moves between ProvisionedConcurrency and this
	// to keep ProvisionedConcurrencyUtilization. Needs ProvisionedConcurrency;
	// at most ReservedConcurrentExecutions when both are set. Default: no
	// auto scaling: the provisioned concurrency stays fixed.
	ProvisionedConcurrencyMax *float64

	// Share of the provisioned concurrency in use (more than 0, at most 1)
	// that auto scaling keeps. Needs ProvisionedConcurrencyMax.
	// Default: 0.7.
	ProvisionedConcurrencyUtilization *float64

	// Whether Lambda snapshots each published version once initialized and
	// starts new execution environments from the snapshot (SnapStart,
	// ApplyOn PublishedVersions: the alias's versions are what CodeDeploy
	// shifts), skipping the image's init. The image's runtime client must
	// implement the Runtime API's restore endpoint (lambda-app's awslambdaric
	// 3.x does; an image from ImageRepository is the caller's to check).
	// Cannot be combined with ProvisionedConcurrency. Default: false.
	SnapStart *bool

	// Whether to build a CloudWatch dashboard of the service: the rollback
	// alarms, invocations, errors and p99 duration per executed version (the
	// view of a release in progress), URL requests and status classes,
	// duration percentiles and concurrency. Default: true.
	Dashboard *bool

	// Name of the alias that serves traffic and that CodeDeploy shifts.
	// Default: "live".
	AliasName *string

	// Who may call the Function URL: AWS_IAM (SigV4-signed requests from
	// principals granted with GrantInvokeUrl) or NONE (anyone on the internet).
	// Default: AWS_IAM.
	UrlAuthType awslambda.FunctionUrlAuthType

	// CORS headers the Function URL answers with. Default: no CORS headers.
	UrlCors *awslambda.FunctionUrlCorsOptions

	// Whether the URL buffers the whole response or streams it. Streaming
	// needs Adapter AdapterWebAdapter (Mangum answers buffered).
	// Default: RESPONSE_STREAM with AdapterWebAdapter, else BUFFERED.
	UrlInvokeMode awslambda.InvokeMode

	// How the image runs the app: AdapterMangum (awslambdaric and Mangum,
	// buffered answers) or AdapterWebAdapter (uvicorn behind the Lambda Web
	// Adapter extension, which can stream). With ImageDirectory it picks the
	// Dockerfile's stage of that name (AdapterMangum builds the default,
	// last stage); an image from ImageRepository must have been built for
	// it. Default: AdapterMangum.
	Adapter Adapter

	// How CodeDeploy shifts traffic to a new version: TrafficRouting_AllAtOnce,
	// TrafficRouting_TimeBasedCanary or TrafficRouting_TimeBasedLinear, with a
	// percentage from 1 to 99 and an interval in whole minutes. A routing that
	// matches one of CodeDeploy's predefined Lambda configurations uses it; any
	// other creates a custom deployment configuration. Default: canary, 10% of
	// traffic for 5 minutes, then all of it.
	TrafficRouting awscodedeploy.TrafficRouting

	// An existing deployment configuration, for one shared across services.
	// Cannot be combined with TrafficRouting. Default: the configuration that
	// TrafficRouting describes.
	DeploymentConfig awscodedeploy.ILambdaDeploymentConfig

	// Role that CodeDeploy assumes to shift the alias. A role passed in must
	// trust codedeploy.amazonaws.com (its trust is its owner's: give it the
	// aws:SourceAccount and aws:SourceArn conditions too); if it is mutable,
	// the construct adds its scoped permissions to it. Default: a role is
	// created, trusted by codedeploy.amazonaws.com only for this application's
	// deployment groups in this account, allowed only to read and update this
	// alias and to read this deployment group's alarms.
	ServiceRole awsiam.IRole

	// Errors through the alias per minute that fire ErrorsAlarm and so stop
	// and roll back a release (1 or more). Default: 1.
	ErrorsAlarmThreshold *float64

	// Throttled invocations through the alias per minute that fire
	// ThrottlesAlarm (1 or more). Default: 1.
	ThrottlesAlarmThreshold *float64

	// Function URL 5xx responses per minute that fire Url5xxAlarm (1 or more).
	// Default: 1.
	Url5xxAlarmThreshold *float64

	// p99 duration through the alias that fires DurationAlarm (more than 0,
	// at most Timeout). Default: 90% of Timeout.
	DurationAlarmThreshold awscdk.Duration

	// Consecutive breaching minutes before any of the four alarms fires (1 to
	// 1440). Default: 1.
	AlarmEvaluationPeriods *float64

	// SNS topic that the four rollback alarms notify when they fire and when
	// they recover, during releases and outside them. A topic encrypted with
	// a KMS key needs a key policy that lets cloudwatch.amazonaws.com use
	// it. Default: the alarms notify no one; CodeDeploy still reads them.
	AlarmTopic awssns.ITopic

	// Alarms, besides the construct's own (errors, throttles, URL 5xx and p99
	// duration), that stop and roll back a deployment. Default: none.
	ExtraAlarms *[]awscloudwatch.IAlarm

	// Function that CodeDeploy runs before shifting traffic to a new version.
	// Default: none.
	PreTrafficHook awslambda.IFunction

	// Function that CodeDeploy runs after all traffic has shifted.
	// Default: none.
	PostTrafficHook awslambda.IFunction
}
