package fastapilambda

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/awsnames"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/propcheck"
)

// Limits that Lambda and CodeDeploy enforce at deploy time, checked at synth
// so that a bad value fails in seconds rather than half-way through a stack update.
const (
	minMemorySizeMiB  = 128
	maxMemorySizeMiB  = 10240
	maxTimeoutSeconds = 900
	maxAliasNameLen   = 128
)

// Lambda alias names: letters, digits, hyphens and underscores, not only digits
// (an all-digit name would read as a version number).
var (
	aliasNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	allDigits        = regexp.MustCompile(`^[0-9]+$`)
)

// measured is what validation reads from the props' CDK objects, kept for
// building too: each read is a round trip to the jsii kernel.
type measured struct {
	// shift is what TrafficRouting describes; nil when it is not set.
	shift *trafficShift
	// timeoutMs and durationAlarmMs are the durations in milliseconds, when
	// set and known at synth (read is true); a token is left unread.
	timeoutMs, durationAlarmMs     float64
	timeoutRead, durationAlarmRead bool
}

// validate checks every prop that can be checked at synth and reports every
// problem at once, each naming the prop and the value received. It returns
// what it read for the checks.
func validate(scope constructs.Construct, id string, p *ServiceProps) (measured, error) {
	var m measured
	if t := p.Timeout; t != nil && !*t.IsUnresolved() {
		m.timeoutMs, m.timeoutRead = *t.ToMilliseconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)}), true
	}
	if d := p.DurationAlarmThreshold; d != nil && !*d.IsUnresolved() {
		m.durationAlarmMs, m.durationAlarmRead = *d.ToMilliseconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)}), true
	}
	problems := propcheck.New("fastapilambda")
	p.checkImage(problems)
	p.checkSizing(problems, m)
	p.checkAlias(problems)
	p.checkUrl(problems)
	p.checkAlarms(problems, m)
	p.checkObservability(problems)
	p.checkProvisioned(problems)
	m.shift = p.checkRelease(scope, problems)
	return m, problems.Err(func() string { return *scope.Node().Path() + "/" + id })
}

func (p *ServiceProps) checkImage(problems *propcheck.Problems) {
	switch {
	case p.ImageDirectory == nil && p.ImageRepository == nil:
		problems.Add("exactly one of ImageDirectory and ImageRepository is required, got neither")
	case p.ImageDirectory != nil && p.ImageRepository != nil:
		problems.Add("exactly one of ImageDirectory and ImageRepository is required, got both (ImageDirectory %q)", *p.ImageDirectory)
	case p.ImageDirectory != nil:
		dir := *p.ImageDirectory
		dockerfile := filepath.Join(dir, "Dockerfile")
		if info, err := os.Stat(dockerfile); err != nil || info.IsDir() {
			where := ""
			if !filepath.IsAbs(dir) {
				wd, _ := os.Getwd()
				where = fmt.Sprintf(", resolved against the working directory %s: pass an absolute path", wd)
			}
			problems.Add("ImageDirectory must hold a Dockerfile, got %q (no file %s%s)", dir, dockerfile, where)
		}
	}
	if p.ImageDirectory != nil && p.ImageTagOrDigest != nil {
		problems.Add("ImageTagOrDigest applies to ImageRepository only, got %q with ImageDirectory %q", *p.ImageTagOrDigest, *p.ImageDirectory)
	}
	if t := p.ImageTagOrDigest; t != nil && p.ImageRepository != nil {
		if err := awsnames.ImageTagOrDigest(*t); err != nil {
			problems.Add("ImageTagOrDigest %s, got %q", err, *t)
		}
	}
}

func (p *ServiceProps) checkSizing(problems *propcheck.Problems, read measured) {
	if m := p.MemorySize; m != nil && (*m < minMemorySizeMiB || *m > maxMemorySizeMiB) && !isToken(m) {
		problems.Add("MemorySize must be between %d and %d MiB, got %g", minMemorySizeMiB, maxMemorySizeMiB, *m)
	}
	if ms := read.timeoutMs; read.timeoutRead && (ms < 1000 || ms > maxTimeoutSeconds*1000) {
		problems.Add("Timeout must be between 1 and %d seconds, got %g seconds", maxTimeoutSeconds, ms/1000)
	}
	if r := p.ReservedConcurrentExecutions; r != nil && *r < 0 && !isToken(r) {
		problems.Add("ReservedConcurrentExecutions must be 0 or more, got %g", *r)
	}
}

func (p *ServiceProps) checkAlias(problems *propcheck.Problems) {
	if p.AliasName == nil {
		return
	}
	name := *p.AliasName
	if len(name) == 0 || len(name) > maxAliasNameLen || !aliasNamePattern.MatchString(name) || allDigits.MatchString(name) {
		problems.Add("AliasName must be 1 to %d letters, digits, '-' or '_', and not only digits, got %q", maxAliasNameLen, name)
	}
}

func (p *ServiceProps) checkUrl(problems *propcheck.Problems) {
	switch p.UrlAuthType {
	case "", awslambda.FunctionUrlAuthType_AWS_IAM, awslambda.FunctionUrlAuthType_NONE:
	default:
		problems.Add("UrlAuthType must be AWS_IAM or NONE, got %q", p.UrlAuthType)
	}
	switch p.UrlInvokeMode {
	case "", awslambda.InvokeMode_BUFFERED, awslambda.InvokeMode_RESPONSE_STREAM:
	default:
		problems.Add("UrlInvokeMode must be BUFFERED or RESPONSE_STREAM, got %q", p.UrlInvokeMode)
	}
	switch p.Adapter {
	case "", AdapterMangum, AdapterWebAdapter:
	default:
		problems.Add("Adapter must be %s or %s, got %q", AdapterMangum, AdapterWebAdapter, p.Adapter)
	}
	if p.UrlInvokeMode == awslambda.InvokeMode_RESPONSE_STREAM && (p.Adapter == "" || p.Adapter == AdapterMangum) {
		problems.Add("UrlInvokeMode RESPONSE_STREAM needs Adapter %s: Mangum answers buffered, and a streaming URL would hand clients its raw payload", AdapterWebAdapter)
	}
	if p.UrlCors == nil || p.UrlCors.AllowCredentials == nil || !*p.UrlCors.AllowCredentials || p.UrlCors.AllowedOrigins == nil {
		return
	}
	for _, origin := range *p.UrlCors.AllowedOrigins {
		if origin != nil && *origin == "*" {
			problems.Add(`UrlCors must not allow credentials from any origin, got AllowCredentials true with AllowedOrigins "*"`)
		}
	}
}

// CloudWatch evaluates at most a day of one-minute periods.
const maxEvaluationPeriods = 1440

func (p *ServiceProps) checkAlarms(problems *propcheck.Problems, read measured) {
	for _, threshold := range []struct {
		prop  string
		value *float64
	}{
		{"ErrorsAlarmThreshold", p.ErrorsAlarmThreshold},
		{"ThrottlesAlarmThreshold", p.ThrottlesAlarmThreshold},
		{"Url5xxAlarmThreshold", p.Url5xxAlarmThreshold},
	} {
		if v := threshold.value; v != nil && *v < 1 && !isToken(v) {
			problems.Add("%s must be 1 or more (a count per minute), got %g", threshold.prop, *v)
		}
	}
	if ms := read.durationAlarmMs; read.durationAlarmRead {
		timeoutMs := float64(DefaultTimeoutSeconds * 1000)
		if read.timeoutRead {
			timeoutMs = read.timeoutMs
		}
		if ms <= 0 || ms > timeoutMs {
			problems.Add("DurationAlarmThreshold must be more than 0 and at most the %g ms timeout (p99 cannot exceed it), got %g ms", timeoutMs, ms)
		}
	}
	if n := p.AlarmEvaluationPeriods; n != nil && (*n < 1 || *n > maxEvaluationPeriods || *n != float64(int(*n))) && !isToken(n) {
		problems.Add("AlarmEvaluationPeriods must be a whole number of minutes from 1 to %d, got %g", maxEvaluationPeriods, *n)
	}
}

func (p *ServiceProps) checkObservability(problems *propcheck.Problems) {
	switch p.ApplicationLogLevel {
	case "", awslambda.ApplicationLogLevel_TRACE, awslambda.ApplicationLogLevel_DEBUG, awslambda.ApplicationLogLevel_INFO,
		awslambda.ApplicationLogLevel_WARN, awslambda.ApplicationLogLevel_ERROR, awslambda.ApplicationLogLevel_FATAL:
	default:
		problems.Add("ApplicationLogLevel must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL, got %q", p.ApplicationLogLevel)
	}
	switch p.SystemLogLevel {
	case "", awslambda.SystemLogLevel_DEBUG, awslambda.SystemLogLevel_INFO, awslambda.SystemLogLevel_WARN:
	default:
		problems.Add("SystemLogLevel must be DEBUG, INFO or WARN, got %q", p.SystemLogLevel)
	}
	switch p.Tracing {
	case "", awslambda.Tracing_ACTIVE, awslambda.Tracing_PASS_THROUGH, awslambda.Tracing_DISABLED:
	default:
		problems.Add("Tracing must be ACTIVE, PASS_THROUGH or DISABLED, got %q", p.Tracing)
	}
}

// checkProvisioned checks the provisioned concurrency against itself and the
// reservation: Lambda refuses provisioned concurrency above the function's
// reserved concurrency, but only when the stack is already half-way through.
func (p *ServiceProps) checkProvisioned(problems *propcheck.Problems) {
	// A token is a huge negative number: each check asks isToken only of a
	// value that fails it, as isToken is a round trip to the jsii kernel.
	wholeFromOne := func(v *float64) bool { return *v >= 1 && *v == float64(int64(*v)) }
	floor, ceiling, reserved := p.ProvisionedConcurrency, p.ProvisionedConcurrencyMax, p.ReservedConcurrentExecutions
	if floor != nil && !wholeFromOne(floor) && !isToken(floor) {
		problems.Add("ProvisionedConcurrency must be a whole number from 1, got %g", *floor)
		floor = nil
	}
	if ceiling != nil && !wholeFromOne(ceiling) && !isToken(ceiling) {
		problems.Add("ProvisionedConcurrencyMax must be a whole number from 1, got %g", *ceiling)
		ceiling = nil
	}
	if u := p.ProvisionedConcurrencyUtilization; u != nil && (*u <= 0 || *u > 1) && !isToken(u) {
		problems.Add("ProvisionedConcurrencyUtilization must be more than 0 and at most 1 (a share, 0.7 for 70%%), got %g", *u)
	}
	// A token is a negative number, below any value it is compared with:
	// the comparisons leave it out.
	known := func(v *float64) *float64 {
		if v == nil || *v < 0 {
			return nil
		}
		return v
	}
	c := Concurrency{
		FloorSet:       p.ProvisionedConcurrency != nil,
		CeilingSet:     p.ProvisionedConcurrencyMax != nil,
		UtilizationSet: p.ProvisionedConcurrencyUtilization != nil,
		Floor:          known(floor),
		Ceiling:        known(ceiling),
		Reserved:       known(reserved),
	}
	names := propNames(0)
	if c.Reserved != nil {
		names = propNames(*c.Reserved)
	}
	problemList := CheckConcurrency(c, names)
	problemList = append(problemList, CheckSnapStart(p.snapStartOn(), p.ProvisionedConcurrency != nil, "SnapStart", "ProvisionedConcurrency")...)
	for _, problem := range problemList {
		problems.Add("%s", problem)
	}
}

func (p *ServiceProps) checkRelease(scope constructs.Construct, problems *propcheck.Problems) *trafficShift {
	if p.TrafficRouting != nil && p.DeploymentConfig != nil {
		problems.Add("TrafficRouting and DeploymentConfig cannot both be set: DeploymentConfig already says how traffic shifts")
	}
	if p.TrafficRouting == nil {
		return nil
	}
	shift, err := describeRouting(scope, p.TrafficRouting)
	if err != nil {
		problems.Add("%s", err)
		return nil
	}
	if shift.kind == allAtOnce {
		return &shift
	}
	if shift.percentage < 1 || shift.percentage > 99 {
		problems.Add("TrafficRouting percentage must be between 1 and 99, got %g (%s)", shift.percentage, shift.kind)
	}
	if shift.minutes < 1 {
		problems.Add("TrafficRouting interval must be at least 1 minute, got %g minutes (%s)", shift.minutes, shift.kind)
	}
	return &shift
}

// trafficShift is the plain-data view of an awscodedeploy.TrafficRouting.
type trafficShift struct {
	kind       string
	percentage float64
	minutes    float64
}

const (
	allAtOnce = "AllAtOnce"
	canary    = "TimeBasedCanary"
	linear    = "TimeBasedLinear"
)

// timeBased is what canary and linear routings share.
type timeBased interface {
	Interval() awscdk.Duration
	Percentage() *float64
}

// describeRouting reads the type, percentage and interval of a routing. CDK
// throws while binding a routing whose interval is not a whole number of
// minutes, so the interval is read and checked first, and the routing bound
// only when binding cannot throw.
func describeRouting(scope constructs.Construct, routing awscodedeploy.TrafficRouting) (trafficShift, error) {
	if timed, ok := routing.(timeBased); ok {
		minutes := *timed.Interval().ToMinutes(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
		if minutes != float64(int(minutes)) {
			return trafficShift{}, fmt.Errorf("TrafficRouting interval must be a whole number of minutes, got %g minutes", minutes)
		}
	}
	cfg := routing.Bind(scope)
	shift := trafficShift{kind: *cfg.Type}
	switch {
	case cfg.TimeBasedCanary != nil:
		shift.percentage = *cfg.TimeBasedCanary.CanaryPercentage
		shift.minutes = *cfg.TimeBasedCanary.CanaryInterval
	case cfg.TimeBasedLinear != nil:
		shift.percentage = *cfg.TimeBasedLinear.LinearPercentage
		shift.minutes = *cfg.TimeBasedLinear.LinearInterval
	}
	return shift, nil
}

// isToken says whether a number is a CDK token (a value known only at deploy
// time), which no range check applies to. Tokens are encoded as huge negative
// numbers, so callers ask only about a value that failed its check: a jsii
// round trip saved for every good value.
func isToken(v *float64) bool {
	return *awscdk.Token_IsUnresolved(v)
}
