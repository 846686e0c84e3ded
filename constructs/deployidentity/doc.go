// Package deployidentity provides DeployIdentity: the least-privilege
// identities that deploy and release a fastapilambda.Service.
//
// It replaces the FullAccess policies that a hand-made deploy user is often
// given "for testing" with exactly what `cdk deploy` and a release engineer's
// CodeDeploy calls need:
//
//   - an IAM group holding every policy, and a deploy user in it with no
//     console password and, unless asked for, no access key;
//   - sts:AssumeRole on the three roles of the modern CDK bootstrap that
//     `cdk deploy` uses (deploy, file publishing, image publishing), never the
//     CloudFormation execution role, and never the lookup role, which reads
//     the whole account;
//   - for each service it releases, what the service's GrantRelease gives:
//     iam:PassRole on its CodeDeploy service role, only to CodeDeploy, and the
//     CodeDeploy deployment and revision calls on its application,
//     deployment group and deployment configuration;
//   - optionally, ECR push and pull on one repository, git pull and push on one
//     CodeCommit repository with an uploaded SSH key, an access key kept in
//     Secrets Manager, and keyless GitHub Actions roles through OIDC: one that
//     deploys, and one for pull requests that reads only this stack's
//     description and template (cdk diff --method template).
//
// One DeployIdentity releases any number of services (Services). An account
// holds one GitHub OIDC provider: a second DeployIdentity in the same account
// of the same app fails at synth unless it is given the first one's
// GitHubOidcProvider().
//
// Props are checked before anything is built: bad values panic at synth with
// one line per problem, each naming the prop and the value received.
package deployidentity
