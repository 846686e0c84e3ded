package settings

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// The settings as the stacks' props: each setting is mapped here, once,
// next to where it is defined and checked. Unset settings leave the stack's
// and the construct's defaults.

// StackProps maps the environment's settings onto the service stack's
// props. The image is built from imageDir (an absolute path) unless the
// environment names an ECR repository.
func (env *Environment) StackProps(imageDir string) *stacks.ServiceStackProps {
	props := &stacks.ServiceStackProps{
		StackProps: awscdk.StackProps{
			Description: jsii.String("FastAPI on AWS Lambda behind a Function URL, released by CodeDeploy (fastapi-lambda-cdk)"),
		},
		UrlAuthType:         awslambda.FunctionUrlAuthType(env.UrlAuthType),
		ImageRepositoryName: optional(env.ImageRepository),
		ImageTagOrDigest:    optional(env.ImageTagOrDigest),
		Deploy: deployidentity.DeployIdentityOptions{
			BootstrapQualifier:       optional(env.BootstrapQualifier),
			AccessKey:                jsii.Bool(env.DeployAccessKey),
			SshPublicKey:             optional(env.SshPublicKey),
			CodeCommitRepositoryName: optional(env.CodeCommitRepository),
			GitHubRepository:         optional(env.GitHubRepository),
			GitHubBranch:             optional(env.GitHubBranch),
			GitHubEnvironment:        optional(env.GitHubEnvironment),
		},
		GitHubOidcProviderArn: optional(env.GitHubOidcProviderArn),
	}
	// Pinned only when the environment names both; never from the caller's
	// credentials, so every machine synthesizes the same template.
	if env.Account != "" {
		props.Env = &awscdk.Environment{Account: jsii.String(env.Account), Region: jsii.String(env.Region)}
	}
	if env.BootstrapExecutionPolicy {
		// The identities the stack creates carry the boundary the bootstrap
		// execution policy requires (make bootstrap creates it).
		props.PermissionsBoundary = awscdk.PermissionsBoundary_FromName(jsii.String(stacks.BoundaryPolicyName(env.Qualifier())))
	}
	if !env.HasDeployUser() {
		props.Deploy.DeployUser = jsii.Bool(false)
	}
	if env.StartsPromotion {
		props.Deploy.GitHubBuildRole = jsii.Bool(true)
	}
	if env.DeploysPromotedImages {
		props.Deploy.DeploysPromotedImages = jsii.Bool(true)
	}
	if len(env.DeployAccessKeyReaders) > 0 {
		props.Deploy.AccessKeyReaders = jsii.Strings(env.DeployAccessKeyReaders...)
	}
	if env.DeployAccessKeySerial > 0 {
		props.Deploy.AccessKeySerial = jsii.Number(env.DeployAccessKeySerial)
	}
	env.operations(props)
	props.FrontDoor = env.frontDoor()
	if env.ImageRepository == "" {
		props.ImageDirectory = jsii.String(imageDir)
	}
	return props
}

// operations passes the operations settings to the stack; unset ones leave
// the stack's and the construct's defaults.
func (env *Environment) operations(props *stacks.ServiceStackProps) {
	props.ReservedConcurrency = optionalNumber(env.ReservedConcurrency)
	props.Service.ProvisionedConcurrency = optionalNumber(env.ProvisionedConcurrency)
	props.Service.ProvisionedConcurrencyMax = optionalNumber(env.ProvisionedConcurrencyMax)
	if env.ProvisionedConcurrencyUtilization != 0 {
		props.Service.ProvisionedConcurrencyUtilization = jsii.Number(float64(env.ProvisionedConcurrencyUtilization) / 100)
	}
	if env.NoDashboard {
		props.Service.Dashboard = jsii.Bool(false)
	}
	props.Service.ApplicationLogLevel = awslambda.ApplicationLogLevel(env.ApplicationLogLevel)
	props.Service.Adapter = fastapilambda.Adapter(env.Adapter)
	if env.SnapStart {
		props.Service.SnapStart = jsii.Bool(true)
	}
	if env.Tracing {
		props.Service.Tracing = awslambda.Tracing_ACTIVE
	}
	props.AlarmEmail = optional(env.AlarmEmail)
	if env.CustomerManagedKey {
		props.CustomerManagedKey = jsii.Bool(true)
	}
}

// frontDoor maps the front door's settings onto the stack's options; nil
// when the environment has none.
func (env *Environment) frontDoor() *stacks.FrontDoorOptions {
	if !env.FrontDoor {
		return nil
	}
	options := &stacks.FrontDoorOptions{
		HostedZoneId:   optional(env.FrontDoorHostedZoneId),
		HostedZoneName: optional(env.FrontDoorHostedZoneName),
		CertificateArn: optional(env.FrontDoorCertificateArn),
	}
	options.DomainName = optional(env.FrontDoorDomain)
	if env.NoFrontDoorWebAcl {
		options.WebAcl = jsii.Bool(false)
	}
	if env.FrontDoorRateLimit != 0 {
		options.RateLimit = jsii.Number(env.FrontDoorRateLimit)
	}
	options.CachedPaths = env.FrontDoorCachedPaths
	return options
}

// FrontDoorInQualifier says whether one of envs that shares env's policy
// stack has a front door: the policy stack then has a third policy.
func (env *Environment) FrontDoorInQualifier(envs []*Environment) bool {
	for _, other := range envs {
		if other.FrontDoor && other.BootstrapExecutionPolicy && other.Qualifier() == env.Qualifier() {
			return true
		}
	}
	return false
}

// BootstrapPolicyStackName names the policy stack of an environment's
// bootstrap qualifier: one per qualifier, shared by its environments.
func (env *Environment) BootstrapPolicyStackName() string {
	return "FastApiLambdaBootstrapPolicy-" + env.Qualifier()
}

// BootstrapPolicyProps scopes the execution policy to the stacks of every
// environment of all (the committed ones) that uses env's bootstrap
// qualifier and policy.
func (env *Environment) BootstrapPolicyProps(all []*Environment) (*stacks.BootstrapPolicyStackProps, error) {
	if !env.BootstrapExecutionPolicy {
		return nil, fmt.Errorf("%s: environment %s sets %s false: its bootstrap uses the CDK's default execution policy",
			BootstrapPolicyKey, env.Name, BootstrapExecutionPolicy)
	}
	props := &stacks.BootstrapPolicyStackProps{Qualifier: jsii.String(env.Qualifier())}
	if env.Account != "" {
		props.Env = &awscdk.Environment{Account: jsii.String(env.Account), Region: jsii.String(env.Region)}
	}
	for _, other := range all {
		if other.BootstrapExecutionPolicy && other.Qualifier() == env.Qualifier() {
			props.StackNames = append(props.StackNames, other.StackName)
			if other.ImageRepository != "" {
				props.ImageRepositoryNames = append(props.ImageRepositoryNames, other.ImageRepository)
			}
			if other.CodeCommitRepository != "" {
				props.CodeCommitRepositoryNames = append(props.CodeCommitRepositoryNames, other.CodeCommitRepository)
			}
			if other.FrontDoor {
				props.FrontDoor = jsii.Bool(true)
				if other.FrontDoorDomain != "" && other.FrontDoorCertificateArn == "" {
					props.FrontDoorDomainNames = append(props.FrontDoorDomainNames, other.FrontDoorDomain)
				}
				if other.FrontDoorHostedZoneId != "" {
					props.FrontDoorHostedZoneIds = append(props.FrontDoorHostedZoneIds, other.FrontDoorHostedZoneId)
				}
			}
		}
	}
	return props, nil
}

// optionalNumber is nil for 0, a whole-number setting left unset (or
// refused by its own rule).
func optionalNumber(n int) *float64 {
	if n == 0 {
		return nil
	}
	return jsii.Number(n)
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return jsii.String(s)
}
