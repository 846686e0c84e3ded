package fastapilambda_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// The app is built once for the package (jsii runs one node process per test
// binary); each stack exercises one set of props and is synthesized once.
var (
	app      awscdk.App
	imageDir string

	defaults, custom, fromEcr, granted, tuned, observed, quiet, snapped, streamed struct {
		stack    awscdk.Stack
		svc      fastapilambda.Service
		template assertions.Template
	}
	releaser          awsiam.Role
	dataBucket        awss3.Bucket
	executionRole     awsiam.Role
	hookPre, hookPost awslambda.Function
	passedRole        awsiam.Role
	extraAlarm        awscloudwatch.Alarm
	urlCaller         awsiam.Role
	alarmTopic        awssns.Topic
	logKey            awskms.Key
)

// routingCases are traffic shifts that CodeDeploy has a built-in configuration for.
var routingCases = []struct {
	name     string
	routing  func() awscodedeploy.TrafficRouting
	want     string
	template assertions.Template
}{
	{name: "AllAtOnce", routing: awscodedeploy.TrafficRouting_AllAtOnce, want: "CodeDeployDefault.LambdaAllAtOnce"},
	{name: "Canary10For15", routing: func() awscodedeploy.TrafficRouting {
		return awscodedeploy.TrafficRouting_TimeBasedCanary(&awscodedeploy.TimeBasedCanaryTrafficRoutingProps{
			Percentage: jsii.Number(10), Interval: awscdk.Duration_Minutes(jsii.Number(15)),
		})
	}, want: "CodeDeployDefault.LambdaCanary10Percent15Minutes"},
	{name: "Linear10Every1", routing: func() awscodedeploy.TrafficRouting {
		return awscodedeploy.TrafficRouting_TimeBasedLinear(&awscodedeploy.TimeBasedLinearTrafficRoutingProps{
			Percentage: jsii.Number(10), Interval: awscdk.Duration_Minutes(jsii.Number(1)),
		})
	}, want: "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"},
}

const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		var err error
		if imageDir, err = filepath.Abs("testdata/image"); err != nil {
			panic(err)
		}
		app = cdktest.NewApp()
		buildStacks()
		return m.Run()
	}()
	os.Exit(code)
}

func buildStacks() {
	streamed.stack = awscdk.NewStack(app, jsii.String("Streamed"), nil)
	streamed.svc = fastapilambda.NewService(streamed.stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(imageDir), Adapter: fastapilambda.AdapterWebAdapter,
	})
	snapped.stack = awscdk.NewStack(app, jsii.String("Snapped"), nil)
	snapped.svc = fastapilambda.NewService(snapped.stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(imageDir), SnapStart: jsii.Bool(true),
	})
	defaults.stack = awscdk.NewStack(app, jsii.String("Defaults"), nil)
	defaults.svc = fastapilambda.NewService(defaults.stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(imageDir),
	})
	urlCaller = awsiam.NewRole(defaults.stack, jsii.String("Caller"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewAccountRootPrincipal(),
	})
	defaults.svc.GrantInvokeUrl(urlCaller)

	custom.stack = awscdk.NewStack(app, jsii.String("Custom"), nil)
	hookPre = hookFunction(custom.stack, "PreHook")
	hookPost = hookFunction(custom.stack, "PostHook")
	passedRole = awsiam.NewRole(custom.stack, jsii.String("PassedRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("codedeploy.amazonaws.com"), nil),
	})
	extraAlarm = awscloudwatch.NewAlarm(custom.stack, jsii.String("Extra"), &awscloudwatch.AlarmProps{
		Metric:            awscloudwatch.NewMetric(&awscloudwatch.MetricProps{Namespace: jsii.String("App"), MetricName: jsii.String("Orders")}),
		Threshold:         jsii.Number(1),
		EvaluationPeriods: jsii.Number(1),
	})
	custom.svc = fastapilambda.NewService(custom.stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory:               jsii.String(imageDir),
		Architecture:                 awslambda.Architecture_X86_64(),
		MemorySize:                   jsii.Number(1024),
		Timeout:                      awscdk.Duration_Seconds(jsii.Number(60)),
		Environment:                  &map[string]*string{"STAGE": jsii.String("prod")},
		ReservedConcurrentExecutions: jsii.Number(5),
		LogRetention:                 awslogs.RetentionDays_ONE_WEEK,
		AliasName:                    jsii.String("prod"),
		UrlAuthType:                  awslambda.FunctionUrlAuthType_NONE,
		UrlCors: &awslambda.FunctionUrlCorsOptions{
			AllowedOrigins:   jsii.Strings("https://example.com"),
			AllowCredentials: jsii.Bool(true),
		},
		UrlInvokeMode: awslambda.InvokeMode_RESPONSE_STREAM,
		Adapter:       fastapilambda.AdapterWebAdapter,
		TrafficRouting: awscodedeploy.TrafficRouting_TimeBasedLinear(&awscodedeploy.TimeBasedLinearTrafficRoutingProps{
			Percentage: jsii.Number(20),
			Interval:   awscdk.Duration_Minutes(jsii.Number(2)),
		}),
		ServiceRole:     passedRole,
		ExtraAlarms:     &[]awscloudwatch.IAlarm{extraAlarm},
		PreTrafficHook:  hookPre,
		PostTrafficHook: hookPost,
	})

	fromEcr.stack = awscdk.NewStack(app, jsii.String("FromEcr"), nil)
	repo := awsecr.Repository_FromRepositoryName(fromEcr.stack, jsii.String("Repo"), jsii.String("my_app"))
	fromEcr.svc = fastapilambda.NewService(fromEcr.stack, "Api", &fastapilambda.ServiceProps{
		ImageRepository:  repo,
		ImageTagOrDigest: jsii.String(digest),
	})

	// Grants made to the service and by it.
	granted.stack = awscdk.NewStack(app, jsii.String("Granted"), nil)
	granted.svc = fastapilambda.NewService(granted.stack, "Api", &fastapilambda.ServiceProps{ImageDirectory: jsii.String(imageDir)})
	releaser = awsiam.NewRole(granted.stack, jsii.String("Releaser"), &awsiam.RoleProps{AssumedBy: awsiam.NewAccountRootPrincipal()})
	granted.svc.GrantRelease(releaser)
	dataBucket = awss3.NewBucket(granted.stack, jsii.String("Data"), nil)
	dataBucket.GrantRead(granted.svc, nil)

	// An execution role passed in, and alarms tuned.
	tuned.stack = awscdk.NewStack(app, jsii.String("Tuned"), nil)
	executionRole = awsiam.NewRole(tuned.stack, jsii.String("PassedExecutionRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	tuned.svc = fastapilambda.NewService(tuned.stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory:          jsii.String(imageDir),
		Role:                    executionRole,
		ErrorsAlarmThreshold:    jsii.Number(5),
		ThrottlesAlarmThreshold: jsii.Number(2),
		Url5xxAlarmThreshold:    jsii.Number(3),
		DurationAlarmThreshold:  awscdk.Duration_Seconds(jsii.Number(20)),
		AlarmEvaluationPeriods:  jsii.Number(3),
	})

	// Every operations prop set; and the dashboard turned off.
	observed.stack = awscdk.NewStack(app, jsii.String("Observed"), nil)
	alarmTopic = awssns.NewTopic(observed.stack, jsii.String("Alerts"), nil)
	logKey = awskms.NewKey(observed.stack, jsii.String("LogKey"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)})
	observed.svc = fastapilambda.NewService(observed.stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory:                    jsii.String(imageDir),
		ReservedConcurrentExecutions:      jsii.Number(20),
		ProvisionedConcurrency:            jsii.Number(2),
		ProvisionedConcurrencyMax:         jsii.Number(8),
		ProvisionedConcurrencyUtilization: jsii.Number(0.6),
		Tracing:                           awslambda.Tracing_ACTIVE,
		ApplicationLogLevel:               awslambda.ApplicationLogLevel_WARN,
		SystemLogLevel:                    awslambda.SystemLogLevel_DEBUG,
		AlarmTopic:                        alarmTopic,
		LogGroupEncryptionKey:             logKey,
	})
	quiet.stack = awscdk.NewStack(app, jsii.String("Quiet"), nil)
	quiet.svc = fastapilambda.NewService(quiet.stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory:         jsii.String(imageDir),
		ProvisionedConcurrency: jsii.Number(1),
		Dashboard:              jsii.Bool(false),
	})

	routingStacks := make([]awscdk.Stack, len(routingCases))
	for i, tc := range routingCases {
		routingStacks[i] = awscdk.NewStack(app, jsii.String("Routing"+tc.name), nil)
		fastapilambda.NewService(routingStacks[i], "Api", &fastapilambda.ServiceProps{
			ImageDirectory: jsii.String(imageDir),
			TrafficRouting: tc.routing(),
		})
	}

	// Synthesis starts here: the tree is complete.
	for i := range routingCases {
		routingCases[i].template = assertions.Template_FromStack(routingStacks[i], nil)
	}

	defaults.template = assertions.Template_FromStack(defaults.stack, nil)
	custom.template = assertions.Template_FromStack(custom.stack, nil)
	fromEcr.template = assertions.Template_FromStack(fromEcr.stack, nil)
	granted.template = assertions.Template_FromStack(granted.stack, nil)
	tuned.template = assertions.Template_FromStack(tuned.stack, nil)
	observed.template = assertions.Template_FromStack(observed.stack, nil)
	quiet.template = assertions.Template_FromStack(quiet.stack, nil)
	snapped.template = assertions.Template_FromStack(snapped.stack, nil)
	streamed.template = assertions.Template_FromStack(streamed.stack, nil)
}

func hookFunction(stack awscdk.Stack, id string) awslambda.Function {
	return awslambda.NewFunction(stack, jsii.String(id), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_PYTHON_3_13(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("def handler(event, context):\n    return None\n")),
	})
}

// obj and arr keep the expected templates readable.
type obj = map[string]interface{}
type arr = []interface{}

func like(o obj) assertions.Matcher { return assertions.Match_ObjectLike(&o) }
func with(a ...interface{}) assertions.Matcher {
	return assertions.Match_ArrayWith(&a)
}

func TestFunctionDefaults(t *testing.T) {
	fn := cdktest.LogicalID(defaults.svc.Function())
	logs := cdktest.LogicalID(defaults.svc.LogGroup())
	cdktest.Has(t, defaults.template, "AWS::Lambda::Function", obj{
		"PackageType":                  "Image",
		"Architectures":                arr{"arm64"},
		"MemorySize":                   512,
		"Timeout":                      30,
		"LoggingConfig":                obj{"LogGroup": obj{"Ref": logs}},
		"ReservedConcurrentExecutions": assertions.Match_Absent(),
		"Environment":                  assertions.Match_Absent(),
	})
	cdktest.Has(t, defaults.template, "AWS::Logs::LogGroup", obj{"RetentionInDays": 30})
	cdktest.Count(t, defaults.template, "AWS::Lambda::Function", 1)
	if got := *defaults.svc.Function().Node().Id(); got != "Function" {
		t.Fatalf("function construct ID = %q, want Function (%s)", got, fn)
	}
}

func TestFunctionCustomProps(t *testing.T) {
	cdktest.Has(t, custom.template, "AWS::Lambda::Function", obj{
		"PackageType":                  "Image",
		"Architectures":                arr{"x86_64"},
		"MemorySize":                   1024,
		"Timeout":                      60,
		"ReservedConcurrentExecutions": 5,
		"Environment":                  obj{"Variables": obj{"STAGE": "prod"}},
	})
	cdktest.Has(t, custom.template, "AWS::Logs::LogGroup", obj{"RetentionInDays": 7})
}

func TestExecutionRoleWritesOnlyItsLogGroup(t *testing.T) {
	role := cdktest.LogicalID(defaults.svc.Function().Role())
	logs := cdktest.LogicalID(defaults.svc.LogGroup())
	cdktest.Check(t, func() {
		defaults.template.HasResource(jsii.String("AWS::IAM::Role"), like(obj{
			"Properties": like(obj{
				"AssumeRolePolicyDocument": like(obj{"Statement": arr{like(obj{
					"Action": "sts:AssumeRole", "Principal": obj{"Service": "lambda.amazonaws.com"},
				})}}),
				"ManagedPolicyArns": assertions.Match_Absent(),
			}),
		}))
	})
	cdktest.Has(t, defaults.template, "AWS::IAM::Policy", obj{
		"Roles": arr{obj{"Ref": role}},
		"PolicyDocument": like(obj{"Statement": arr{obj{
			"Effect":   "Allow",
			"Action":   arr{"logs:CreateLogStream", "logs:PutLogEvents"},
			"Resource": obj{"Fn::GetAtt": arr{logs, "Arn"}},
		}}}),
	})
}

func TestAliasCarriesCodeDeployUpdatePolicy(t *testing.T) {
	app := cdktest.LogicalID(defaults.svc.Application())
	group := cdktest.LogicalID(defaults.svc.DeploymentGroup())
	fn := cdktest.LogicalID(defaults.svc.Function())
	cdktest.Check(t, func() {
		defaults.template.HasResource(jsii.String("AWS::Lambda::Alias"), like(obj{
			"Properties": obj{
				"Name":            "live",
				"FunctionName":    obj{"Ref": fn},
				"FunctionVersion": obj{"Fn::GetAtt": arr{assertions.Match_StringLikeRegexp(jsii.String("^ApiFunctionCurrentVersion")), "Version"}},
			},
			"UpdatePolicy": obj{"CodeDeployLambdaAliasUpdate": obj{
				"ApplicationName":     obj{"Ref": app},
				"DeploymentGroupName": obj{"Ref": group},
			}},
		}))
	})
	cdktest.Has(t, custom.template, "AWS::Lambda::Alias", obj{"Name": "prod"})
}

func TestUrlIsOnTheAlias(t *testing.T) {
	fn := cdktest.LogicalID(defaults.svc.Function())
	cdktest.Has(t, defaults.template, "AWS::Lambda::Url", obj{
		"AuthType":          "AWS_IAM",
		"InvokeMode":        "BUFFERED",
		"Qualifier":         "live",
		"TargetFunctionArn": obj{"Fn::GetAtt": arr{fn, "Arn"}},
		"Cors":              assertions.Match_Absent(),
	})
	// An AWS_IAM URL has no resource policy opening it to anyone.
	cdktest.Count(t, defaults.template, "AWS::Lambda::Permission", 0)
}

func TestPublicUrlIsExplicitAndOpen(t *testing.T) {
	cdktest.Has(t, custom.template, "AWS::Lambda::Url", obj{
		"AuthType":   "NONE",
		"InvokeMode": "RESPONSE_STREAM",
		"Qualifier":  "prod",
		"Cors":       obj{"AllowCredentials": true, "AllowOrigins": arr{"https://example.com"}},
	})
	alias := cdktest.LogicalID(custom.svc.Alias())
	cdktest.Has(t, custom.template, "AWS::Lambda::Permission", obj{
		"Action": "lambda:InvokeFunctionUrl", "Principal": "*", "FunctionUrlAuthType": "NONE",
		"FunctionName": obj{"Ref": alias},
	})
}

func TestGrantInvokeUrl(t *testing.T) {
	alias := cdktest.LogicalID(defaults.svc.Alias())
	caller := cdktest.LogicalID(urlCaller)
	cdktest.Has(t, defaults.template, "AWS::IAM::Policy", obj{
		"Roles": arr{obj{"Ref": caller}},
		"PolicyDocument": like(obj{"Statement": arr{
			obj{
				"Effect": "Allow", "Action": "lambda:InvokeFunctionUrl", "Resource": obj{"Ref": alias},
				"Condition": obj{"StringEquals": obj{"lambda:FunctionUrlAuthType": "AWS_IAM"}},
			},
			obj{
				"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": obj{"Ref": alias},
				"Condition": obj{"Bool": obj{"lambda:InvokedViaFunctionUrl": true}},
			},
		}}),
	})
	stack := awscdk.NewStack(cdktest.NewApp(), jsii.String("GrantOnPublicUrl"), nil)
	public := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
		ImageDirectory: jsii.String(imageDir),
		UrlAuthType:    awslambda.FunctionUrlAuthType_NONE,
	})
	cdktest.MustPanic(t, "GrantInvokeUrl needs UrlAuthType AWS_IAM, got NONE", func() {
		public.GrantInvokeUrl(awsiam.NewAccountRootPrincipal())
	})
}

func TestDeploymentGroupDefaults(t *testing.T) {
	app := cdktest.LogicalID(defaults.svc.Application())
	role := cdktest.LogicalID(defaults.svc.ServiceRole())
	cdktest.Has(t, defaults.template, "AWS::CodeDeploy::Application", obj{"ComputePlatform": "Lambda"})
	cdktest.Has(t, defaults.template, "AWS::CodeDeploy::DeploymentGroup", obj{
		"ApplicationName":      obj{"Ref": app},
		"ServiceRoleArn":       obj{"Fn::GetAtt": arr{role, "Arn"}},
		"DeploymentConfigName": "CodeDeployDefault.LambdaCanary10Percent5Minutes",
		"DeploymentStyle":      obj{"DeploymentOption": "WITH_TRAFFIC_CONTROL", "DeploymentType": "BLUE_GREEN"},
		"AutoRollbackConfiguration": obj{
			"Enabled": true,
			"Events":  arr{"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"},
		},
		"AlarmConfiguration": obj{"Enabled": true, "Alarms": alarmNames(defaults.stack, defaults.svc.Alarms())},
	})
	cdktest.Count(t, defaults.template, "AWS::CodeDeploy::DeploymentConfig", 0)
}

func alarmNames(stack awscdk.Stack, alarms []awscloudwatch.IAlarm) arr {
	names := arr{}
	for _, a := range alarms {
		names = append(names, obj{"Name": obj{"Ref": cdktest.LogicalID(a)}})
	}
	return names
}

func TestServiceRoleTrustAndScope(t *testing.T) {
	role := cdktest.LogicalID(defaults.svc.ServiceRole())
	fn := cdktest.LogicalID(defaults.svc.Function())
	alias := cdktest.LogicalID(defaults.svc.Alias())
	cdktest.Check(t, func() {
		defaults.template.HasResource(jsii.String("AWS::IAM::Role"), like(obj{
			"Properties": like(obj{
				"AssumeRolePolicyDocument": obj{"Version": "2012-10-17", "Statement": arr{obj{
					"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": obj{"Service": "codedeploy.amazonaws.com"},
					// Confused deputy: only this account's deployment groups of this application.
					"Condition": obj{
						"StringEquals": obj{"aws:SourceAccount": obj{"Ref": "AWS::AccountId"}},
						"ArnLike": obj{"aws:SourceArn": obj{"Fn::Join": arr{"", arr{
							"arn:", obj{"Ref": "AWS::Partition"}, ":codedeploy:", obj{"Ref": "AWS::Region"}, ":",
							obj{"Ref": "AWS::AccountId"}, ":deploymentgroup:", obj{"Ref": cdktest.LogicalID(defaults.svc.Application())}, "/*",
						}}}},
					},
				}}},
				"ManagedPolicyArns": assertions.Match_Absent(),
			}),
		}))
	})
	alarmArns := arr{}
	for _, a := range []awscloudwatch.Alarm{defaults.svc.DurationAlarm(), defaults.svc.ErrorsAlarm(), defaults.svc.ThrottlesAlarm(), defaults.svc.Url5xxAlarm()} {
		alarmArns = append(alarmArns, obj{"Fn::GetAtt": arr{cdktest.LogicalID(a), "Arn"}})
	}
	cdktest.Has(t, defaults.template, "AWS::IAM::Policy", obj{
		"Roles": arr{obj{"Ref": role}},
		"PolicyDocument": obj{"Version": "2012-10-17", "Statement": arr{
			obj{
				"Sid": "ShiftAlias", "Effect": "Allow",
				"Action":   arr{"lambda:GetAlias", "lambda:GetProvisionedConcurrencyConfig", "lambda:UpdateAlias"},
				"Resource": arr{obj{"Fn::GetAtt": arr{fn, "Arn"}}, obj{"Ref": alias}},
			},
			obj{"Sid": "ReadAlarms", "Effect": "Allow", "Action": "cloudwatch:DescribeAlarms", "Resource": alarmArns},
		}},
	})
}

func TestPassedServiceRoleIsUsedAndScoped(t *testing.T) {
	role := cdktest.LogicalID(passedRole)
	if custom.svc.ServiceRole() != awsiam.IRole(passedRole) {
		t.Fatalf("ServiceRole() is not the role passed in")
	}
	cdktest.Count(t, custom.template, "AWS::IAM::Role", 4) // execution role, passed role, two hook roles
	cdktest.Has(t, custom.template, "AWS::CodeDeploy::DeploymentGroup", obj{
		"ServiceRoleArn": obj{"Fn::GetAtt": arr{role, "Arn"}},
	})
	cdktest.Has(t, custom.template, "AWS::IAM::Role", obj{
		"AssumeRolePolicyDocument": like(obj{"Statement": arr{like(obj{"Principal": obj{"Service": "codedeploy.amazonaws.com"}})}}),
		"ManagedPolicyArns":        assertions.Match_Absent(),
	})
	cdktest.Has(t, custom.template, "AWS::IAM::Policy", obj{
		"Roles": arr{obj{"Ref": role}},
		"PolicyDocument": like(obj{"Statement": with(
			like(obj{"Sid": "ShiftAlias"}),
			obj{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": with(obj{"Fn::GetAtt": arr{cdktest.LogicalID(hookPre), "Arn"}})},
		)}),
	})
}

func TestHooksAndExtraAlarms(t *testing.T) {
	pre := cdktest.LogicalID(hookPre)
	post := cdktest.LogicalID(hookPost)
	cdktest.Check(t, func() {
		custom.template.HasResource(jsii.String("AWS::Lambda::Alias"), like(obj{
			"UpdatePolicy": obj{"CodeDeployLambdaAliasUpdate": like(obj{
				"BeforeAllowTrafficHook": obj{"Ref": pre},
				"AfterAllowTrafficHook":  obj{"Ref": post},
			})},
		}))
	})
	if n := len(custom.svc.Alarms()); n != 5 {
		t.Fatalf("Alarms() has %d alarms, want 5 (four built-in and the extra one)", n)
	}
	cdktest.Has(t, custom.template, "AWS::CodeDeploy::DeploymentGroup", obj{
		"AlarmConfiguration": obj{"Enabled": true, "Alarms": alarmNames(custom.stack, custom.svc.Alarms())},
	})
}

func TestCustomTrafficRoutingCreatesConfig(t *testing.T) {
	cfg := cdktest.LogicalID(custom.svc.DeploymentConfig())
	cdktest.Has(t, custom.template, "AWS::CodeDeploy::DeploymentConfig", obj{
		"ComputePlatform": "Lambda",
		"TrafficRoutingConfig": obj{
			"Type":            "TimeBasedLinear",
			"TimeBasedLinear": obj{"LinearInterval": 2, "LinearPercentage": 20},
		},
	})
	cdktest.Has(t, custom.template, "AWS::CodeDeploy::DeploymentGroup", obj{"DeploymentConfigName": obj{"Ref": cfg}})
}

func TestPredefinedTrafficRoutingUsesBuiltInConfig(t *testing.T) {
	for _, tc := range routingCases {
		t.Run(tc.name, func(t *testing.T) {
			cdktest.Has(t, tc.template, "AWS::CodeDeploy::DeploymentGroup", obj{"DeploymentConfigName": tc.want})
			cdktest.Count(t, tc.template, "AWS::CodeDeploy::DeploymentConfig", 0)
		})
	}
}

func TestAlarmsWatchTheAlias(t *testing.T) {
	fn := cdktest.LogicalID(defaults.svc.Function())
	dimensions := arr{
		obj{"Name": "FunctionName", "Value": obj{"Ref": fn}},
		obj{"Name": "Resource", "Value": obj{"Fn::Join": arr{"", arr{obj{"Ref": fn}, ":live"}}}},
	}
	cases := []struct {
		name  string
		alarm awscloudwatch.Alarm
		props obj
	}{
		{"Errors", defaults.svc.ErrorsAlarm(), obj{"MetricName": "Errors", "Statistic": "Sum", "Threshold": 1}},
		{"Throttles", defaults.svc.ThrottlesAlarm(), obj{"MetricName": "Throttles", "Statistic": "Sum", "Threshold": 1}},
		{"Url5xx", defaults.svc.Url5xxAlarm(), obj{"MetricName": "Url5xxCount", "Statistic": "Sum", "Threshold": 1}},
		{"Duration", defaults.svc.DurationAlarm(), obj{"MetricName": "Duration", "ExtendedStatistic": "p99", "Threshold": 27000}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			props := obj{
				"Namespace":          "AWS/Lambda",
				"Dimensions":         dimensions,
				"Period":             60,
				"EvaluationPeriods":  1,
				"ComparisonOperator": "GreaterThanOrEqualToThreshold",
				"TreatMissingData":   "notBreaching",
			}
			for k, v := range tc.props {
				props[k] = v
			}
			cdktest.Has(t, defaults.template, "AWS::CloudWatch::Alarm", props)
			if got := *tc.alarm.Node().Id(); got != tc.name+"Alarm" {
				t.Fatalf("construct ID = %q, want %sAlarm", got, tc.name)
			}
		})
	}
	// The duration alarm follows the timeout: 90% of 60 s.
	cdktest.Has(t, custom.template, "AWS::CloudWatch::Alarm", obj{"MetricName": "Duration", "Threshold": 54000})
}

func TestImageFromEcr(t *testing.T) {
	capture := assertions.NewCapture(nil)
	cdktest.Has(t, fromEcr.template, "AWS::Lambda::Function", obj{
		"PackageType": "Image",
		"Code":        obj{"ImageUri": capture},
	})
	uri, err := json.Marshal(capture.AsObject())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(uri), "/my_app@"+digest) {
		t.Fatalf("ImageUri %s does not name my_app@%s", uri, digest)
	}
}

// The image asset is built for the function's architecture.
func TestImageAssetPlatformMatchesArchitecture(t *testing.T) {
	assembly := app.Synth(nil)
	cases := map[string]string{"Defaults": "linux/arm64", "Custom": "linux/amd64"}
	for stack, want := range cases {
		t.Run(stack, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(*assembly.Directory(), stack+".assets.json"))
			if err != nil {
				t.Fatal(err)
			}
			var manifest struct {
				DockerImages map[string]struct {
					Source struct {
						Directory string `json:"directory"`
						Platform  string `json:"platform"`
					} `json:"source"`
				} `json:"dockerImages"`
			}
			if err := json.Unmarshal(raw, &manifest); err != nil {
				t.Fatal(err)
			}
			if len(manifest.DockerImages) != 1 {
				t.Fatalf("%d docker image assets, want 1", len(manifest.DockerImages))
			}
			for _, image := range manifest.DockerImages {
				if image.Source.Platform != want {
					t.Fatalf("image platform = %q, want %q", image.Source.Platform, want)
				}
			}
		})
	}
}

// GrantRelease gives exactly what releasing the service takes, and nothing else.
func TestGrantReleaseIsExactlyTheReleasePath(t *testing.T) {
	svc := granted.svc
	want := cdktest.ReleaseGrants(granted.stack, svc.ServiceRole().RoleArn(), svc.DeploymentGroup().DeploymentGroupArn(),
		svc.DeploymentConfig().DeploymentConfigArn(), svc.Application().ApplicationArn())
	got := cdktest.Grants(*granted.template.ToJSON(), cdktest.LogicalID(releaser))
	if len(got) == 0 {
		t.Fatal("GrantRelease granted nothing")
	}
	cdktest.SameGrants(t, got, want)
}

// The service is an IGrantable: a grant to it lands on its execution role.
func TestGrantsToTheServiceGoToItsExecutionRole(t *testing.T) {
	role := cdktest.LogicalID(granted.svc.Function().Role())
	bucket := cdktest.LogicalID(dataBucket)
	grants := cdktest.Grants(*granted.template.ToJSON(), role)
	want := cdktest.Grant{Action: `"s3:GetObject*"`, Resource: `{"Fn::Join":["",[{"Fn::GetAtt":["` + bucket + `","Arn"]},"/*"]]}`, Condition: "null"}
	if !grants[want] {
		t.Fatalf("bucket.GrantRead(svc) did not reach the execution role %s: its grants are %v", role, grants)
	}
	if granted.svc.GrantPrincipal() == nil {
		t.Fatal("GrantPrincipal() is nil")
	}
}

func TestPassedExecutionRoleIsUsed(t *testing.T) {
	role := cdktest.LogicalID(executionRole)
	cdktest.Has(t, tuned.template, "AWS::Lambda::Function", obj{"Role": obj{"Fn::GetAtt": arr{role, "Arn"}}})
	cdktest.Has(t, tuned.template, "AWS::IAM::Policy", obj{
		"Roles": arr{obj{"Ref": role}},
		"PolicyDocument": like(obj{"Statement": arr{obj{
			"Effect":   "Allow",
			"Action":   arr{"logs:CreateLogStream", "logs:PutLogEvents"},
			"Resource": obj{"Fn::GetAtt": arr{cdktest.LogicalID(tuned.svc.LogGroup()), "Arn"}},
		}}}),
	})
	cdktest.Count(t, tuned.template, "AWS::IAM::Role", 2) // the passed one and the CodeDeploy service role
}

func TestAlarmThresholdsAndPeriodsAreProps(t *testing.T) {
	for metric, threshold := range map[string]float64{"Errors": 5, "Throttles": 2, "Url5xxCount": 3, "Duration": 20000} {
		cdktest.Has(t, tuned.template, "AWS::CloudWatch::Alarm", obj{
			"MetricName": metric, "Threshold": threshold, "EvaluationPeriods": 3,
		})
	}
}

// A public URL with no concurrency cap warns at synth; a capped or private
// one does not.
func TestPublicUrlWithoutCapWarns(t *testing.T) {
	app := cdktest.NewApp()
	warnings := func(id string, props *fastapilambda.ServiceProps) int {
		stack := awscdk.NewStack(app, jsii.String(id), nil)
		props.ImageDirectory = jsii.String(imageDir)
		fastapilambda.NewService(stack, "Api", props)
		found := assertions.Annotations_FromStack(stack).FindWarning(jsii.String("*"),
			assertions.Match_StringLikeRegexp(jsii.String("public .*ReservedConcurrentExecutions")))
		return len(*found)
	}
	if n := warnings("Uncapped", &fastapilambda.ServiceProps{UrlAuthType: awslambda.FunctionUrlAuthType_NONE}); n != 1 {
		t.Errorf("public URL without a cap: %d warnings, want 1", n)
	}
	if n := warnings("Capped", &fastapilambda.ServiceProps{UrlAuthType: awslambda.FunctionUrlAuthType_NONE,
		ReservedConcurrentExecutions: jsii.Number(10)}); n != 0 {
		t.Errorf("capped public URL: %d warnings, want 0", n)
	}
	if n := warnings("Private", &fastapilambda.ServiceProps{}); n != 0 {
		t.Errorf("private URL: %d warnings, want 0", n)
	}
}
