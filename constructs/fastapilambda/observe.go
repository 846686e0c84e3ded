package fastapilambda

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"
)

// Field names of the JSON log lines, as the app (lambda-app/service/logs.py)
// and the Python runtime's JSON format write them; the saved queries rely on them.
const (
	logLevel     = "level"
	logMessage   = "message"
	logRequestID = "requestId"
	// The app's access line: one per request, message "request".
	accessMessage  = "request"
	accessMethod   = "method"
	accessPath     = "path"
	accessStatus   = "status"
	accessDuration = "duration_ms"
)

// Query names, after the service's name: the console shows a "/" in a
// query's name as a folder.
const (
	ErrorsQueryName          = "errors"
	SlowestRequestsQueryName = "slowest-requests"
	RequestsPerVersionName   = "requests-per-version"
)

// placement returns the stack holding the service and the service's name:
// its construct path inside the stack, with the stack's name in front
// ("FastApiLambda/Service"), so that the dashboard and the queries say which
// service and stack they belong to. A service built straight in its stack,
// the common case, costs one read of CDK.
func (s *service) placement(id string) (awscdk.Stack, string) {
	if stack, ok := s.scope.(awscdk.Stack); ok {
		return stack, *stack.StackName() + "/" + id
	}
	stack := awscdk.Stack_Of(s)
	inside := strings.TrimPrefix(*s.Node().Path(), *stack.Node().Path()+"/")
	return stack, *stack.StackName() + "/" + inside
}

// query is a Logs Insights query, written as the console shows one: each
// command on its own line after the first, behind "| ".
func query(commands ...string) string {
	return strings.Join(commands, "\n| ")
}

// buildQueries saves the Logs Insights queries that the first minutes of an
// incident need, on the function's log group. Each is one CDK call: the
// query text is plain Go.
func (s *service) buildQueries() {
	groups := &[]interface{}{s.logGroup.LogGroupName()}
	save := func(id, suffix, text string) awslogs.CfnQueryDefinition {
		return awslogs.NewCfnQueryDefinition(s, jsii.String(id), &awslogs.CfnQueryDefinitionProps{
			Name:          jsii.String(s.name + "/" + suffix),
			QueryString:   jsii.String(text),
			LogGroupNames: groups,
		})
	}
	fields := func(names ...string) string { return "fields " + strings.Join(names, ", ") }
	accessLines := fmt.Sprintf(`filter %s = "%s"`, logMessage, accessMessage)
	s.queries = []awslogs.CfnQueryDefinition{
		// The app's error lines and 5xx access lines, and the runtime's own
		// errors (an import failure, a timeout), each with its request id.
		save("ErrorsQuery", ErrorsQueryName, query(
			fields("@timestamp", logRequestID, logLevel, logMessage, accessMethod, accessPath, accessStatus, "errorType", "errorMessage"),
			fmt.Sprintf(`filter %s in ["ERROR", "CRITICAL", "FATAL"] or %s >= 500 or ispresent(errorType)`, logLevel, accessStatus),
			"sort @timestamp desc",
			"limit 200")),
		save("SlowestRequestsQuery", SlowestRequestsQueryName, query(
			fields("@timestamp", logRequestID, accessMethod, accessPath, accessStatus, accessDuration),
			accessLines,
			"sort "+accessDuration+" desc",
			"limit 50")),
		// The version that served a request is in its log stream's name:
		// "2026/11/30/[7]0123abcd...".
		save("RequestsPerVersionQuery", RequestsPerVersionName, query(
			`parse @logStream "[*]" as version`,
			accessLines,
			fmt.Sprintf("stats count(*) as requests, pct(%s, 99) as p99_ms by version, bin(5m)", accessDuration))),
	}
}

// dashboardNameChars are what CloudWatch allows in a dashboard's name.
var dashboardNameChars = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// Widget sizes on the dashboard's 24-column grid.
const (
	third  = 8
	fourth = 6
	full   = 24
	tall   = 6
	short  = 3
)

// widget is one widget of a dashboard body, in CloudWatch's format.
type widget struct {
	Type       string                 `json:"type"`
	Width      int                    `json:"width"`
	Height     int                    `json:"height"`
	X          int                    `json:"x"`
	Y          int                    `json:"y"`
	Properties map[string]interface{} `json:"properties"`
}

// layout places rows of widgets on the grid, left to right, top to bottom.
func layout(rows ...[]widget) []widget {
	var placed []widget
	y := 0
	for _, row := range rows {
		x, height := 0, 0
		for _, w := range row {
			w.X, w.Y = x, y
			x += w.Width
			if w.Height > height {
				height = w.Height
			}
			placed = append(placed, w)
		}
		y += height
	}
	return placed
}

// buildDashboard lays out the service's dashboard: the rollback alarms first,
// then the release view (each executed version side by side), then the
// service as a whole, then each rollback alarm with its threshold. The body
// is written in Go and handed to CDK in one call, tokens (the function's
// name, the alarms' ARNs, the region) embedded in it.
func (s *service) buildDashboard(p resolvedProps) {
	fn := *s.function.FunctionName()
	region := *s.stack.Region()
	aliasResource := fn + ":" + *p.AliasName

	// onAlias is a metric line of the alias: namespace, name, dimensions,
	// then how to draw it.
	onAlias := func(name, statistic, label string) []interface{} {
		return []interface{}{"AWS/Lambda", name, "FunctionName", fn, "Resource", aliasResource,
			map[string]interface{}{"label": label, "period": 60, "stat": statistic}}
	}
	// Versions come and go with releases: a search finds each one that
	// served traffic through the alias.
	perVersion := func(name, statistic string) []interface{} {
		return []interface{}{map[string]interface{}{
			"label": "version",
			"expression": fmt.Sprintf(`SEARCH('{AWS/Lambda,ExecutedVersion,FunctionName,Resource} MetricName="%s" FunctionName="%s" Resource="%s"', '%s', 60)`,
				name, fn, aliasResource, statistic),
			"period": 60,
		}}
	}
	type line = []interface{}
	graph := func(title string, width int, metrics []line, horizontal ...map[string]interface{}) widget {
		props := map[string]interface{}{
			"view": "timeSeries", "title": title, "region": region, "metrics": metrics, "yAxis": map[string]interface{}{},
		}
		if len(horizontal) > 0 {
			props["annotations"] = map[string]interface{}{"horizontal": horizontal}
		}
		return widget{Type: "metric", Width: width, Height: tall, Properties: props}
	}
	threshold := func(value float64, label string) map[string]interface{} {
		return map[string]interface{}{"value": value, "label": label}
	}
	alarmGraph := func(title string, arn *string) widget {
		return widget{Type: "metric", Width: fourth, Height: tall, Properties: map[string]interface{}{
			"view": "timeSeries", "title": title, "region": region,
			"annotations": map[string]interface{}{"alarms": []string{*arn}}, "yAxis": map[string]interface{}{},
		}}
	}

	rollback := make([]string, len(s.alarmArns))
	for i, arn := range s.alarmArns {
		rollback[i] = *arn
	}
	concurrency := []line{onAlias("ConcurrentExecutions", "Maximum", "concurrent executions")}
	if p.ProvisionedConcurrency != nil {
		concurrency = append(concurrency, onAlias("ProvisionedConcurrentExecutions", "Maximum", "provisioned in use"),
			onAlias("ProvisionedConcurrencySpilloverInvocations", "Sum", "spillover (cold) invocations"))
	}
	var concurrencyLimits []map[string]interface{}
	if r := p.ReservedConcurrentExecutions; r != nil {
		concurrencyLimits = append(concurrencyLimits, threshold(*r, "reserved (cap)"))
	}

	widgets := layout(
		[]widget{{Type: "alarm", Width: full, Height: short, Properties: map[string]interface{}{
			"title": "Rollback alarms: one in ALARM stops a release and rolls it back", "alarms": rollback,
		}}},
		[]widget{
			graph("Invocations per version", third, []line{perVersion("Invocations", "Sum")}),
			graph("Errors per version", third, []line{perVersion("Errors", "Sum")}),
			graph("p99 duration per version (ms)", third, []line{perVersion("Duration", "p99")}),
		},
		[]widget{
			graph("Function URL requests", third, []line{
				onAlias("UrlRequestCount", "Sum", "requests"), onAlias("Url4xxCount", "Sum", "4xx"), onAlias("Url5xxCount", "Sum", "5xx"),
			}),
			graph("Duration (ms)", third, []line{
				onAlias("Duration", "p50", "p50"), onAlias("Duration", "p90", "p90"), onAlias("Duration", "p99", "p99"),
			}, threshold(p.timeoutMs, "timeout")),
			graph("Concurrency", third, concurrency, concurrencyLimits...),
		},
		[]widget{
			alarmGraph("Errors (rollback alarm)", s.alarmArns[0]),
			alarmGraph("Throttles (rollback alarm)", s.alarmArns[1]),
			alarmGraph("URL 5xx (rollback alarm)", s.alarmArns[2]),
			alarmGraph("p99 duration (rollback alarm)", s.alarmArns[3]),
		},
	)
	body, err := json.Marshal(map[string]interface{}{"widgets": widgets})
	if err != nil {
		panic(fmt.Sprintf("fastapilambda: dashboard body: %v", err))
	}
	s.dashboard = awscloudwatch.NewCfnDashboard(s, jsii.String("Dashboard"), &awscloudwatch.CfnDashboardProps{
		DashboardName: jsii.String(dashboardNameChars.ReplaceAllString(s.name, "-") + "-" + region),
		DashboardBody: jsii.String(string(body)),
	})
}
