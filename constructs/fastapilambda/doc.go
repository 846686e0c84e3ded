// Package fastapilambda provides Service, a construct that runs a containerised
// FastAPI application on AWS Lambda behind a Function URL and releases every new
// image through CodeDeploy.
//
// One statement builds the whole release path:
//
//	svc := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
//		ImageDirectory: jsii.String(imageDir), // an absolute path
//	})
//
// ImageDirectory should be absolute: a relative one is resolved against the
// process's working directory, which `go test` sets to the package's folder.
// Build it from the calling source file's location:
//
//	_, file, _, _ := runtime.Caller(0)
//	imageDir := filepath.Join(filepath.Dir(file), "app")
//
// What a caller may do to the service is a method on it: the service is an
// awsiam.IGrantable (grants to it land on the function's execution role, as in
// table.GrantReadData(svc)); GrantInvokeUrl lets a principal call a private
// URL; GrantRelease lets a person or pipeline release the service, and nothing
// more.
//
// The function runs a container image (built from a directory by `cdk deploy`,
// or taken from an existing ECR repository). Each change publishes a Lambda
// version; the alias (default "live") carries a CodeDeploy update policy, so
// CloudFormation hands the alias update to a CodeDeploy deployment group that
// shifts traffic gradually (canary 10% for 5 minutes by default) and rolls back
// when a deployment fails or one of the alarms fires. The Function URL is
// attached to the alias, so URL traffic follows the shift.
//
// Operable by default: the function logs in Lambda's JSON format (the
// runtime's lines too, filtered by ApplicationLogLevel), a CloudWatch dashboard
// shows the rollback alarms and each executed version's invocations, errors and
// p99 duration side by side during a release, and three saved Logs Insights
// queries (errors, slowest requests, requests per version) sit in a folder
// named after the stack and the service. AlarmTopic, Tracing and
// ProvisionedConcurrency (with optional auto scaling) are props.
//
// Secure by default: the URL requires AWS_IAM (SigV4) unless the caller opts in
// to NONE; the execution role may only write to the function's own log group;
// the CodeDeploy service role may only read and update this alias and read the
// alarms wired into its deployment group.
//
// Props are checked before anything is built: bad values panic at synth with
// one line per problem, each naming the prop and the value received. A public
// URL (UrlAuthType NONE) with no ReservedConcurrentExecutions adds a synth
// warning.
package fastapilambda
