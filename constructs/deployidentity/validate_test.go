package deployidentity_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

type props = deployidentity.DeployIdentityProps

// invalidProp is one refused prop: the change to the required props, and the
// message after "deployidentity: ".
type invalidProp struct {
	name   string
	change func(*props)
	want   string
}

// invalidProps are every refusal the construct tests; constructs/README.md's
// table of refused props is generated from them.
func invalidProps() []invalidProp {
	return []invalidProp{
		{"NoServices", func(p *props) { p.Services = nil },
			"Services is required: name at least one service the identities release"},
		{"NilService", func(p *props) { p.Services = append(p.Services, nil) }, "Services[1] is nil"},
		{"BadQualifier", func(p *props) { p.BootstrapQualifier = jsii.String("far-too-long-qualifier") },
			`BootstrapQualifier must be 1 to 10 lower-case letters, digits or '-' (it is part of the bootstrap bucket's name), got "far-too-long-qualifier"`},
		{"SerialWithoutKey", func(p *props) { p.AccessKeySerial = jsii.Number(3) },
			"AccessKeySerial needs AccessKey true, got serial 3 with no access key"},
		{"ReadersWithoutKey", func(p *props) { p.AccessKeyReaders = &[]*string{jsii.String("arn:aws:iam::111111111111:role/ci")} },
			"AccessKeyReaders needs AccessKey true: they read the access key's secret"},
		{"ReadersEmpty", func(p *props) { p.AccessKey = jsii.Bool(true); p.AccessKeyReaders = &[]*string{} },
			"AccessKeyReaders is empty: name at least one reader, or leave it unset"},
		{"ReaderNotAnArn", func(p *props) {
			p.AccessKey = jsii.Bool(true)
			p.AccessKeyReaders = &[]*string{jsii.String("arn:aws:iam::111111111111:role/ci"), jsii.String("ci-role")}
		}, `AccessKeyReaders[1] must be the ARN of an IAM role or user, arn:aws:iam::ACCOUNT:role/NAME or arn:aws:iam::ACCOUNT:user/NAME, got "ci-role"`},
		{"BadCodeCommitName", func(p *props) { p.CodeCommitRepositoryName = jsii.String("app.git") },
			`CodeCommitRepositoryName must be 1 to 100 letters, digits, '.', '-' or '_', not ending in .git, got "app.git"`},
		{"SshKeyWithoutRepository", func(p *props) { p.SshPublicKey = jsii.String(sshKey) },
			"SshPublicKey needs CodeCommitRepositoryName"},
		{"SshKeyNotRsa", func(p *props) {
			p.CodeCommitRepositoryName = jsii.String("app")
			p.SshPublicKey = jsii.String("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB me@host")
		}, `SshPublicKey must be an OpenSSH RSA public key ("ssh-rsa AAAA..."), got "ssh-ed25519 AAAAC3NzaC1l..."`},
		{"SshKeyTruncated", func(p *props) {
			p.CodeCommitRepositoryName = jsii.String("app")
			p.SshPublicKey = jsii.String(sshKey[:120])
		}, `SshPublicKey must be an OpenSSH RSA public key: its key part does not decode to an ssh-rsa key (truncated?), got "ssh-rsa AAAAB3NzaC1yc2EA..."`},
		{"NoUserWithoutGitHub", func(p *props) { p.DeployUser = jsii.Bool(false) },
			"DeployUser false needs GitHubRepository: without the user, the GitHub deploy role is the only identity that deploys"},
		{"NoUserWithItsKeys", func(p *props) {
			p.DeployUser = jsii.Bool(false)
			p.GitHubRepository = jsii.String("acme/api")
			p.AccessKey = jsii.Bool(true)
			p.CodeCommitRepositoryName = jsii.String("app")
			p.SshPublicKey = jsii.String(sshKey)
		}, "AccessKey needs the deploy user, got DeployUser false"},
		{"BuildRoleWithoutRepositories", func(p *props) { p.GitHubBuildRole = jsii.Bool(true) },
			"GitHubBuildRole needs GitHubRepository and ImageRepository: the role lets that repository's workflow push to that image repository"},
		{"PromotedWithoutImageRepository", func(p *props) { p.DeploysPromotedImages = jsii.Bool(true) },
			"DeploysPromotedImages needs ImageRepository: a promoted image is deployed from it, by digest"},
		{"RepositoryWildcard", func(p *props) { p.GitHubRepository = jsii.String("acme/*") },
			`GitHubRepository must name one repository: a wildcard would let other repositories' workflows deploy, got "acme/*"`},
		{"RepositoryBareWildcard", func(p *props) { p.GitHubRepository = jsii.String("*") },
			`GitHubRepository must name one repository: a wildcard would let other repositories' workflows deploy, got "*"`},
		{"RepositoryMalformed", func(p *props) { p.GitHubRepository = jsii.String("acme") },
			`GitHubRepository must be "owner/name", without .git, got "acme"`},
		{"RepositoryOwnerStartsWithHyphen", func(p *props) { p.GitHubRepository = jsii.String("-acme/api") },
			`GitHubRepository must be "owner/name", without .git, got "-acme/api"`},
		{"BranchWildcard", func(p *props) {
			p.GitHubRepository = jsii.String("acme/api")
			p.GitHubBranch = jsii.String("*")
		}, `GitHubBranch must be a name of 1 to 255 characters with no wildcard or ':', got "*"`},
		{"EnvironmentEmpty", func(p *props) {
			p.GitHubRepository = jsii.String("acme/api")
			p.GitHubEnvironment = jsii.String("")
		}, `GitHubEnvironment must be a name of 1 to 255 characters with no wildcard or ':', got ""`},
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
		{"OtherStackAgnostic", func(p *props) {
			p.OtherStacks = []awscdk.Stack{awscdk.NewStack(cdktest.NewApp(), jsii.String("Agnostic"), nil)}
		}, "OtherStacks[0] must be pinned to an account and a region (its bootstrap roles are named after them), got environment-agnostic stack Agnostic"},
	}
}

// Each bad prop panics with a message naming the prop and the value, before
// the construct adds anything to its scope.
func TestInvalidPropsFailAtSynth(t *testing.T) {
	cases := invalidProps()
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
	t.Run("EveryProblemAtOnce", func(t *testing.T) {
		stack := newStack(app, "InvalidMany")
		p := requiredProps(stack)
		p.BootstrapQualifier = jsii.String("far-too-long-qualifier")
		p.GitHubRepository = jsii.String("acme")
		p.GitHubBranch = jsii.String("*")
		cdktest.MustPanic(t, strings.Join([]string{
			`deployidentity: BootstrapQualifier must be 1 to 10 lower-case letters, digits or '-' (it is part of the bootstrap bucket's name), got "far-too-long-qualifier" (at InvalidMany/Deploy)`,
			`deployidentity: GitHubRepository must be "owner/name", without .git, got "acme" (at InvalidMany/Deploy)`,
			`deployidentity: GitHubBranch must be a name of 1 to 255 characters with no wildcard or ':', got "*" (at InvalidMany/Deploy)`,
		}, "\n"), func() { deployidentity.NewDeployIdentity(stack, "Deploy", p) })
	})
	cdktest.MustPanic(t, "deployidentity: props are required", func() {
		deployidentity.NewDeployIdentity(awscdk.NewStack(app, jsii.String("Nil"), nil), "Deploy", nil)
	})
}

// An account holds one GitHub OIDC provider: a second DeployIdentity that
// would create another in the same account fails at synth, naming both, and
// sharing the first one's provider works.
func TestSecondGitHubProviderInOneAccountFails(t *testing.T) {
	github := func(p *deployidentity.DeployIdentityProps) *deployidentity.DeployIdentityProps {
		p.GitHubRepository = jsii.String("acme/api")
		return p
	}
	t.Run("SameAccountOtherRegion", func(t *testing.T) {
		app := cdktest.NewApp()
		first := newStack(app, "First")
		deployidentity.NewDeployIdentity(first, "Deploy", github(requiredProps(first)))
		second := awscdk.NewStack(app, jsii.String("Second"), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String("us-east-1")},
		})
		props := github(requiredProps(second))
		cdktest.MustPanic(t, "deployidentity: Second/Deploy would create a second GitHub OIDC provider in account 111111111111; "+
			"First/Deploy creates the first, and an account holds one per URL, so the deploy would fail. "+
			"Share the first: pass its GitHubOidcProvider() as GitHubOidcProvider (from another app, awsiam.OidcProviderNative_FromOidcProviderArn; "+
			"in this repository's app, the setting githubOidcProviderArn)",
			func() { deployidentity.NewDeployIdentity(second, "Deploy", props) })
	})
	t.Run("StacksWithoutEnvironment", func(t *testing.T) {
		app := cdktest.NewApp()
		a := awscdk.NewStack(app, jsii.String("A"), nil)
		deployidentity.NewDeployIdentity(a, "Deploy", github(requiredProps(a)))
		b := awscdk.NewStack(app, jsii.String("B"), nil)
		props := github(requiredProps(b))
		cdktest.MustPanic(t, "deployidentity: B/Deploy would create a second GitHub OIDC provider in the account that stacks without an environment deploy to; A/Deploy creates the first",
			func() { deployidentity.NewDeployIdentity(b, "Deploy", props) })
	})
	t.Run("SharedProviderAndOtherAccount", func(t *testing.T) {
		app := cdktest.NewApp()
		first := newStack(app, "First")
		identity := deployidentity.NewDeployIdentity(first, "Deploy", github(requiredProps(first)))
		sameAccount := newStack(app, "SameAccount")
		props := github(requiredProps(sameAccount))
		props.GitHubOidcProvider = identity.GitHubOidcProvider()
		deployidentity.NewDeployIdentity(sameAccount, "Deploy", props)
		other := awscdk.NewStack(app, jsii.String("OtherAccount"), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String(region)},
		})
		deployidentity.NewDeployIdentity(other, "Deploy", github(requiredProps(other)))
		tpl := assertions.Template_FromStack(sameAccount, nil)
		cdktest.Check(t, func() { tpl.ResourceCountIs(jsii.String("AWS::IAM::OIDCProvider"), jsii.Number(0)) })
	})
}
