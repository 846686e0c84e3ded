package deployidentity

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/awsnames"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/propcheck"
)

// validate checks every prop and reports every problem at once, each naming
// the prop and the value received.
func validate(scope constructs.Construct, id string, p *DeployIdentityProps) error {
	problems := propcheck.New("deployidentity")
	if len(p.Services) == 0 {
		problems.Add("Services is required: name at least one service the identities release")
	}
	for i, svc := range p.Services {
		if svc == nil {
			problems.Add("Services[%d] is nil", i)
		}
	}
	if q := p.BootstrapQualifier; q != nil {
		if err := awsnames.BootstrapQualifier(*q); err != nil {
			problems.Add("BootstrapQualifier %s, got %q", err, *q)
		}
	}
	if p.AccessKeySerial != nil && (p.AccessKey == nil || !*p.AccessKey) {
		problems.Add("AccessKeySerial needs AccessKey true, got serial %g with no access key", *p.AccessKeySerial)
	}
	if p.AccessKeyReaders != nil {
		if p.AccessKey == nil || !*p.AccessKey {
			problems.Add("AccessKeyReaders needs AccessKey true: they read the access key's secret")
		}
		if len(*p.AccessKeyReaders) == 0 {
			problems.Add("AccessKeyReaders is empty: name at least one reader, or leave it unset")
		}
		for i, arn := range *p.AccessKeyReaders {
			switch {
			case arn == nil:
				problems.Add("AccessKeyReaders[%d] is nil", i)
			case awsnames.IamPrincipalArn(*arn) != nil:
				problems.Add("AccessKeyReaders[%d] %s, got %q", i, awsnames.IamPrincipalArn(*arn), *arn)
			}
		}
	}
	for i, other := range p.OtherStacks {
		switch {
		case other == nil:
			problems.Add("OtherStacks[%d] is nil", i)
		case *awscdk.Token_IsUnresolved(other.Account()) || *awscdk.Token_IsUnresolved(other.Region()):
			problems.Add("OtherStacks[%d] must be pinned to an account and a region (its bootstrap roles are named after them), got environment-agnostic stack %s", i, *other.StackName())
		}
	}
	p.checkCodeCommit(problems)
	p.checkGitHub(problems)
	p.checkDeployUser(problems)
	return problems.Err(func() string { return *scope.Node().Path() + "/" + id })
}

func (p *DeployIdentityProps) checkCodeCommit(problems *propcheck.Problems) {
	if name := p.CodeCommitRepositoryName; name != nil {
		if err := awsnames.CodeCommitRepositoryName(*name); err != nil {
			problems.Add("CodeCommitRepositoryName %s, got %q", err, *name)
		}
	}
	if key := p.SshPublicKey; key != nil {
		if p.CodeCommitRepositoryName == nil {
			problems.Add("SshPublicKey needs CodeCommitRepositoryName: the key is for git over SSH to that repository")
		}
		if err := awsnames.SshRsaPublicKey(strings.TrimSpace(*key)); err != nil {
			problems.Add("SshPublicKey %s, got %q", err, awsnames.Abbreviate(*key))
		}
	}
}

func (p *DeployIdentityProps) checkDeployUser(problems *propcheck.Problems) {
	if p.DeployUser == nil || *p.DeployUser {
		return
	}
	if p.GitHubRepository == nil {
		problems.Add("DeployUser false needs GitHubRepository: without the user, the GitHub deploy role is the only identity that deploys")
	}
	for _, needs := range []struct {
		prop string
		set  bool
	}{{"AccessKey", isTrue(p.AccessKey)}, {"SshPublicKey", p.SshPublicKey != nil}, {"CodeCommitRepositoryName", p.CodeCommitRepositoryName != nil}} {
		if needs.set {
			problems.Add("%s needs the deploy user, got DeployUser false", needs.prop)
		}
	}
}

func (p *DeployIdentityProps) checkGitHub(problems *propcheck.Problems) {
	if isTrue(p.GitHubBuildRole) && (p.GitHubRepository == nil || p.ImageRepository == nil) {
		problems.Add("GitHubBuildRole needs GitHubRepository and ImageRepository: the role lets that repository's workflow push to that image repository")
	}
	if isTrue(p.DeploysPromotedImages) && p.ImageRepository == nil {
		problems.Add("DeploysPromotedImages needs ImageRepository: a promoted image is deployed from it, by digest")
	}
	if p.GitHubRepository == nil {
		if p.GitHubBranch != nil {
			problems.Add("GitHubBranch needs GitHubRepository, got branch %q and no repository", *p.GitHubBranch)
		}
		if p.GitHubEnvironment != nil {
			problems.Add("GitHubEnvironment needs GitHubRepository, got environment %q and no repository", *p.GitHubEnvironment)
		}
		if p.GitHubOidcProvider != nil {
			problems.Add("GitHubOidcProvider needs GitHubRepository")
		}
		return
	}
	if err := awsnames.GitHubRepository(*p.GitHubRepository); err != nil {
		problems.Add("GitHubRepository %s, got %q", err, *p.GitHubRepository)
	}
	if p.GitHubBranch != nil && p.GitHubEnvironment != nil {
		problems.Add("set GitHubBranch or GitHubEnvironment, not both, got branch %q and environment %q", *p.GitHubBranch, *p.GitHubEnvironment)
	}
	for _, ref := range []struct {
		prop  string
		value *string
		check func(string) error
	}{{"GitHubBranch", p.GitHubBranch, awsnames.GitHubBranch}, {"GitHubEnvironment", p.GitHubEnvironment, awsnames.GitHubEnvironment}} {
		if ref.value != nil {
			if err := ref.check(*ref.value); err != nil {
				problems.Add("%s %s, got %q", ref.prop, err, *ref.value)
			}
		}
	}
}
