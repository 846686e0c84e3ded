// The stack that stacks.NewServiceStack synthesizes by default, written directly in
// TypeScript against the same aws-cdk-lib: the baseline that the Go app's
// synth time is compared with (make bench). Node 22 runs it as is, stripping
// the types. With FASTAPI_SERVICES=N it synthesizes N such stacks, Service1
// to ServiceN, as bench/goapp does in Go (make bench-scale).
import cdk from "aws-cdk-lib";
import { Construct } from "constructs";
import * as path from "node:path";

const { aws_cloudwatch: cloudwatch, aws_codedeploy: codedeploy, aws_ecr_assets: ecrAssets,
  aws_iam: iam, aws_lambda: lambda, aws_logs: logs } = cdk;

class ServiceStack extends cdk.Stack {
  constructor(scope: Construct, id: string, imageDirectory: string) {
    super(scope, id);
    const service = new Construct(this, "Service");

    const logGroup = new logs.LogGroup(service, "LogGroup", { retention: logs.RetentionDays.ONE_MONTH });
    const executionRole = new iam.Role(service, "ExecutionRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Runs the FastAPI function; writes only to its own log group.",
    });
    logGroup.grantWrite(executionRole);

    const fn = new lambda.DockerImageFunction(service, "Function", {
      code: lambda.DockerImageCode.fromImageAsset(imageDirectory, { platform: ecrAssets.Platform.LINUX_ARM64 }),
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: cdk.Duration.seconds(30),
      reservedConcurrentExecutions: 10,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      role: executionRole,
      description: "FastAPI application served through a Function URL",
    });
    const alias = new lambda.Alias(service, "Alias", { aliasName: "live", version: fn.currentVersion });
    const url = new lambda.FunctionUrl(service, "Url", {
      function: alias,
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });

    const oneMinute = cdk.Duration.minutes(1);
    const alarm = (id: string, metric: cdk.aws_cloudwatch.IMetric, threshold: number, description: string) =>
      new cloudwatch.Alarm(service, id, {
        metric, threshold, evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
    const sum = { period: oneMinute, statistic: "Sum" };
    const alarms = [
      alarm("ErrorsAlarm", alias.metricErrors(sum), 1, "Invocations through the alias failed."),
      alarm("ThrottlesAlarm", alias.metricThrottles(sum), 1, "Invocations through the alias were throttled."),
      alarm("Url5xxAlarm", alias.metric("Url5xxCount", sum), 1, "The Function URL answered with 5xx statuses."),
      alarm("DurationAlarm", alias.metricDuration({ period: oneMinute, statistic: "p99" }), 27000,
        "p99 duration reached 27000 ms (the timeout is 30000 ms)."),
    ];

    const application = new codedeploy.LambdaApplication(service, "Application");
    const serviceRole = new iam.Role(service, "ServiceRole", {
      assumedBy: new iam.ServicePrincipal("codedeploy.amazonaws.com", {
        conditions: {
          StringEquals: { "aws:SourceAccount": this.account },
          ArnLike: {
            "aws:SourceArn": this.formatArn({
              service: "codedeploy", resource: "deploymentgroup", arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME,
              resourceName: `${application.applicationName}/*`,
            }),
          },
        },
      }),
      description: "Assumed by CodeDeploy to shift the alias of the FastAPI function.",
    });
    serviceRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: "ShiftAlias",
      actions: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
      resources: [fn.functionArn, alias.functionArn],
    }));
    serviceRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: "ReadAlarms",
      actions: ["cloudwatch:DescribeAlarms"],
      resources: alarms.map((a) => a.alarmArn),
    }));
    const group = new codedeploy.LambdaDeploymentGroup(service, "DeploymentGroup", {
      application,
      alias,
      deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      role: iam.Role.fromRoleArn(service, "ServiceRoleView", serviceRole.roleArn, { mutable: false }),
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
    alarms.forEach((a) => group.addAlarm(a));

    // The saved Logs Insights queries and the dashboard are named after the
    // stack and the service's path in it: "Service1/Service". Both are
    // written as text and handed to CloudFormation resources whole.
    const serviceName = `${this.stackName}/${service.node.path.slice(this.node.path.length + 1)}`;
    const query = (id: string, suffix: string, ...commands: string[]) =>
      new logs.CfnQueryDefinition(service, id, {
        name: `${serviceName}/${suffix}`,
        queryString: commands.join("\n| "),
        logGroupNames: [logGroup.logGroupName],
      });
    query("ErrorsQuery", "errors",
      "fields @timestamp, requestId, level, message, method, path, status, errorType, errorMessage",
      'filter level in ["ERROR", "CRITICAL", "FATAL"] or status >= 500 or ispresent(errorType)',
      "sort @timestamp desc", "limit 200");
    query("SlowestRequestsQuery", "slowest-requests",
      "fields @timestamp, requestId, method, path, status, duration_ms",
      'filter message = "request"', "sort duration_ms desc", "limit 50");
    query("RequestsPerVersionQuery", "requests-per-version",
      'parse @logStream "[*]" as version', 'filter message = "request"',
      "stats count(*) as requests, pct(duration_ms, 99) as p99_ms by version, bin(5m)");

    // The dashboard's body, keys in the order the Go construct writes them.
    const fnName = fn.functionName;
    const resource = `${fnName}:live`;
    const onAlias = (name: string, stat: string, label: string) =>
      ["AWS/Lambda", name, "FunctionName", fnName, "Resource", resource, { label, period: 60, stat }];
    const perVersion = (name: string, stat: string) => [{
      expression: `SEARCH('{AWS/Lambda,ExecutedVersion,FunctionName,Resource} MetricName="${name}" ` +
        `FunctionName="${fnName}" Resource="${resource}"', '${stat}', 60)`,
      label: "version",
      period: 60,
    }];
    type Widget = { type: string; width: number; height: number; properties: object };
    const graph = (title: string, width: number, metrics: unknown[], horizontal?: object[]): Widget => ({
      type: "metric", width, height: 6,
      properties: horizontal
        ? { annotations: { horizontal }, metrics, region: this.region, title, view: "timeSeries", yAxis: {} }
        : { metrics, region: this.region, title, view: "timeSeries", yAxis: {} },
    });
    const alarmGraph = (title: string, alarm: cdk.aws_cloudwatch.Alarm): Widget => ({
      type: "metric", width: 6, height: 6,
      properties: { annotations: { alarms: [alarm.alarmArn] }, region: this.region, title, view: "timeSeries", yAxis: {} },
    });
    const [errorsAlarm, throttlesAlarm, url5xxAlarm, durationAlarm] = alarms;
    const rows: Widget[][] = [
      [{ type: "alarm", width: 24, height: 3, properties: {
        alarms: alarms.map((a) => a.alarmArn), title: "Rollback alarms: one in ALARM stops a release and rolls it back" } }],
      [
        graph("Invocations per version", 8, [perVersion("Invocations", "Sum")]),
        graph("Errors per version", 8, [perVersion("Errors", "Sum")]),
        graph("p99 duration per version (ms)", 8, [perVersion("Duration", "p99")]),
      ],
      [
        graph("Function URL requests", 8,
          [onAlias("UrlRequestCount", "Sum", "requests"), onAlias("Url4xxCount", "Sum", "4xx"), onAlias("Url5xxCount", "Sum", "5xx")]),
        graph("Duration (ms)", 8,
          [onAlias("Duration", "p50", "p50"), onAlias("Duration", "p90", "p90"), onAlias("Duration", "p99", "p99")],
          [{ label: "timeout", value: 30000 }]),
        graph("Concurrency", 8, [onAlias("ConcurrentExecutions", "Maximum", "concurrent executions")],
          [{ label: "reserved (cap)", value: 10 }]),
      ],
      [
        alarmGraph("Errors (rollback alarm)", errorsAlarm),
        alarmGraph("Throttles (rollback alarm)", throttlesAlarm),
        alarmGraph("URL 5xx (rollback alarm)", url5xxAlarm),
        alarmGraph("p99 duration (rollback alarm)", durationAlarm),
      ],
    ];
    const widgets: object[] = [];
    let y = 0;
    for (const row of rows) {
      let x = 0;
      for (const w of row) {
        widgets.push({ type: w.type, width: w.width, height: w.height, x, y, properties: w.properties });
        x += w.width;
      }
      y += Math.max(...row.map((w) => w.height));
    }
    new cloudwatch.CfnDashboard(service, "Dashboard", {
      dashboardName: `${serviceName.replace(/[^A-Za-z0-9_-]+/g, "-")}-${this.region}`,
      dashboardBody: JSON.stringify({ widgets }),
    });

    const deploy = new Construct(this, "Deploy");
    const bootstrapRole = (role: string) =>
      `arn:${this.partition}:iam::${this.account}:role/cdk-hnb659fds-${role}-role-${this.account}-${this.region}`;
    const statement = (sid: string, actions: string[], resources: string[]) =>
      new iam.PolicyStatement({ sid, actions, resources });
    const deployPolicy = new iam.ManagedPolicy(deploy, "DeployPolicy", {
      description: "Deploys the FastAPI service with cdk deploy (the services' GrantRelease adds the release permissions).",
      statements: [
        statement("AssumeCdkBootstrapRoles", ["sts:AssumeRole"],
          ["deploy", "file-publishing", "image-publishing"].map(bootstrapRole)),
      ],
    });
    const deployGroup = new iam.Group(deploy, "Group", { managedPolicies: [deployPolicy] });
    const user = new iam.User(deploy, "User", { groups: [deployGroup] });
    // What Service.GrantRelease grants, on the deploy group.
    const grant = (actions: string[], resource: string, conditions?: Record<string, Record<string, unknown>>) =>
      iam.Grant.addToPrincipal({ grantee: deployGroup, actions, resourceArns: [resource], conditions });
    grant(["iam:PassRole"], serviceRole.roleArn, { StringEquals: { "iam:PassedToService": "codedeploy.amazonaws.com" } })
      .combine(grant(["codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:ListDeployments", "codedeploy:StopDeployment"],
        group.deploymentGroupArn))
      .combine(grant(["codedeploy:GetDeploymentConfig"], group.deploymentConfig.deploymentConfigArn))
      .combine(grant(["codedeploy:RegisterApplicationRevision", "codedeploy:GetApplicationRevision"],
        application.applicationArn));

    new cdk.CfnOutput(this, "FunctionUrl", { value: url.url });
    new cdk.CfnOutput(this, "CodeDeployApplicationName", { value: application.applicationName });
    new cdk.CfnOutput(this, "DeploymentGroupName", { value: group.deploymentGroupName });
    new cdk.CfnOutput(this, "DeployUserName", { value: user.userName });
  }
}

const app = new cdk.App();
const imageDirectory = path.resolve(import.meta.dirname, "../../lambda-app");
const services = Number(process.env.FASTAPI_SERVICES ?? "0");
if (services > 0) {
  for (let i = 1; i <= services; i++) new ServiceStack(app, `Service${i}`, imageDirectory);
} else {
  new ServiceStack(app, "FastApiLambda", imageDirectory);
}
app.synth();
