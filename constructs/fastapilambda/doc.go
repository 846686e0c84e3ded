// Package fastapilambda provides Service, a construct that runs a containerised
// FastAPI application on AWS Lambda behind a Function URL and releases every new
// image through CodeDeploy.
//
// One statement builds the whole release path:
//
//	svc := fastapilambda.NewService(stack, "Api", &fastapilambda.ServiceProps{
//		ImageDirectory: jsii.String("/abs/path/to/lambda-app"),
//	})
//
// The function runs a container image (built from a directory by `cdk deploy`,
// or taken from an existing ECR repository). Each change publishes a Lambda
// version; the alias (default "live") carries a CodeDeploy update policy, so
// CloudFormation hands the alias update to a CodeDeploy deployment group that
// shifts traffic gradually (canary 10% for 5 minutes by default) and rolls back
// when a deployment fails or one of the alarms fires. The Function URL is
// attached to the alias, so URL traffic follows the shift.
//
// Secure by default: the URL requires AWS_IAM (SigV4) unless the caller opts in
// to NONE; the execution role may only write to the function's own log group;
// the CodeDeploy service role may only read and update this alias and read the
// alarms wired into its deployment group.
//
// Props are checked before anything is built: a bad value panics at synth with
// a message naming the prop and the value received.
package fastapilambda
