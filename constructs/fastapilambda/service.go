package fastapilambda

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecrassets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Service is a FastAPI container on Lambda, served through a Function URL on
// an alias and released by a CodeDeploy deployment group. The accessors expose
// every resource it builds, for grants, outputs and escape hatches.
type Service interface {
	constructs.Construct
	// The function's execution role receives grants made to the service:
	// table.GrantReadData(svc).
	awsiam.IGrantable

	// Function is the container-image Lambda function.
	Function() awslambda.DockerImageFunction
	// LogGroup receives the function's logs.
	LogGroup() awslogs.LogGroup
	// Alias serves all traffic; CodeDeploy shifts it between versions.
	Alias() awslambda.Alias
	// Url is the Function URL, attached to Alias.
	Url() awslambda.FunctionUrl
	// Application is the CodeDeploy application.
	Application() awscodedeploy.LambdaApplication
	// DeploymentGroup releases new versions of Function through Alias. Its
	// alarms and its role's rights are kept in step by the construct: add an
	// alarm with AddAlarm, not DeploymentGroup().AddAlarm (the service role
	// could not read the alarm, and the next release would stop); hooks and
	// the traffic shift are props.
	DeploymentGroup() awscodedeploy.LambdaDeploymentGroup
	// DeploymentConfig says how DeploymentGroup shifts traffic.
	DeploymentConfig() awscodedeploy.ILambdaDeploymentConfig
	// ServiceRole is the role CodeDeploy assumes: the one passed in, or the one created.
	ServiceRole() awsiam.IRole

	// ErrorsAlarm fires when an invocation through the alias fails.
	ErrorsAlarm() awscloudwatch.Alarm
	// ThrottlesAlarm fires when an invocation through the alias is throttled.
	ThrottlesAlarm() awscloudwatch.Alarm
	// Url5xxAlarm fires when the Function URL answers with a 5xx status.
	Url5xxAlarm() awscloudwatch.Alarm
	// DurationAlarm fires when p99 duration reaches DurationAlarmThreshold.
	DurationAlarm() awscloudwatch.Alarm
	// Alarms lists every alarm that stops and rolls back a deployment: the four
	// above, then ServiceProps.ExtraAlarms, then those given to AddAlarm.
	Alarms() []awscloudwatch.IAlarm
	// AddAlarm makes alarm stop and roll back a deployment, like
	// ServiceProps.ExtraAlarms: the deployment group watches it, the
	// CodeDeploy role's ReadAlarms statement names it, and Alarms lists it.
	// The dashboard, written at construction, shows the built-in four.
	AddAlarm(alarm awscloudwatch.IAlarm)
	// Dashboard shows the service and its releases; nil when
	// ServiceProps.Dashboard is false. Its body is written whole, in one
	// call to CDK (a widget object per graph would cost a jsii round trip
	// each); add widgets in a dashboard of your own.
	Dashboard() awscloudwatch.CfnDashboard
	// Queries are the saved Logs Insights queries on LogGroup: errors with
	// their request ids, the slowest requests, and requests per version.
	Queries() []awslogs.CfnQueryDefinition

	// GrantInvokeUrl lets grantee call the AWS_IAM Function URL. It panics when
	// the URL's auth type is NONE, where a grant would mean nothing.
	GrantInvokeUrl(grantee awsiam.IGrantable) awsiam.Grant
	// GrantRelease lets grantee release this service: pass its CodeDeploy
	// service role, to CodeDeploy only; create, list, read and stop deployments in
	// its deployment group; read its deployment configuration; register and
	// read revisions of its application. Nothing else.
	GrantRelease(grantee awsiam.IGrantable) awsiam.Grant
}

type service struct {
	constructs.Construct

	function         awslambda.DockerImageFunction
	logGroup         awslogs.LogGroup
	alias            awslambda.Alias
	url              awslambda.FunctionUrl
	application      awscodedeploy.LambdaApplication
	deploymentGroup  awscodedeploy.LambdaDeploymentGroup
	deploymentConfig awscodedeploy.ILambdaDeploymentConfig
	serviceRole      awsiam.IRole
	serviceRoleArn   *string
	releaseArns      *releaseArns
	errorsAlarm      awscloudwatch.Alarm
	throttlesAlarm   awscloudwatch.Alarm
	url5xxAlarm      awscloudwatch.Alarm
	durationAlarm    awscloudwatch.Alarm
	alarms           []awscloudwatch.IAlarm
	alarmArns        []*string // of alarms, read once
	readAlarms       awsiam.PolicyStatement
	dashboard        awscloudwatch.CfnDashboard
	queries          []awslogs.CfnQueryDefinition
	urlAuthType      awslambda.FunctionUrlAuthType
	scope            constructs.Construct
	// stack holds the service; name is "STACK/PATH-IN-STACK", which names
	// the dashboard and the queries.
	stack awscdk.Stack
	name  string
}

// NewService builds the function, its log group, alias, Function URL, alarms and
// CodeDeploy application and deployment group. Nil props are not allowed (an
// image is required); every other prop has a default. It panics, before
// creating anything, when a prop is invalid.
func NewService(scope constructs.Construct, id string, props *ServiceProps) Service {
	if props == nil {
		panic("fastapilambda: props are required: set ImageDirectory or ImageRepository")
	}
	read, err := validate(scope, id, props)
	if err != nil {
		panic(err.Error())
	}
	p := withDefaults(*props, read)

	// Created as a subclass of Construct, so that jsii knows the service as
	// an IGrantable and grants can take it.
	s := &service{urlAuthType: p.UrlAuthType, scope: scope}
	constructs.NewConstruct_Override(s, scope, &id)
	s.stack, s.name = s.placement(id)
	s.buildFunction(p)
	s.buildUrl(p)
	s.buildAlarms(p)
	s.buildRelease(p, read.shift)
	s.buildQueries()
	if *p.Dashboard {
		s.buildDashboard(p)
	}
	if p.UrlAuthType == awslambda.FunctionUrlAuthType_NONE && p.ReservedConcurrentExecutions == nil {
		awscdk.Annotations_Of(s).AddWarningV2(jsii.String("fastapilambda:publicUrlUncapped"), jsii.String(
			"The Function URL is public (UrlAuthType NONE) and the function has no ReservedConcurrentExecutions: "+
				"anyone can make it scale up to the account's concurrency limit and bill for it. "+
				"Set ReservedConcurrentExecutions to cap it."), nil)
	}
	return s
}

// resolvedProps are the props with every default filled in, and the numbers
// the construct computes with as plain Go values: each read of a CDK object is
// a round trip to the jsii kernel, so each is read at most once.
type resolvedProps struct {
	ServiceProps
	timeoutMs       float64
	durationAlarmMs float64
	amd64           bool
}

// withDefaults returns a copy of p with every unset optional prop filled in,
// taking the durations validation read.
func withDefaults(p ServiceProps, read measured) resolvedProps {
	r := resolvedProps{timeoutMs: DefaultTimeoutSeconds * 1000}
	if p.Architecture == nil {
		p.Architecture = awslambda.Architecture_ARM_64()
	} else {
		r.amd64 = *p.Architecture.Name() == *awslambda.Architecture_X86_64().Name()
	}
	if p.MemorySize == nil {
		p.MemorySize = jsii.Number(DefaultMemorySizeMiB)
	}
	switch {
	case p.Timeout == nil:
		p.Timeout = awscdk.Duration_Seconds(jsii.Number(DefaultTimeoutSeconds))
	case read.timeoutRead:
		r.timeoutMs = read.timeoutMs
	default:
		r.timeoutMs = *p.Timeout.ToMilliseconds(nil)
	}
	if p.LogRetention == "" {
		p.LogRetention = awslogs.RetentionDays_ONE_MONTH
	}
	if p.AliasName == nil {
		p.AliasName = jsii.String(DefaultAliasName)
	}
	if p.UrlAuthType == "" {
		p.UrlAuthType = awslambda.FunctionUrlAuthType_AWS_IAM
	}
	if p.Adapter == "" {
		p.Adapter = AdapterMangum
	}
	if p.UrlInvokeMode == "" {
		p.UrlInvokeMode = awslambda.InvokeMode_BUFFERED
		if p.Adapter == AdapterWebAdapter {
			p.UrlInvokeMode = awslambda.InvokeMode_RESPONSE_STREAM
		}
	}
	if p.ImageRepository != nil && p.ImageTagOrDigest == nil {
		p.ImageTagOrDigest = jsii.String(DefaultImageTag)
	}
	if p.ErrorsAlarmThreshold == nil {
		p.ErrorsAlarmThreshold = jsii.Number(DefaultAlarmThreshold)
	}
	if p.ThrottlesAlarmThreshold == nil {
		p.ThrottlesAlarmThreshold = jsii.Number(DefaultAlarmThreshold)
	}
	if p.Url5xxAlarmThreshold == nil {
		p.Url5xxAlarmThreshold = jsii.Number(DefaultAlarmThreshold)
	}
	switch {
	case p.DurationAlarmThreshold == nil:
		r.durationAlarmMs = r.timeoutMs * DefaultDurationAlarmPercent / 100
	case read.durationAlarmRead:
		r.durationAlarmMs = read.durationAlarmMs
	default:
		r.durationAlarmMs = *p.DurationAlarmThreshold.ToMilliseconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
	}
	if p.AlarmEvaluationPeriods == nil {
		p.AlarmEvaluationPeriods = jsii.Number(DefaultAlarmEvaluationPeriods)
	}
	if p.ApplicationLogLevel == "" {
		p.ApplicationLogLevel = awslambda.ApplicationLogLevel_INFO
	}
	if p.SystemLogLevel == "" {
		p.SystemLogLevel = awslambda.SystemLogLevel_INFO
	}
	if p.Tracing == "" {
		p.Tracing = awslambda.Tracing_DISABLED
	}
	if p.ProvisionedConcurrencyMax != nil && p.ProvisionedConcurrencyUtilization == nil {
		p.ProvisionedConcurrencyUtilization = jsii.Number(DefaultProvisionedConcurrencyUtilization)
	}
	if p.Dashboard == nil {
		p.Dashboard = jsii.Bool(true)
	}
	r.ServiceProps = p
	return r
}

func (s *service) buildFunction(p resolvedProps) {
	s.logGroup = awslogs.NewLogGroup(s, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention:     p.LogRetention,
		EncryptionKey: p.LogGroupEncryptionKey,
	})
	if key, ok := p.LogGroupEncryptionKey.(awskms.Key); ok {
		s.letLogsUseKey(key)
	}

	// The execution role may write to its own log group and nothing else,
	// instead of the AWSLambdaBasicExecutionRole managed policy's logs:* on every group.
	role := p.Role
	if role == nil {
		role = awsiam.NewRole(s, jsii.String("ExecutionRole"), &awsiam.RoleProps{
			AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			Description: jsii.String("Runs the FastAPI function; writes only to its own log group."),
		})
	}
	s.logGroup.GrantWrite(role)

	s.function = awslambda.NewDockerImageFunction(s, jsii.String("Function"), &awslambda.DockerImageFunctionProps{
		Code:                         imageCode(p),
		Architecture:                 p.Architecture,
		MemorySize:                   p.MemorySize,
		Timeout:                      p.Timeout,
		Environment:                  environment(p),
		ReservedConcurrentExecutions: p.ReservedConcurrentExecutions,
		LogGroup:                     s.logGroup,
		LoggingFormat:                awslambda.LoggingFormat_JSON,
		ApplicationLogLevelV2:        p.ApplicationLogLevel,
		SystemLogLevelV2:             p.SystemLogLevel,
		Tracing:                      p.Tracing,
		Role:                         role,
		Description:                  jsii.String("FastAPI application served through a Function URL"),
		SnapStart:                    snapStart(&p.ServiceProps),
	})
	if p.snapStartOn() {
		// The alias publishes every version: there is always one to snapshot.
		awscdk.Annotations_Of(s.function).AcknowledgeWarning(jsii.String("@aws-cdk/aws-lambda:snapStartRequirePublish"),
			jsii.String("the alias publishes each version, which CodeDeploy shifts"))
	}

	s.alias = awslambda.NewAlias(s, jsii.String("Alias"), &awslambda.AliasProps{
		AliasName:                       p.AliasName,
		Version:                         s.function.CurrentVersion(),
		ProvisionedConcurrentExecutions: p.ProvisionedConcurrency,
	})
	if p.ProvisionedConcurrencyMax != nil {
		s.alias.AddAutoScaling(&awslambda.AutoScalingOptions{
			MinCapacity: p.ProvisionedConcurrency,
			MaxCapacity: p.ProvisionedConcurrencyMax,
		}).ScaleOnUtilization(&awslambda.UtilizationScalingOptions{
			UtilizationTarget: p.ProvisionedConcurrencyUtilization,
		})
	}
}

// letLogsUseKey lets CloudWatch Logs in this account and region use key for
// log groups, which a log group's KMS key needs in its key policy. The log
// group's own ARN cannot be named: the group refers to the key, and the key
// policy naming the group would make a cycle.
func (s *service) letLogsUseKey(key awskms.Key) {
	stack := s.stack
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("logs."+*stack.Region()+".amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]interface{}{
			"ArnLike": map[string]interface{}{"kms:EncryptionContext:aws:logs:arn": stack.FormatArn(&awscdk.ArnComponents{
				Service:      jsii.String("logs"),
				Resource:     jsii.String("log-group"),
				ArnFormat:    awscdk.ArnFormat_COLON_RESOURCE_NAME,
				ResourceName: jsii.String("*"),
			})},
		},
	}), nil)
}

func (p *ServiceProps) snapStartOn() bool { return p.SnapStart != nil && *p.SnapStart }

func snapStart(p *ServiceProps) awslambda.SnapStartConf {
	if p.snapStartOn() {
		return awslambda.SnapStartConf_ON_PUBLISHED_VERSIONS()
	}
	return nil
}

func imageCode(p resolvedProps) awslambda.DockerImageCode {
	if p.ImageRepository != nil {
		return awslambda.DockerImageCode_FromEcr(p.ImageRepository, &awslambda.EcrImageCodeProps{
			TagOrDigest: p.ImageTagOrDigest,
		})
	}
	platform := awsecrassets.Platform_LINUX_ARM64
	if p.amd64 {
		platform = awsecrassets.Platform_LINUX_AMD64
	}
	asset := &awslambda.AssetImageCodeProps{Platform: platform()}
	// Mangum is the Dockerfile's last stage, built without a target (so the
	// default image, and its asset hash, stay what they were).
	if p.Adapter == AdapterWebAdapter {
		asset.Target = jsii.String(string(AdapterWebAdapter))
	}
	return awslambda.DockerImageCode_FromImageAsset(p.ImageDirectory, asset)
}

// environment is the caller's environment, and for the web adapter the
// invoke mode it must answer in: the URL's.
func environment(p resolvedProps) *map[string]*string {
	if p.Adapter != AdapterWebAdapter {
		return p.Environment
	}
	env := map[string]*string{}
	if p.Environment != nil {
		for k, v := range *p.Environment {
			env[k] = v
		}
	}
	mode := "buffered"
	if p.UrlInvokeMode == awslambda.InvokeMode_RESPONSE_STREAM {
		mode = "response_stream"
	}
	env["AWS_LWA_INVOKE_MODE"] = jsii.String(mode)
	return &env
}

func (s *service) buildUrl(p resolvedProps) {
	s.url = awslambda.NewFunctionUrl(s, jsii.String("Url"), &awslambda.FunctionUrlProps{
		Function:   s.alias,
		AuthType:   p.UrlAuthType,
		Cors:       p.UrlCors,
		InvokeMode: p.UrlInvokeMode,
	})
}

func (s *service) buildAlarms(p resolvedProps) {
	oneMinute := awscdk.Duration_Minutes(jsii.Number(1))
	sum := &awscloudwatch.MetricOptions{Period: oneMinute, Statistic: jsii.String("Sum")}
	periods := p.AlarmEvaluationPeriods

	s.errorsAlarm = s.alarmAtOrAbove("ErrorsAlarm", s.alias.MetricErrors(sum), p.ErrorsAlarmThreshold, periods,
		"Invocations through the alias failed.")
	s.throttlesAlarm = s.alarmAtOrAbove("ThrottlesAlarm", s.alias.MetricThrottles(sum), p.ThrottlesAlarmThreshold, periods,
		"Invocations through the alias were throttled.")
	s.url5xxAlarm = s.alarmAtOrAbove("Url5xxAlarm", s.alias.Metric(jsii.String("Url5xxCount"), sum), p.Url5xxAlarmThreshold, periods,
		"The Function URL answered with 5xx statuses.")

	p99 := &awscloudwatch.MetricOptions{Period: oneMinute, Statistic: jsii.String("p99")}
	s.durationAlarm = s.alarmAtOrAbove("DurationAlarm", s.alias.MetricDuration(p99), jsii.Number(p.durationAlarmMs), periods,
		fmt.Sprintf("p99 duration reached %g ms (the timeout is %g ms).", p.durationAlarmMs, p.timeoutMs))

	s.alarms = []awscloudwatch.IAlarm{s.errorsAlarm, s.throttlesAlarm, s.url5xxAlarm, s.durationAlarm}
	if p.AlarmTopic != nil {
		notify := awscloudwatchactions.NewSnsAction(p.AlarmTopic)
		for _, alarm := range []awscloudwatch.Alarm{s.errorsAlarm, s.throttlesAlarm, s.url5xxAlarm, s.durationAlarm} {
			alarm.AddAlarmAction(notify)
			alarm.AddOkAction(notify)
		}
	}
	if p.ExtraAlarms != nil {
		s.alarms = append(s.alarms, *p.ExtraAlarms...)
	}
}

// alarmAtOrAbove alarms on periods breaching minutes. Missing data (no
// traffic) is not breaching, so an idle service does not block its own release.
func (s *service) alarmAtOrAbove(id string, metric awscloudwatch.IMetric, threshold, periods *float64, description string) awscloudwatch.Alarm {
	return awscloudwatch.NewAlarm(s, jsii.String(id), &awscloudwatch.AlarmProps{
		Metric:             metric,
		Threshold:          threshold,
		EvaluationPeriods:  periods,
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
		AlarmDescription:   jsii.String(description),
	})
}

func (s *service) buildRelease(p resolvedProps, shift *trafficShift) {
	s.application = awscodedeploy.NewLambdaApplication(s, jsii.String("Application"), nil)
	s.deploymentConfig = s.resolveDeploymentConfig(p, shift)

	role := p.ServiceRole
	// A created role takes statements through AddToPolicy, which answers a
	// boolean: AddToPrincipalPolicy answers a struct that jsii reads back
	// field by field.
	addToPolicy := func(statement awsiam.PolicyStatement) { role.AddToPrincipalPolicy(statement) }
	if role == nil {
		created := awsiam.NewRole(s, jsii.String("ServiceRole"), &awsiam.RoleProps{
			AssumedBy:   s.codeDeployPrincipal(),
			Description: jsii.String("Assumed by CodeDeploy to shift the alias of the FastAPI function."),
		})
		role = created
		addToPolicy = func(statement awsiam.PolicyStatement) { created.AddToPolicy(statement) }
	}
	s.serviceRole = role
	s.serviceRoleArn = role.RoleArn()
	s.grantServiceRole(p, addToPolicy)

	alarms := make([]interfacesawscloudwatch.IAlarmRef, len(s.alarms))
	for i, alarm := range s.alarms {
		alarms[i] = alarm
	}
	s.deploymentGroup = awscodedeploy.NewLambdaDeploymentGroup(s, jsii.String("DeploymentGroup"), &awscodedeploy.LambdaDeploymentGroupProps{
		Application:      s.application,
		Alias:            s.alias,
		DeploymentConfig: s.deploymentConfig,
		// An immutable view of the role: the scoped grants above replace the
		// AWSCodeDeployRoleForLambdaLimited managed policy (lambda:UpdateAlias
		// on every function) that the deployment group attaches to a mutable role.
		Role: awsiam.Role_FromRoleArn(s, jsii.String("ServiceRoleView"), s.serviceRoleArn, &awsiam.FromRoleArnOptions{
			Mutable: jsii.Bool(false),
		}),
		AutoRollback: &awscodedeploy.AutoRollbackConfig{
			FailedDeployment:  jsii.Bool(true),
			StoppedDeployment: jsii.Bool(true),
			DeploymentInAlarm: jsii.Bool(true),
		},
		Alarms:   &alarms,
		PreHook:  p.PreTrafficHook,
		PostHook: p.PostTrafficHook,
	})
}

// codeDeployPrincipal is CodeDeploy acting for this application's deployment
// groups in this account only: the confused-deputy conditions AWS documents
// for CodeDeploy service roles, so no other account's (or application's)
// deployment can make CodeDeploy assume the role.
func (s *service) codeDeployPrincipal() awsiam.IPrincipal {
	stack := s.stack
	groups := stack.FormatArn(&awscdk.ArnComponents{
		Service:      jsii.String("codedeploy"),
		Resource:     jsii.String("deploymentgroup"),
		ArnFormat:    awscdk.ArnFormat_COLON_RESOURCE_NAME,
		ResourceName: jsii.String(*s.application.ApplicationName() + "/*"),
	})
	return awsiam.NewServicePrincipal(jsii.String("codedeploy.amazonaws.com"), &awsiam.ServicePrincipalOpts{
		Conditions: &map[string]interface{}{
			"StringEquals": map[string]interface{}{"aws:SourceAccount": stack.Account()},
			"ArnLike":      map[string]interface{}{"aws:SourceArn": groups},
		},
	})
}

// grantServiceRole gives CodeDeploy what a Lambda deployment needs, on this
// function, alias, alarms and hooks only.
func (s *service) grantServiceRole(p resolvedProps, addToPolicy func(awsiam.PolicyStatement)) {
	addToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("ShiftAlias"),
		Actions:   jsii.Strings("lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"),
		Resources: &[]*string{s.function.FunctionArn(), s.alias.FunctionArn()},
	}))
	alarmArns := make([]*string, 0, len(s.alarms))
	for _, alarm := range s.alarms {
		alarmArns = append(alarmArns, alarm.AlarmArn())
	}
	s.alarmArns = alarmArns
	s.readAlarms = awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("ReadAlarms"),
		Actions:   jsii.Strings("cloudwatch:DescribeAlarms"),
		Resources: &alarmArns,
	})
	addToPolicy(s.readAlarms)
	for _, hook := range []awslambda.IFunction{p.PreTrafficHook, p.PostTrafficHook} {
		if hook != nil {
			hook.GrantInvoke(s.serviceRole)
		}
	}
}

// predefinedConfigs maps traffic shifts to CodeDeploy's built-in Lambda
// configurations, so the common ones need no custom resource.
var predefinedConfigs = map[trafficShift]func() awscodedeploy.ILambdaDeploymentConfig{
	{kind: allAtOnce}:                           awscodedeploy.LambdaDeploymentConfig_ALL_AT_ONCE,
	{kind: canary, percentage: 10, minutes: 5}:  awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_5MINUTES,
	{kind: canary, percentage: 10, minutes: 10}: awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_10MINUTES,
	{kind: canary, percentage: 10, minutes: 15}: awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_15MINUTES,
	{kind: canary, percentage: 10, minutes: 30}: awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_30MINUTES,
	{kind: linear, percentage: 10, minutes: 1}:  awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_1MINUTE,
	{kind: linear, percentage: 10, minutes: 2}:  awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_2MINUTES,
	{kind: linear, percentage: 10, minutes: 3}:  awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_3MINUTES,
	{kind: linear, percentage: 10, minutes: 10}: awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_10MINUTES,
}

func (s *service) resolveDeploymentConfig(p resolvedProps, shift *trafficShift) awscodedeploy.ILambdaDeploymentConfig {
	if p.DeploymentConfig != nil {
		return p.DeploymentConfig
	}
	if shift == nil {
		return awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_5MINUTES()
	}
	if predefined, ok := predefinedConfigs[*shift]; ok {
		return predefined()
	}
	return awscodedeploy.NewLambdaDeploymentConfig(s, jsii.String("DeploymentConfig"), &awscodedeploy.LambdaDeploymentConfigProps{
		TrafficRouting: p.TrafficRouting,
	})
}

func (s *service) Function() awslambda.DockerImageFunction                 { return s.function }
func (s *service) LogGroup() awslogs.LogGroup                              { return s.logGroup }
func (s *service) Alias() awslambda.Alias                                  { return s.alias }
func (s *service) Url() awslambda.FunctionUrl                              { return s.url }
func (s *service) Application() awscodedeploy.LambdaApplication            { return s.application }
func (s *service) DeploymentGroup() awscodedeploy.LambdaDeploymentGroup    { return s.deploymentGroup }
func (s *service) DeploymentConfig() awscodedeploy.ILambdaDeploymentConfig { return s.deploymentConfig }
func (s *service) ServiceRole() awsiam.IRole                               { return s.serviceRole }

func (s *service) AddAlarm(alarm awscloudwatch.IAlarm) {
	if alarm == nil {
		panic(fmt.Sprintf("fastapilambda: AddAlarm needs an alarm, got nil (at %s)", *s.Node().Path()))
	}
	s.deploymentGroup.AddAlarm(alarm)
	s.readAlarms.AddResources(alarm.AlarmArn())
	s.alarms = append(s.alarms, alarm)
}
func (s *service) ErrorsAlarm() awscloudwatch.Alarm    { return s.errorsAlarm }
func (s *service) ThrottlesAlarm() awscloudwatch.Alarm { return s.throttlesAlarm }
func (s *service) Url5xxAlarm() awscloudwatch.Alarm    { return s.url5xxAlarm }
func (s *service) DurationAlarm() awscloudwatch.Alarm  { return s.durationAlarm }

func (s *service) Dashboard() awscloudwatch.CfnDashboard { return s.dashboard }

func (s *service) Queries() []awslogs.CfnQueryDefinition {
	return append([]awslogs.CfnQueryDefinition(nil), s.queries...)
}

func (s *service) Alarms() []awscloudwatch.IAlarm {
	return append([]awscloudwatch.IAlarm(nil), s.alarms...)
}

func (s *service) GrantPrincipal() awsiam.IPrincipal { return s.function.GrantPrincipal() }

func (s *service) GrantRelease(grantee awsiam.IGrantable) awsiam.Grant {
	if s.releaseArns == nil {
		// Read once: each identity that releases the service grants on the same ARNs.
		s.releaseArns = &releaseArns{
			deploymentGroup:  s.deploymentGroup.DeploymentGroupArn(),
			deploymentConfig: s.deploymentConfig.DeploymentConfigArn(),
			application:      s.application.ApplicationArn(),
		}
	}
	arns := s.releaseArns
	grant := func(actions []string, resource *string, conditions *map[string]*map[string]interface{}) awsiam.Grant {
		return awsiam.Grant_AddToPrincipal(&awsiam.GrantOnPrincipalOptions{
			Grantee:      grantee,
			Actions:      jsii.Strings(actions...),
			ResourceArns: &[]*string{resource},
			Conditions:   conditions,
		})
	}
	passToCodeDeploy := &map[string]*map[string]interface{}{
		"StringEquals": {"iam:PassedToService": "codedeploy.amazonaws.com"},
	}
	return grant([]string{"iam:PassRole"}, s.serviceRoleArn, passToCodeDeploy).
		Combine(grant([]string{"codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:ListDeployments", "codedeploy:StopDeployment"},
			arns.deploymentGroup, nil)).
		Combine(grant([]string{"codedeploy:GetDeploymentConfig"}, arns.deploymentConfig, nil)).
		Combine(grant([]string{"codedeploy:RegisterApplicationRevision", "codedeploy:GetApplicationRevision"},
			arns.application, nil))
}

// releaseArns are the ARNs GrantRelease grants on, read from CDK once.
type releaseArns struct {
	deploymentGroup, deploymentConfig, application *string
}

func (s *service) GrantInvokeUrl(grantee awsiam.IGrantable) awsiam.Grant {
	if s.urlAuthType != awslambda.FunctionUrlAuthType_AWS_IAM {
		panic(fmt.Sprintf("fastapilambda: GrantInvokeUrl needs UrlAuthType AWS_IAM, got %s: anyone may already call this URL", s.urlAuthType))
	}
	return s.alias.GrantInvokeUrl(grantee)
}
