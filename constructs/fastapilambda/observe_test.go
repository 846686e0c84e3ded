package fastapilambda_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

func TestLogsAreJsonWithLevels(t *testing.T) {
	cdktest.Has(t, defaults.template, "AWS::Lambda::Function", obj{
		"LoggingConfig": obj{
			"LogFormat":           "JSON",
			"ApplicationLogLevel": "INFO",
			"SystemLogLevel":      "INFO",
			"LogGroup":            obj{"Ref": cdktest.LogicalID(defaults.svc.LogGroup())},
		},
	})
	cdktest.Has(t, observed.template, "AWS::Lambda::Function", obj{
		"LoggingConfig": like(obj{"LogFormat": "JSON", "ApplicationLogLevel": "WARN", "SystemLogLevel": "DEBUG"}),
	})
}

func TestTracingIsOffUnlessAsked(t *testing.T) {
	cdktest.Has(t, defaults.template, "AWS::Lambda::Function", obj{"TracingConfig": assertions.Match_Absent()})
	if grants := cdktest.Grants(*defaults.template.ToJSON(), cdktest.LogicalID(defaults.svc.Function().Role())); len(grants) != 2 {
		t.Errorf("the default execution role has %d grants, want only the 2 on its log group: %v", len(grants), grants)
	}

	cdktest.Has(t, observed.template, "AWS::Lambda::Function", obj{"TracingConfig": obj{"Mode": "Active"}})
	grants := cdktest.Grants(*observed.template.ToJSON(), cdktest.LogicalID(observed.svc.Function().Role()))
	for _, action := range []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"} {
		if !grants[cdktest.Grant{Action: `"` + action + `"`, Resource: `"*"`, Condition: "null"}] {
			t.Errorf("tracing: the execution role lacks %s: %v", action, grants)
		}
	}
	// The log group's two, and X-Ray's two: nothing more for tracing.
	if len(grants) != 4 {
		t.Errorf("tracing: the execution role has %d grants, want 4: %v", len(grants), grants)
	}
}

func TestLogGroupEncryptionKey(t *testing.T) {
	key := cdktest.LogicalID(logKey)
	cdktest.Has(t, observed.template, "AWS::Logs::LogGroup", obj{"KmsKeyId": obj{"Fn::GetAtt": arr{key, "Arn"}}})
	cdktest.Has(t, observed.template, "AWS::KMS::Key", obj{
		"KeyPolicy": like(obj{"Statement": with(like(obj{
			"Principal": obj{"Service": obj{"Fn::Join": arr{"", arr{"logs.", obj{"Ref": "AWS::Region"}, ".amazonaws.com"}}}},
			"Condition": obj{"ArnLike": obj{"kms:EncryptionContext:aws:logs:arn": obj{"Fn::Join": arr{"", arr{
				"arn:", obj{"Ref": "AWS::Partition"}, ":logs:", obj{"Ref": "AWS::Region"}, ":", obj{"Ref": "AWS::AccountId"}, ":log-group:*",
			}}}}},
		}))}),
	})
	cdktest.Has(t, defaults.template, "AWS::Logs::LogGroup", obj{"KmsKeyId": assertions.Match_Absent()})
}

func TestAlarmTopicHearsFiringAndRecovery(t *testing.T) {
	topic := arr{obj{"Ref": cdktest.LogicalID(alarmTopic)}}
	for _, alarm := range []awscloudwatch.Alarm{observed.svc.ErrorsAlarm(), observed.svc.ThrottlesAlarm(), observed.svc.Url5xxAlarm(), observed.svc.DurationAlarm()} {
		props := cdktest.Resources(*observed.template.ToJSON(), "AWS::CloudWatch::Alarm")[cdktest.LogicalID(alarm)]["Properties"].(obj)
		for _, key := range []string{"AlarmActions", "OKActions"} {
			if got, want := cdktest.MustJSON(props[key]), cdktest.MustJSON(topic); got != want {
				t.Errorf("%s %s = %s, want %s", *alarm.Node().Id(), key, got, want)
			}
		}
	}
	cdktest.Has(t, defaults.template, "AWS::CloudWatch::Alarm", obj{"AlarmActions": assertions.Match_Absent(), "OKActions": assertions.Match_Absent()})
}

func TestProvisionedConcurrencyOnTheAlias(t *testing.T) {
	alias := cdktest.LogicalID(observed.svc.Alias())
	cdktest.Has(t, observed.template, "AWS::Lambda::Alias", obj{"ProvisionedConcurrencyConfig": obj{"ProvisionedConcurrentExecutions": 2}})
	cdktest.Has(t, observed.template, "AWS::ApplicationAutoScaling::ScalableTarget", obj{
		"MinCapacity": 2, "MaxCapacity": 8,
		"ScalableDimension": "lambda:function:ProvisionedConcurrency",
		"ResourceId":        obj{"Fn::Join": arr{"", arr{"function:", obj{"Fn::Select": arr{6, obj{"Fn::Split": arr{":", obj{"Ref": alias}}}}}, ":live"}}},
	})
	cdktest.Has(t, observed.template, "AWS::ApplicationAutoScaling::ScalingPolicy", obj{
		"PolicyType": "TargetTrackingScaling",
		"TargetTrackingScalingPolicyConfiguration": obj{
			"PredefinedMetricSpecification": obj{"PredefinedMetricType": "LambdaProvisionedConcurrencyUtilization"},
			"TargetValue":                   0.6,
		},
	})
	// Fixed, without auto scaling.
	cdktest.Has(t, quiet.template, "AWS::Lambda::Alias", obj{"ProvisionedConcurrencyConfig": obj{"ProvisionedConcurrentExecutions": 1}})
	cdktest.Count(t, quiet.template, "AWS::ApplicationAutoScaling::ScalableTarget", 0)
	cdktest.Has(t, defaults.template, "AWS::Lambda::Alias", obj{"ProvisionedConcurrencyConfig": assertions.Match_Absent()})
}

func TestSavedQueries(t *testing.T) {
	group := arr{obj{"Ref": cdktest.LogicalID(defaults.svc.LogGroup())}}
	want := map[string][]string{
		"Defaults/Api/" + fastapilambda.ErrorsQueryName: {
			"fields @timestamp, requestId, level, message, method, path, status, errorType, errorMessage",
			`| filter level in ["ERROR", "CRITICAL", "FATAL"] or status >= 500 or ispresent(errorType)`,
			"| sort @timestamp desc",
		},
		"Defaults/Api/" + fastapilambda.SlowestRequestsQueryName: {
			"fields @timestamp, requestId, method, path, status, duration_ms",
			`| filter message = "request"`,
			"| sort duration_ms desc",
		},
		"Defaults/Api/" + fastapilambda.RequestsPerVersionName: {
			`parse @logStream "[*]" as version`,
			`| filter message = "request"`,
			"| stats count(*) as requests, pct(duration_ms, 99) as p99_ms by version, bin(5m)",
		},
	}
	queries := cdktest.Resources(*defaults.template.ToJSON(), "AWS::Logs::QueryDefinition")
	if len(queries) != len(want) || len(defaults.svc.Queries()) != len(want) {
		t.Fatalf("%d query definitions (%d from Queries()), want %d", len(queries), len(defaults.svc.Queries()), len(want))
	}
	for _, q := range queries {
		props := q["Properties"].(obj)
		name := props["Name"].(string)
		lines, ok := want[name]
		if !ok {
			t.Errorf("unexpected query %q", name)
			continue
		}
		if got := cdktest.MustJSON(props["LogGroupNames"]); got != cdktest.MustJSON(group) {
			t.Errorf("%s runs on %s, want the function's log group", name, got)
		}
		for _, line := range lines {
			if !strings.Contains(props["QueryString"].(string), line) {
				t.Errorf("%s lacks %q:\n%s", name, line, props["QueryString"])
			}
		}
	}
}

// The queries read the fields the app writes: each one is a key the app's
// logging code writes, so renaming one there breaks this test, not the
// saved queries in production.
func TestQueriesUseTheAppsLogFields(t *testing.T) {
	var source strings.Builder
	for _, file := range []string{"logs.py", "middleware.py"} {
		raw, err := os.ReadFile(filepath.Join(cdktest.RepoRoot(), "lambda-app", "service", file))
		if err != nil {
			t.Fatal(err)
		}
		source.Write(raw)
	}
	for _, field := range []string{"requestId", "level", "message", "method", "path", "status", "duration_ms"} {
		if !strings.Contains(source.String(), `"`+field+`"`) {
			t.Errorf("the queries read %q, which lambda-app/service/logs.py and middleware.py never write", field)
		}
	}
	if !strings.Contains(source.String(), `logger.info(
                "request",`) && !strings.Contains(source.String(), `logger.info("request"`) {
		t.Error(`the queries filter on message "request", the app's access line, which middleware.py no longer writes`)
	}
}

// dashboardBody returns the dashboard's JSON with each reference written
// ${LogicalId} or ${LogicalId.Attribute}, decoded.
func dashboardBody(t *testing.T, template assertions.Template) (name string, body map[string]interface{}) {
	t.Helper()
	dashboards := cdktest.Resources(*template.ToJSON(), "AWS::CloudWatch::Dashboard")
	if len(dashboards) != 1 {
		t.Fatalf("%d dashboards, want 1", len(dashboards))
	}
	for _, d := range dashboards {
		props := d["Properties"].(obj)
		if err := json.Unmarshal([]byte(flatten(t, props["DashboardBody"])), &body); err != nil {
			t.Fatalf("dashboard body: %v", err)
		}
		name = flatten(t, props["DashboardName"])
	}
	return name, body
}

func flatten(t *testing.T, v interface{}) string {
	switch v := v.(type) {
	case string:
		return v
	case obj:
		if ref, ok := v["Ref"]; ok {
			return "${" + ref.(string) + "}"
		}
		if att, ok := v["Fn::GetAtt"].(arr); ok {
			return fmt.Sprintf("${%s.%s}", att[0], att[1])
		}
		if join, ok := v["Fn::Join"].(arr); ok {
			var out strings.Builder
			for _, part := range join[1].(arr) {
				out.WriteString(flatten(t, part))
			}
			return out.String()
		}
	}
	t.Fatalf("cannot flatten %s", cdktest.MustJSON(v))
	return ""
}

type widget struct {
	Type       string
	Width      float64
	Properties struct {
		Title       string
		Alarms      []string
		Metrics     [][]interface{}
		Annotations struct {
			Alarms     []string
			Horizontal []struct {
				Value float64
				Label string
			}
		}
	}
}

func widgets(t *testing.T, body map[string]interface{}) []widget {
	t.Helper()
	var out []widget
	if err := json.Unmarshal([]byte(cdktest.MustJSON(body["widgets"])), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// metricsOf describes each metric line of a widget: "Namespace MetricName
// Dim=Value ... stat" or the expression of a search.
func metricsOf(w widget) []string {
	var out []string
	for _, line := range w.Properties.Metrics {
		var parts []string
		for _, item := range line {
			switch item := item.(type) {
			case string:
				parts = append(parts, item)
			case map[string]interface{}:
				if expr, ok := item["expression"]; ok {
					parts = append(parts, expr.(string))
				}
				if stat, ok := item["stat"]; ok {
					parts = append(parts, stat.(string))
				}
			}
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

func TestDashboardShowsReleasesAndTheService(t *testing.T) {
	fn := "${" + cdktest.LogicalID(defaults.svc.Function()) + "}"
	alarmArns := func(svc fastapilambda.Service) []string {
		var arns []string
		for _, alarm := range svc.Alarms() {
			arns = append(arns, "${"+cdktest.LogicalID(alarm)+".Arn}")
		}
		return arns
	}
	name, body := dashboardBody(t, defaults.template)
	if name != "Defaults-Api-${AWS::Region}" {
		t.Errorf("dashboard name %q, want the stack, the service and the region", name)
	}
	if defaults.svc.Dashboard() == nil {
		t.Error("Dashboard() is nil")
	}
	got := widgets(t, body)
	search := func(metric, stat string) string {
		return fmt.Sprintf(`SEARCH('{AWS/Lambda,ExecutedVersion,FunctionName,Resource} MetricName="%s" FunctionName="%s" Resource="%s:live"', '%s', 60)`,
			metric, fn, fn, stat)
	}
	onAlias := func(metric, stat string) string {
		return fmt.Sprintf("AWS/Lambda %s FunctionName %s Resource %s:live %s", metric, fn, fn, stat)
	}
	want := []struct {
		title   string
		width   float64
		metrics []string
	}{
		{"Rollback alarms: one in ALARM stops a release and rolls it back", 24, nil},
		{"Invocations per version", 8, []string{search("Invocations", "Sum")}},
		{"Errors per version", 8, []string{search("Errors", "Sum")}},
		{"p99 duration per version (ms)", 8, []string{search("Duration", "p99")}},
		{"Function URL requests", 8, []string{onAlias("UrlRequestCount", "Sum"), onAlias("Url4xxCount", "Sum"), onAlias("Url5xxCount", "Sum")}},
		{"Duration (ms)", 8, []string{onAlias("Duration", "p50"), onAlias("Duration", "p90"), onAlias("Duration", "p99")}},
		{"Concurrency", 8, []string{onAlias("ConcurrentExecutions", "Maximum")}},
		{"Errors (rollback alarm)", 6, nil},
		{"Throttles (rollback alarm)", 6, nil},
		{"URL 5xx (rollback alarm)", 6, nil},
		{"p99 duration (rollback alarm)", 6, nil},
	}
	if len(got) != len(want) {
		t.Fatalf("%d widgets, want %d: %s", len(got), len(want), cdktest.MustJSON(body))
	}
	for i, w := range want {
		g := got[i]
		if g.Properties.Title != w.title || g.Width != w.width {
			t.Errorf("widget %d is %q (width %g), want %q (width %g)", i, g.Properties.Title, g.Width, w.title, w.width)
		}
		if w.metrics != nil && cdktest.MustJSON(metricsOf(g)) != cdktest.MustJSON(w.metrics) {
			t.Errorf("widget %q shows\n  %s\nwant\n  %s", w.title, strings.Join(metricsOf(g), "\n  "), strings.Join(w.metrics, "\n  "))
		}
	}
	if cdktest.MustJSON(got[0].Properties.Alarms) != cdktest.MustJSON(alarmArns(defaults.svc)) {
		t.Errorf("alarm status widget lists %v, want the rollback alarms %v", got[0].Properties.Alarms, alarmArns(defaults.svc))
	}
	for i, arn := range alarmArns(defaults.svc) {
		if a := got[7+i].Properties.Annotations.Alarms; len(a) != 1 || a[0] != arn {
			t.Errorf("alarm widget %q shows %v, want %s", got[7+i].Properties.Title, a, arn)
		}
	}
	if h := got[5].Properties.Annotations.Horizontal; len(h) != 1 || h[0].Value != 30000 || h[0].Label != "timeout" {
		t.Errorf("duration widget annotations %+v, want the 30000 ms timeout", h)
	}
}

func TestDashboardFollowsProps(t *testing.T) {
	fn := "${" + cdktest.LogicalID(observed.svc.Function()) + "}"
	_, body := dashboardBody(t, observed.template)
	got := widgets(t, body)
	concurrency := got[6]
	want := []string{
		fmt.Sprintf("AWS/Lambda ConcurrentExecutions FunctionName %s Resource %s:live Maximum", fn, fn),
		fmt.Sprintf("AWS/Lambda ProvisionedConcurrentExecutions FunctionName %s Resource %s:live Maximum", fn, fn),
		fmt.Sprintf("AWS/Lambda ProvisionedConcurrencySpilloverInvocations FunctionName %s Resource %s:live Sum", fn, fn),
	}
	if cdktest.MustJSON(metricsOf(concurrency)) != cdktest.MustJSON(want) {
		t.Errorf("concurrency widget shows %v, want %v", metricsOf(concurrency), want)
	}
	if h := concurrency.Properties.Annotations.Horizontal; len(h) != 1 || h[0].Value != 20 {
		t.Errorf("concurrency widget annotations %+v, want the reserved 20", h)
	}

	cdktest.Count(t, quiet.template, "AWS::CloudWatch::Dashboard", 0)
	if quiet.svc.Dashboard() != nil {
		t.Error("Dashboard() is not nil with Dashboard false")
	}
}

// A service below another construct is named by its whole path in the stack.
func TestNestedServiceNamesItsPath(t *testing.T) {
	stack := awscdk.NewStack(cdktest.NewApp(), jsii.String("Shop"), nil)
	team := constructs.NewConstruct(stack, jsii.String("Team"))
	fastapilambda.NewService(team, "Api", &fastapilambda.ServiceProps{ImageDirectory: jsii.String(imageDir)})
	template := assertions.Template_FromStack(stack, nil)
	if name, _ := dashboardBody(t, template); name != "Shop-Team-Api-${AWS::Region}" {
		t.Errorf("dashboard name %q, want Shop-Team-Api-${AWS::Region}", name)
	}
	cdktest.Has(t, template, "AWS::Logs::QueryDefinition", obj{"Name": "Shop/Team/Api/" + fastapilambda.ErrorsQueryName})
}
