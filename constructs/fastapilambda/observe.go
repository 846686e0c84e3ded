package fastapilambda

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawslogs"
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

// buildQueries saves the Logs Insights queries that the first minutes of an
// incident need, on the function's log group.
func (s *service) buildQueries() {
	name := s.name
	groups := &[]interfacesawslogs.ILogGroupRef{s.logGroup}
	query := func(id, suffix string, q *awslogs.QueryStringProps) awslogs.QueryDefinition {
		return awslogs.NewQueryDefinition(s, jsii.String(id), &awslogs.QueryDefinitionProps{
			QueryDefinitionName: jsii.String(name + "/" + suffix),
			QueryString:         awslogs.NewQueryString(q),
			LogGroups:           groups,
		})
	}
	s.queries = []awslogs.QueryDefinition{
		// The app's error lines and 5xx access lines, and the runtime's own
		// errors (an import failure, a timeout), each with its request id.
		query("ErrorsQuery", ErrorsQueryName, &awslogs.QueryStringProps{
			Fields:           jsii.Strings("@timestamp", logRequestID, logLevel, logMessage, accessMethod, accessPath, accessStatus, "errorType", "errorMessage"),
			FilterStatements: jsii.Strings(fmt.Sprintf(`%s in ["ERROR", "CRITICAL", "FATAL"] or %s >= 500 or ispresent(errorType)`, logLevel, accessStatus)),
			Sort:             jsii.String("@timestamp desc"),
			Limit:            jsii.Number(200),
		}),
		query("SlowestRequestsQuery", SlowestRequestsQueryName, &awslogs.QueryStringProps{
			Fields:           jsii.Strings("@timestamp", logRequestID, accessMethod, accessPath, accessStatus, accessDuration),
			FilterStatements: jsii.Strings(fmt.Sprintf(`%s = "%s"`, logMessage, accessMessage)),
			Sort:             jsii.String(accessDuration + " desc"),
			Limit:            jsii.Number(50),
		}),
		// The version that served a request is in its log stream's name:
		// "2026/11/30/[7]0123abcd...".
		query("RequestsPerVersionQuery", RequestsPerVersionName, &awslogs.QueryStringProps{
			FilterStatements: jsii.Strings(fmt.Sprintf(`%s = "%s"`, logMessage, accessMessage)),
			ParseStatements:  jsii.Strings(`@logStream "[*]" as version`),
			StatsStatements:  jsii.Strings(fmt.Sprintf(`count(*) as requests, pct(%s, 99) as p99_ms by version, bin(5m)`, accessDuration)),
		}),
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
)

// buildDashboard lays out the service's dashboard: the rollback alarms first,
// then the release view (each executed version side by side), then the
// service as a whole, then each rollback alarm with its threshold.
func (s *service) buildDashboard(p resolvedProps) {
	fn := s.function.FunctionName()
	aliasResource := *fn + ":" + *p.AliasName
	minute := s.minute
	metric := func(name, statistic, label string) awscloudwatch.IMetric {
		return s.alias.Metric(jsii.String(name), &awscloudwatch.MetricOptions{
			Period: minute, Statistic: jsii.String(statistic), Label: jsii.String(label),
		})
	}
	// Versions come and go with releases: a search finds each one that
	// served traffic through the alias.
	perVersion := func(name, statistic string) awscloudwatch.IMetric {
		return awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
			Expression: jsii.String(fmt.Sprintf(`SEARCH('{AWS/Lambda,ExecutedVersion,FunctionName,Resource} MetricName="%s" FunctionName="%s" Resource="%s"', '%s', 60)`,
				name, *fn, aliasResource, statistic)),
			Label:  jsii.String("version"),
			Period: minute,
		})
	}
	graph := func(title string, width float64, metrics []awscloudwatch.IMetric, annotations ...*awscloudwatch.HorizontalAnnotation) awscloudwatch.IWidget {
		props := &awscloudwatch.GraphWidgetProps{
			Title: jsii.String(title), Width: jsii.Number(width), Height: jsii.Number(tall), Left: &metrics,
		}
		if len(annotations) > 0 {
			props.LeftAnnotations = &annotations
		}
		return awscloudwatch.NewGraphWidget(props)
	}

	rollback := make([]interfacesawscloudwatch.IAlarmRef, len(s.alarms))
	for i, alarm := range s.alarms {
		rollback[i] = alarm
	}
	alarmStatus := awscloudwatch.NewAlarmStatusWidget(&awscloudwatch.AlarmStatusWidgetProps{
		Title:  jsii.String("Rollback alarms: one in ALARM stops a release and rolls it back"),
		Alarms: &rollback,
		Width:  jsii.Number(full),
		Height: jsii.Number(3),
	})

	concurrency := []awscloudwatch.IMetric{metric("ConcurrentExecutions", "Maximum", "concurrent executions")}
	var concurrencyLimits []*awscloudwatch.HorizontalAnnotation
	if r := p.ReservedConcurrentExecutions; r != nil {
		concurrencyLimits = append(concurrencyLimits, &awscloudwatch.HorizontalAnnotation{Value: r, Label: jsii.String("reserved (cap)")})
	}
	if p.ProvisionedConcurrency != nil {
		concurrency = append(concurrency, metric("ProvisionedConcurrentExecutions", "Maximum", "provisioned in use"),
			metric("ProvisionedConcurrencySpilloverInvocations", "Sum", "spillover (cold) invocations"))
	}

	alarmGraph := func(title string, alarm awscloudwatch.Alarm) awscloudwatch.IWidget {
		return awscloudwatch.NewAlarmWidget(&awscloudwatch.AlarmWidgetProps{
			Title: jsii.String(title), Alarm: alarm, Width: jsii.Number(fourth), Height: jsii.Number(tall),
		})
	}

	s.dashboard = awscloudwatch.NewDashboard(s, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{
		DashboardName: jsii.String(dashboardNameChars.ReplaceAllString(s.name, "-") + "-" + *s.stack.Region()),
		Widgets: &[]*[]awscloudwatch.IWidget{
			{alarmStatus},
			{
				graph("Invocations per version", third, []awscloudwatch.IMetric{perVersion("Invocations", "Sum")}),
				graph("Errors per version", third, []awscloudwatch.IMetric{perVersion("Errors", "Sum")}),
				graph("p99 duration per version (ms)", third, []awscloudwatch.IMetric{perVersion("Duration", "p99")}),
			},
			{
				graph("Function URL requests", third, []awscloudwatch.IMetric{
					metric("UrlRequestCount", "Sum", "requests"), metric("Url4xxCount", "Sum", "4xx"), metric("Url5xxCount", "Sum", "5xx"),
				}),
				graph("Duration (ms)", third, []awscloudwatch.IMetric{
					metric("Duration", "p50", "p50"), metric("Duration", "p90", "p90"), metric("Duration", "p99", "p99"),
				}, &awscloudwatch.HorizontalAnnotation{Value: jsii.Number(p.timeoutMs), Label: jsii.String("timeout")}),
				graph("Concurrency", third, concurrency, concurrencyLimits...),
			},
			{
				alarmGraph("Errors (rollback alarm)", s.errorsAlarm),
				alarmGraph("Throttles (rollback alarm)", s.throttlesAlarm),
				alarmGraph("URL 5xx (rollback alarm)", s.url5xxAlarm),
				alarmGraph("p99 duration (rollback alarm)", s.durationAlarm),
			},
		},
	})
}
