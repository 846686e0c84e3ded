// Package deployidentity provides DeployIdentity: the least-privilege
// identities that deploy and release a fastapilambda.Service.
//
// It replaces the FullAccess policies that a hand-made deploy user is often
// given "for testing" with exactly what `cdk deploy` and a release engineer's
// CodeDeploy calls need:
//
//   - an IAM group holding every policy, and a deploy user in it with no
//     console password and, unless asked for, no access key;
//   - sts:AssumeRole on the four roles of the modern CDK bootstrap (deploy,
//     file publishing, image publishing, lookup), never the CloudFormation
//     execution role;
//   - iam:PassRole on the CodeDeploy service role only, and only to CodeDeploy;
//   - CodeDeploy deployment and revision calls on one application, deployment
//     group and deployment configuration;
//   - optionally, ECR push and pull on one repository, git pull and push on one
//     CodeCommit repository with an uploaded SSH key, an access key kept in
//     Secrets Manager, and keyless GitHub Actions roles through OIDC.
//
// Props are checked before anything is built: a bad value panics at synth with
// a message naming the prop and the value received.
package deployidentity
