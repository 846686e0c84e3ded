package deployidentity_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// Each bad prop panics with a message naming the prop and the value, before
// the construct adds anything to its scope.
func TestInvalidPropsFailAtSynth(t *testing.T) {
	type props = deployidentity.DeployIdentityProps
	cases := []struct {
		name   string
		change func(*props)
		want   string
	}{
		{"NoApplication", func(p *props) { p.Application = nil }, "Application is required"},
		{"NoDeploymentGroup", func(p *props) { p.DeploymentGroup = nil }, "DeploymentGroup is required"},
		{"NoDeploymentConfig", func(p *props) { p.DeploymentConfig = nil }, "DeploymentConfig is required"},
		{"NoServiceRole", func(p *props) { p.CodeDeployServiceRole = nil },
			"CodeDeployServiceRole is required: it is the only role the deploy identities may pass"},
		{"BadQualifier", func(p *props) { p.BootstrapQualifier = jsii.String("far-too-long-qualifier") },
			`BootstrapQualifier must be 1 to 10 letters, digits, '-' or '_', got "far-too-long-qualifier"`},
		{"SerialWithoutKey", func(p *props) { p.AccessKeySerial = jsii.Number(3) },
			"AccessKeySerial needs AccessKey true, got serial 3 with no access key"},
		{"BadCodeCommitName", func(p *props) { p.CodeCommitRepositoryName = jsii.String("app.git") },
			`CodeCommitRepositoryName must be 1 to 100 letters, digits, '.', '-' or '_', not ending in .git, got "app.git"`},
		{"SshKeyWithoutRepository", func(p *props) { p.SshPublicKey = jsii.String(sshKey) },
			"SshPublicKey needs CodeCommitRepositoryName"},
		{"SshKeyNotRsa", func(p *props) {
			p.CodeCommitRepositoryName = jsii.String("app")
			p.SshPublicKey = jsii.String("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB me@host")
		}, `SshPublicKey must be an OpenSSH RSA public key ("ssh-rsa AAAA..."), got "ssh-ed25519 AAAAC3NzaC1l..."`},
		{"RepositoryWildcard", func(p *props) { p.GitHubRepository = jsii.String("acme/*") },
			`GitHubRepository must name one repository, got "acme/*": a wildcard would let other repositories' workflows deploy`},
		{"RepositoryBareWildcard", func(p *props) { p.GitHubRepository = jsii.String("*") },
			`GitHubRepository must name one repository, got "*"`},
		{"RepositoryMalformed", func(p *props) { p.GitHubRepository = jsii.String("acme") },
			`GitHubRepository must be "owner/name", got "acme"`},
		{"RepositoryOwnerStartsWithHyphen", func(p *props) { p.GitHubRepository = jsii.String("-acme/api") },
			`GitHubRepository must be "owner/name", got "-acme/api"`},
		{"BranchWildcard", func(p *props) {
			p.GitHubRepository = jsii.String("acme/api")
			p.GitHubBranch = jsii.String("*")
		}, `GitHubBranch must be a name with no wildcard or ':', got "*"`},
		{"EnvironmentEmpty", func(p *props) {
			p.GitHubRepository = jsii.String("acme/api")
			p.GitHubEnvironment = jsii.String("")
		}, `GitHubEnvironment must be a name with no wildcard or ':', got ""`},
		{"BranchAndEnvironment", func(p *props) {
			p.GitHubRepository = jsii.String("acme/api")
			p.GitHubBranch = jsii.String("main")
			p.GitHubEnvironment = jsii.String("production")
		}, `set GitHubBranch or GitHubEnvironment, not both, got branch "main" and environment "production"`},
		{"BranchWithoutRepository", func(p *props) { p.GitHubBranch = jsii.String("main") },
			`GitHubBranch needs GitHubRepository, got branch "main" and no repository`},
		{"ProviderWithoutRepository", func(p *props) {
			p.GitHubOidcProvider = awsiam.OidcProviderNative_FromOidcProviderArn(
				awscdk.NewStack(cdktest.NewApp(), jsii.String("Other"), nil), jsii.String("P"), jsii.String(providerArn))
		}, "GitHubOidcProvider needs GitHubRepository"},
	}
	app := cdktest.NewApp() // not the package's app: that one is synthesized already
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack(app, "Invalid"+tc.name)
			p := requiredProps(stack)
			tc.change(p)
			before := len(*stack.Node().Children())
			cdktest.MustPanic(t, "deployidentity: "+tc.want, func() {
				deployidentity.NewDeployIdentity(stack, "Deploy", p)
			})
			if after := len(*stack.Node().Children()); after != before {
				t.Fatalf("a rejected DeployIdentity left %d constructs behind", after-before)
			}
		})
	}
	cdktest.MustPanic(t, "deployidentity: props are required", func() {
		deployidentity.NewDeployIdentity(awscdk.NewStack(app, jsii.String("Nil"), nil), "Deploy", nil)
	})
}
