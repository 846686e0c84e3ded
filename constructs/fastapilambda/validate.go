package fastapilambda

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

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

// validate checks every prop that can be checked at synth and returns the first
// problem found, naming the prop and the value received.
func validate(scope constructs.Construct, p *ServiceProps) error {
	return propcheck.First("fastapilambda",
		p.validateImage,
		p.validateSizing,
		p.validateAlias,
		p.validateUrl,
		func() error { return p.validateRelease(scope) },
	)
}

func (p *ServiceProps) validateImage() error {
	switch {
	case p.ImageDirectory == nil && p.ImageRepository == nil:
		return errors.New("exactly one of ImageDirectory and ImageRepository is required, got neither")
	case p.ImageDirectory != nil && p.ImageRepository != nil:
		return fmt.Errorf("exactly one of ImageDirectory and ImageRepository is required, got both (ImageDirectory %q)", *p.ImageDirectory)
	case p.ImageDirectory != nil && p.ImageTagOrDigest != nil:
		return fmt.Errorf("ImageTagOrDigest applies to ImageRepository only, got %q with ImageDirectory %q", *p.ImageTagOrDigest, *p.ImageDirectory)
	case p.ImageTagOrDigest != nil && *p.ImageTagOrDigest == "":
		return errors.New(`ImageTagOrDigest must not be empty, got ""`)
	case p.ImageDirectory != nil:
		dockerfile := filepath.Join(*p.ImageDirectory, "Dockerfile")
		if info, err := os.Stat(dockerfile); err != nil || info.IsDir() {
			return fmt.Errorf("ImageDirectory must hold a Dockerfile, got %q (no file %s)", *p.ImageDirectory, dockerfile)
		}
	}
	return nil
}

func (p *ServiceProps) validateSizing() error {
	if m := p.MemorySize; m != nil && !isToken(m) && (*m < minMemorySizeMiB || *m > maxMemorySizeMiB) {
		return fmt.Errorf("MemorySize must be between %d and %d MiB, got %g", minMemorySizeMiB, maxMemorySizeMiB, *m)
	}
	if t := p.Timeout; t != nil && !*t.IsUnresolved() {
		ms := *t.ToMilliseconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
		if ms < 1000 || ms > maxTimeoutSeconds*1000 {
			return fmt.Errorf("Timeout must be between 1 and %d seconds, got %g seconds", maxTimeoutSeconds, ms/1000)
		}
	}
	if r := p.ReservedConcurrentExecutions; r != nil && !isToken(r) && *r < 0 {
		return fmt.Errorf("ReservedConcurrentExecutions must be 0 or more, got %g", *r)
	}
	return nil
}

func (p *ServiceProps) validateAlias() error {
	if p.AliasName == nil {
		return nil
	}
	name := *p.AliasName
	if len(name) == 0 || len(name) > maxAliasNameLen || !aliasNamePattern.MatchString(name) || allDigits.MatchString(name) {
		return fmt.Errorf("AliasName must be 1 to %d letters, digits, '-' or '_', and not only digits, got %q", maxAliasNameLen, name)
	}
	return nil
}

func (p *ServiceProps) validateUrl() error {
	switch p.UrlAuthType {
	case "", awslambda.FunctionUrlAuthType_AWS_IAM, awslambda.FunctionUrlAuthType_NONE:
	default:
		return fmt.Errorf("UrlAuthType must be AWS_IAM or NONE, got %q", p.UrlAuthType)
	}
	switch p.UrlInvokeMode {
	case "", awslambda.InvokeMode_BUFFERED, awslambda.InvokeMode_RESPONSE_STREAM:
	default:
		return fmt.Errorf("UrlInvokeMode must be BUFFERED or RESPONSE_STREAM, got %q", p.UrlInvokeMode)
	}
	return p.validateCors()
}

func (p *ServiceProps) validateCors() error {
	if p.UrlCors == nil || p.UrlCors.AllowCredentials == nil || !*p.UrlCors.AllowCredentials || p.UrlCors.AllowedOrigins == nil {
		return nil
	}
	for _, origin := range *p.UrlCors.AllowedOrigins {
		if origin != nil && *origin == "*" {
			return errors.New(`UrlCors must not allow credentials from any origin, got AllowCredentials true with AllowedOrigins "*"`)
		}
	}
	return nil
}

func (p *ServiceProps) validateRelease(scope constructs.Construct) error {
	if p.TrafficRouting != nil && p.DeploymentConfig != nil {
		return errors.New("TrafficRouting and DeploymentConfig cannot both be set: DeploymentConfig already says how traffic shifts")
	}
	if p.TrafficRouting == nil {
		return nil
	}
	shift, err := describeRouting(scope, p.TrafficRouting)
	if err != nil {
		return err
	}
	if shift.kind == allAtOnce {
		return nil
	}
	if shift.percentage < 1 || shift.percentage > 99 {
		return fmt.Errorf("TrafficRouting percentage must be between 1 and 99, got %g (%s)", shift.percentage, shift.kind)
	}
	if shift.minutes < 1 {
		return fmt.Errorf("TrafficRouting interval must be at least 1 minute, got %g minutes (%s)", shift.minutes, shift.kind)
	}
	return nil
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

// describeRouting reads the type, percentage and interval of a routing. CDK
// converts the interval to minutes while binding and throws when it is not a
// whole number of minutes; that is turned into a prop error here.
func describeRouting(scope constructs.Construct, routing awscodedeploy.TrafficRouting) (shift trafficShift, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("TrafficRouting interval must be a whole number of minutes (%v)", r)
		}
	}()
	cfg := routing.Bind(scope)
	shift.kind = *cfg.Type
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

func isToken(v *float64) bool {
	return *awscdk.Token_IsUnresolved(v)
}
