package fastapilambda_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// invalidProp is one refused prop: the props, built in a stack, and the
// message after "fastapilambda: ".
type invalidProp struct {
	name  string
	props func(stack awscdk.Stack) *fastapilambda.ServiceProps
	want  string
}

// invalidProps are every refusal the construct tests; constructs/README.md's
// table of refused props is generated from them.
func invalidProps() []invalidProp {
	canary := func(pct, minutes float64) awscodedeploy.TrafficRouting {
		return awscodedeploy.TrafficRouting_TimeBasedCanary(&awscodedeploy.TimeBasedCanaryTrafficRoutingProps{
			Percentage: jsii.Number(pct), Interval: awscdk.Duration_Minutes(jsii.Number(minutes)),
		})
	}
	linear := func(pct float64, interval awscdk.Duration) awscodedeploy.TrafficRouting {
		return awscodedeploy.TrafficRouting_TimeBasedLinear(&awscodedeploy.TimeBasedLinearTrafficRoutingProps{
			Percentage: jsii.Number(pct), Interval: interval,
		})
	}
	dir := jsii.String(imageDir)
	workingDir, _ := os.Getwd()
	return []invalidProp{
		{"NilProps", func(awscdk.Stack) *fastapilambda.ServiceProps { return nil },
			"props are required: set ImageDirectory or ImageRepository"},
		{"NoImage", func(awscdk.Stack) *fastapilambda.ServiceProps { return &fastapilambda.ServiceProps{} },
			"exactly one of ImageDirectory and ImageRepository is required, got neither"},
		{"BothImages", func(s awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ImageRepository: awsecr.Repository_FromRepositoryName(s, jsii.String("R"), jsii.String("r"))}
		}, fmt.Sprintf("exactly one of ImageDirectory and ImageRepository is required, got both (ImageDirectory %q)", imageDir)},
		{"NoDockerfile", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: jsii.String("testdata")}
		}, `ImageDirectory must hold a Dockerfile, got "testdata" (no file testdata/Dockerfile, resolved against the working directory ` + workingDir + `: pass an absolute path)`},
		{"MissingDirectory", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: jsii.String("/nonexistent/app")}
		}, `ImageDirectory must hold a Dockerfile, got "/nonexistent/app"`},
		{"TagWithDirectory", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ImageTagOrDigest: jsii.String("v1")}
		}, `ImageTagOrDigest applies to ImageRepository only, got "v1"`},
		{"MemoryTooSmall", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, MemorySize: jsii.Number(64)}
		}, "MemorySize must be between 128 and 10240 MiB, got 64"},
		{"MemoryTooLarge", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, MemorySize: jsii.Number(10241)}
		}, "MemorySize must be between 128 and 10240 MiB, got 10241"},
		{"TimeoutTooLong", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, Timeout: awscdk.Duration_Minutes(jsii.Number(16))}
		}, "Timeout must be between 1 and 900 seconds, got 960 seconds"},
		{"TimeoutUnderASecond", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, Timeout: awscdk.Duration_Millis(jsii.Number(500))}
		}, "Timeout must be between 1 and 900 seconds, got 0.5 seconds"},
		{"NegativeConcurrency", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ReservedConcurrentExecutions: jsii.Number(-1)}
		}, "ReservedConcurrentExecutions must be 0 or more, got -1"},
		{"AliasWithDot", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, AliasName: jsii.String("v1.2")}
		}, `AliasName must be 1 to 128 letters, digits, '-' or '_', and not only digits, got "v1.2"`},
		{"AliasAllDigits", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, AliasName: jsii.String("42")}
		}, `AliasName must be 1 to 128 letters, digits, '-' or '_', and not only digits, got "42"`},
		{"AliasLatest", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, AliasName: jsii.String("$LATEST")}
		}, `AliasName must be 1 to 128 letters, digits, '-' or '_', and not only digits, got "$LATEST"`},
		{"AliasEmpty", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, AliasName: jsii.String("")}
		}, `AliasName must be 1 to 128 letters, digits, '-' or '_', and not only digits, got ""`},
		{"CanaryZeroPercent", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, TrafficRouting: canary(0, 5)}
		}, "TrafficRouting percentage must be between 1 and 99, got 0 (TimeBasedCanary)"},
		{"LinearHundredPercent", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, TrafficRouting: linear(100, awscdk.Duration_Minutes(jsii.Number(1)))}
		}, "TrafficRouting percentage must be between 1 and 99, got 100 (TimeBasedLinear)"},
		{"IntervalNotWholeMinutes", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, TrafficRouting: linear(10, awscdk.Duration_Seconds(jsii.Number(90)))}
		}, "TrafficRouting interval must be a whole number of minutes, got 1.5 minutes"},
		{"IntervalZero", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, TrafficRouting: canary(10, 0)}
		}, "TrafficRouting interval must be at least 1 minute, got 0 minutes (TimeBasedCanary)"},
		{"RoutingAndConfig", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, TrafficRouting: canary(10, 5),
				DeploymentConfig: awscodedeploy.LambdaDeploymentConfig_ALL_AT_ONCE()}
		}, "TrafficRouting and DeploymentConfig cannot both be set"},
		{"UnknownAuthType", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, UrlAuthType: "PUBLIC"}
		}, `UrlAuthType must be AWS_IAM or NONE, got "PUBLIC"`},
		{"UnknownInvokeMode", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, UrlInvokeMode: "STREAMING"}
		}, `UrlInvokeMode must be BUFFERED or RESPONSE_STREAM, got "STREAMING"`},
		{"BadImageTag", func(s awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageRepository: awsecr.Repository_FromRepositoryName(s, jsii.String("R"), jsii.String("r")),
				ImageTagOrDigest: jsii.String("sha256:abc")}
		}, `ImageTagOrDigest must be a digest "sha256:" and 64 lower-case hex digits, or a tag, got "sha256:abc"`},
		{"ErrorsThresholdZero", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ErrorsAlarmThreshold: jsii.Number(0)}
		}, "ErrorsAlarmThreshold must be 1 or more (a count per minute), got 0"},
		{"ThrottlesThresholdNegative", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ThrottlesAlarmThreshold: jsii.Number(-2)}
		}, "ThrottlesAlarmThreshold must be 1 or more (a count per minute), got -2"},
		{"Url5xxThresholdFraction", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, Url5xxAlarmThreshold: jsii.Number(0.5)}
		}, "Url5xxAlarmThreshold must be 1 or more (a count per minute), got 0.5"},
		{"DurationThresholdOverTimeout", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, Timeout: awscdk.Duration_Seconds(jsii.Number(10)),
				DurationAlarmThreshold: awscdk.Duration_Seconds(jsii.Number(11))}
		}, "DurationAlarmThreshold must be more than 0 and at most the 10000 ms timeout (p99 cannot exceed it), got 11000 ms"},
		{"DurationThresholdOverDefaultTimeout", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, DurationAlarmThreshold: awscdk.Duration_Minutes(jsii.Number(1))}
		}, "DurationAlarmThreshold must be more than 0 and at most the 30000 ms timeout (p99 cannot exceed it), got 60000 ms"},
		{"EvaluationPeriodsZero", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, AlarmEvaluationPeriods: jsii.Number(0)}
		}, "AlarmEvaluationPeriods must be a whole number of minutes from 1 to 1440, got 0"},
		{"EvaluationPeriodsFraction", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, AlarmEvaluationPeriods: jsii.Number(2.5)}
		}, "AlarmEvaluationPeriods must be a whole number of minutes from 1 to 1440, got 2.5"},
		{"EvaluationPeriodsOverADay", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, AlarmEvaluationPeriods: jsii.Number(1441)}
		}, "AlarmEvaluationPeriods must be a whole number of minutes from 1 to 1440, got 1441"},
		{"UnknownApplicationLogLevel", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ApplicationLogLevel: "WARNING"}
		}, `ApplicationLogLevel must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL, got "WARNING"`},
		{"UnknownSystemLogLevel", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, SystemLogLevel: awslambda.SystemLogLevel("ERROR")}
		}, `SystemLogLevel must be DEBUG, INFO or WARN, got "ERROR"`},
		{"UnknownTracing", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, Tracing: "ON"}
		}, `Tracing must be ACTIVE, PASS_THROUGH or DISABLED, got "ON"`},
		{"ProvisionedFraction", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ProvisionedConcurrency: jsii.Number(1.5)}
		}, "ProvisionedConcurrency must be a whole number from 1, got 1.5"},
		{"ProvisionedAboveReserved", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ReservedConcurrentExecutions: jsii.Number(10), ProvisionedConcurrency: jsii.Number(12)}
		}, "ProvisionedConcurrency must be at most ReservedConcurrentExecutions (10): Lambda cannot keep more warm than the function may run, got 12"},
		{"ProvisionedMaxAboveReserved", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ReservedConcurrentExecutions: jsii.Number(10),
				ProvisionedConcurrency: jsii.Number(2), ProvisionedConcurrencyMax: jsii.Number(20)}
		}, "ProvisionedConcurrencyMax must be at most ReservedConcurrentExecutions (10): Lambda cannot keep more warm than the function may run, got 20"},
		{"ProvisionedMaxWithoutFloor", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ProvisionedConcurrencyMax: jsii.Number(5)}
		}, "ProvisionedConcurrencyMax needs ProvisionedConcurrency, the floor auto scaling keeps"},
		{"ProvisionedMaxBelowFloor", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ProvisionedConcurrency: jsii.Number(4), ProvisionedConcurrencyMax: jsii.Number(3)}
		}, "ProvisionedConcurrencyMax must be at least ProvisionedConcurrency (4), got 3"},
		{"UtilizationWithoutMax", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ProvisionedConcurrency: jsii.Number(2), ProvisionedConcurrencyUtilization: jsii.Number(0.5)}
		}, "ProvisionedConcurrencyUtilization needs ProvisionedConcurrencyMax: it is auto scaling's target"},
		{"UtilizationAsPercent", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, ProvisionedConcurrency: jsii.Number(2), ProvisionedConcurrencyMax: jsii.Number(4),
				ProvisionedConcurrencyUtilization: jsii.Number(70)}
		}, "ProvisionedConcurrencyUtilization must be more than 0 and at most 1 (a share, 0.7 for 70%), got 70"},
		{"StreamingWithMangum", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, UrlInvokeMode: awslambda.InvokeMode_RESPONSE_STREAM}
		}, "UrlInvokeMode RESPONSE_STREAM needs Adapter web-adapter: Mangum answers buffered, and a streaming URL would hand clients its raw payload"},
		{"UnknownAdapter", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, Adapter: "uvicorn"}
		}, `Adapter must be mangum or web-adapter, got "uvicorn"`},
		{"SnapStartWithProvisioned", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, SnapStart: jsii.Bool(true), ProvisionedConcurrency: jsii.Number(2)}
		}, "SnapStart cannot be combined with ProvisionedConcurrency: Lambda restores a version from its snapshot or keeps it warm, not both"},
		{"CorsAnyOriginWithCredentials", func(awscdk.Stack) *fastapilambda.ServiceProps {
			return &fastapilambda.ServiceProps{ImageDirectory: dir, UrlCors: &awslambda.FunctionUrlCorsOptions{
				AllowedOrigins: jsii.Strings("https://example.com", "*"), AllowCredentials: jsii.Bool(true),
			}}
		}, `UrlCors must not allow credentials from any origin, got AllowCredentials true with AllowedOrigins "*"`},
	}
}

// Each bad prop panics with a message naming the prop and the value, before
// the construct adds anything to its scope.
func TestInvalidPropsFailAtSynth(t *testing.T) {
	cases := invalidProps()
	dir := jsii.String(imageDir)
	// A separate app: the package's shared one is synthesized by other tests.
	invalidApp := cdktest.NewApp()
	t.Run("EveryProblemAtOnce", func(t *testing.T) {
		stack := awscdk.NewStack(invalidApp, jsii.String("InvalidMany"), nil)
		cdktest.MustPanic(t, strings.Join([]string{
			"fastapilambda: MemorySize must be between 128 and 10240 MiB, got 64 (at InvalidMany/Api)",
			"fastapilambda: Timeout must be between 1 and 900 seconds, got 960 seconds (at InvalidMany/Api)",
			`fastapilambda: AliasName must be 1 to 128 letters, digits, '-' or '_', and not only digits, got "42" (at InvalidMany/Api)`,
		}, "\n"), func() {
			fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
				ImageDirectory: dir, MemorySize: jsii.Number(64),
				Timeout: awscdk.Duration_Minutes(jsii.Number(16)), AliasName: jsii.String("42"),
			})
		})
		if n := len(*stack.Node().Children()); n != 0 {
			t.Fatalf("a rejected Service left %d constructs behind", n)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stack := awscdk.NewStack(invalidApp, jsii.String("Invalid"+tc.name), nil)
			props := tc.props(stack)
			before := len(*stack.Node().Children())
			cdktest.MustPanic(t, "fastapilambda: "+tc.want, func() {
				fastapilambda.NewService(stack, "Api", props)
			})
			if after := len(*stack.Node().Children()); after != before {
				t.Fatalf("a rejected Service left %d constructs behind", after-before)
			}
		})
	}
}
