package deployidentity

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/propcheck"
)

var (
	// The CDK bootstrap qualifier: up to 10 letters, digits, '-' or '_'.
	qualifierPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,10}$`)
	// GitHub: an owner of up to 39 letters, digits or hyphens, not starting
	// with a hyphen; a repository name of letters, digits, '.', '-' or '_'.
	gitHubRepositoryPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$`)
	// CodeCommit repository names.
	codeCommitNamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	// An OpenSSH RSA public key: IAM accepts RSA keys for CodeCommit.
	sshRsaKeyPattern = regexp.MustCompile(`^ssh-rsa AAAA[A-Za-z0-9+/]+={0,2}( [^\n]*)?$`)
)

// validate checks every prop and returns the first problem, naming the prop
// and the value received.
func validate(p *DeployIdentityProps) error {
	return propcheck.First("deployidentity",
		p.validateRequired, p.validateQualifier, p.validateAccessKey, p.validateCodeCommit, p.validateGitHub)
}

func (p *DeployIdentityProps) validateRequired() error {
	switch {
	case p.Application == nil:
		return errors.New("Application is required")
	case p.DeploymentGroup == nil:
		return errors.New("DeploymentGroup is required")
	case p.DeploymentConfig == nil:
		return errors.New("DeploymentConfig is required")
	case p.CodeDeployServiceRole == nil:
		return errors.New("CodeDeployServiceRole is required: it is the only role the deploy identities may pass")
	}
	return nil
}

func (p *DeployIdentityProps) validateQualifier() error {
	if q := p.BootstrapQualifier; q != nil && !qualifierPattern.MatchString(*q) {
		return fmt.Errorf("BootstrapQualifier must be 1 to 10 letters, digits, '-' or '_', got %q", *q)
	}
	return nil
}

func (p *DeployIdentityProps) validateAccessKey() error {
	if p.AccessKeySerial != nil && (p.AccessKey == nil || !*p.AccessKey) {
		return fmt.Errorf("AccessKeySerial needs AccessKey true, got serial %g with no access key", *p.AccessKeySerial)
	}
	return nil
}

func (p *DeployIdentityProps) validateCodeCommit() error {
	if name := p.CodeCommitRepositoryName; name != nil {
		if !codeCommitNamePattern.MatchString(*name) || strings.HasSuffix(*name, ".git") {
			return fmt.Errorf("CodeCommitRepositoryName must be 1 to 100 letters, digits, '.', '-' or '_', not ending in .git, got %q", *name)
		}
	}
	if key := p.SshPublicKey; key != nil {
		if p.CodeCommitRepositoryName == nil {
			return errors.New("SshPublicKey needs CodeCommitRepositoryName: the key is for git over SSH to that repository")
		}
		if !sshRsaKeyPattern.MatchString(strings.TrimSpace(*key)) {
			return fmt.Errorf(`SshPublicKey must be an OpenSSH RSA public key ("ssh-rsa AAAA..."), got %q`, abbreviate(*key))
		}
	}
	return nil
}

func (p *DeployIdentityProps) validateGitHub() error {
	if p.GitHubRepository == nil {
		switch {
		case p.GitHubBranch != nil:
			return fmt.Errorf("GitHubBranch needs GitHubRepository, got branch %q and no repository", *p.GitHubBranch)
		case p.GitHubEnvironment != nil:
			return fmt.Errorf("GitHubEnvironment needs GitHubRepository, got environment %q and no repository", *p.GitHubEnvironment)
		case p.GitHubOidcProvider != nil:
			return errors.New("GitHubOidcProvider needs GitHubRepository")
		}
		return nil
	}
	repo := *p.GitHubRepository
	if strings.ContainsAny(repo, "*?") {
		return fmt.Errorf("GitHubRepository must name one repository, got %q: a wildcard would let other repositories' workflows deploy", repo)
	}
	if !gitHubRepositoryPattern.MatchString(repo) {
		return fmt.Errorf("GitHubRepository must be \"owner/name\", got %q", repo)
	}
	if p.GitHubBranch != nil && p.GitHubEnvironment != nil {
		return fmt.Errorf("set GitHubBranch or GitHubEnvironment, not both, got branch %q and environment %q", *p.GitHubBranch, *p.GitHubEnvironment)
	}
	for _, ref := range []struct {
		prop  string
		value *string
	}{{"GitHubBranch", p.GitHubBranch}, {"GitHubEnvironment", p.GitHubEnvironment}} {
		if ref.value != nil && (*ref.value == "" || strings.ContainsAny(*ref.value, "*?:")) {
			return fmt.Errorf("%s must be a name with no wildcard or ':', got %q", ref.prop, *ref.value)
		}
	}
	return nil
}

// abbreviate keeps error messages short when the value is a long key.
func abbreviate(s string) string {
	const max = 24
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
