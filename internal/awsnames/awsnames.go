// Package awsnames holds the naming rules AWS (and GitHub) enforce at deploy
// time, so that the settings and the constructs refuse a bad name at synth, in
// seconds, with one wording. Each check returns nil or the rule the value
// breaks ("must be 12 digits"); the caller adds the name the user wrote and the
// value received.
package awsnames

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
)

var (
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
	// ECR: lower-case components separated by '/', each of letters and digits
	// joined by single '.', '_' or '-' (2 to 256 characters in all).
	ecrRepositoryPattern = regexp.MustCompile(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`)
	// ECR (and Docker) image tags.
	imageTagPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	digestPattern   = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	// CloudFormation stack names.
	stackNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)
	// The CDK bootstrap qualifier: it becomes part of the bootstrap bucket's
	// name, so S3's lower-case rule applies.
	qualifierPattern = regexp.MustCompile(`^[a-z0-9-]{1,10}$`)
	// GitHub: an owner of up to 39 letters, digits or hyphens, not starting
	// with a hyphen; a repository name of letters, digits, '.', '-' or '_'.
	gitHubRepositoryPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$`)
	codeCommitNamePattern   = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	oidcProviderArnPattern  = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\.actions\.githubusercontent\.com$`)
	principalArnPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:(?:role|user)/[A-Za-z0-9+=,.@_/-]{1,512}$`)
	// Route 53 hosted zone IDs: "Z" and upper-case letters and digits.
	hostedZoneIDPattern = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
	// ACM certificates in us-east-1, where CloudFront reads them.
	edgeCertificateArnPattern = regexp.MustCompile(`^arn:aws:acm:us-east-1:[0-9]{12}:certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// HostedZoneID checks a Route 53 hosted zone ID.
func HostedZoneID(s string) error {
	if !hostedZoneIDPattern.MatchString(s) {
		return errors.New(`must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (without "/hostedzone/")`)
	}
	return nil
}

// EdgeCertificateArn checks the ARN of an ACM certificate CloudFront can
// serve: in us-east-1.
func EdgeCertificateArn(s string) error {
	if !edgeCertificateArnPattern.MatchString(s) {
		return errors.New("must be the ARN of an ACM certificate in us-east-1 (CloudFront reads certificates there only), arn:aws:acm:us-east-1:ACCOUNT:certificate/ID")
	}
	return nil
}

// Account checks an AWS account ID.
func Account(s string) error {
	if !accountPattern.MatchString(s) {
		return errors.New("must be 12 digits")
	}
	return nil
}

// Region checks that s names a region this version knows, in any partition.
func Region(s string) error {
	if _, ok := regionPartition[s]; !ok {
		return errors.New("must be an AWS region, such as eu-west-1")
	}
	return nil
}

// Partition returns the partition of a known region ("aws", "aws-cn", ...).
func Partition(region string) string {
	return regionPartition[region]
}

// Regions lists every region this version knows, sorted.
func Regions() []string {
	out := make([]string, 0, len(regionPartition))
	for r := range regionPartition {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// EcrRepositoryName checks the name of an ECR repository, and says what to
// give instead when s is its ARN or URI.
func EcrRepositoryName(s string) error {
	switch {
	case strings.HasPrefix(s, "arn:"):
		return errors.New("must be the repository name, not its ARN")
	case strings.Contains(s, ".dkr.ecr.") || strings.Contains(s, ":") || strings.Contains(s, "@"):
		return errors.New("must be the repository name, not an image URI")
	case len(s) < 2 || len(s) > 256 || !ecrRepositoryPattern.MatchString(s):
		return errors.New("must be an ECR repository name: 2 to 256 lower-case letters, digits and '.', '_', '-' or '/' between them")
	}
	return nil
}

// ImageTagOrDigest checks an ECR image tag, or a digest "sha256:" and 64
// lower-case hex digits.
func ImageTagOrDigest(s string) error {
	if strings.HasPrefix(s, "sha256:") || strings.Contains(s, ":") {
		if !digestPattern.MatchString(s) {
			return errors.New(`must be a digest "sha256:" and 64 lower-case hex digits, or a tag`)
		}
		return nil
	}
	if !imageTagPattern.MatchString(s) {
		return errors.New("must be an image tag (1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-') or a digest \"sha256:...\"")
	}
	return nil
}

// StackName checks a CloudFormation stack name.
func StackName(s string) error {
	if len(s) > 128 || !stackNamePattern.MatchString(s) {
		return errors.New("must be 1 to 128 letters, digits or '-', starting with a letter")
	}
	return nil
}

// DefaultBootstrapQualifier is the CDK's own qualifier, used when none is set.
const DefaultBootstrapQualifier = "hnb659fds"

// BootstrapQualifier checks a CDK bootstrap qualifier.
func BootstrapQualifier(s string) error {
	if !qualifierPattern.MatchString(s) {
		return errors.New("must be 1 to 10 lower-case letters, digits or '-' (it is part of the bootstrap bucket's name)")
	}
	return nil
}

// GitHubRepository checks an "owner/name" repository, refusing wildcards: an
// OIDC subject with one would trust other repositories' workflows.
func GitHubRepository(s string) error {
	if strings.ContainsAny(s, "*?") {
		return errors.New("must name one repository: a wildcard would let other repositories' workflows deploy")
	}
	name := s[strings.IndexByte(s, '/')+1:]
	if !gitHubRepositoryPattern.MatchString(s) || name == "." || name == ".." || strings.HasSuffix(s, ".git") {
		return errors.New(`must be "owner/name", without .git`)
	}
	return nil
}

// GitHub caps branch and environment names at 255 characters.
const maxGitHubRefLen = 255

// GitHubBranch checks a branch name that goes into an OIDC subject: git's rules
// for a ref name, in printable ASCII, and no wildcard (a subject with one
// would trust other branches).
func GitHubBranch(s string) error {
	if err := GitHubEnvironment(s); err != nil {
		return err
	}
	switch {
	case strings.HasPrefix(s, "refs/"):
		return errors.New("must be the branch's name, not its ref (main, not refs/heads/main)")
	case strings.ContainsAny(s, " ~^[\\") || strings.Contains(s, "..") || strings.Contains(s, "@{") ||
		strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") || strings.HasSuffix(s, ".") || strings.HasSuffix(s, ".lock"):
		return errors.New("must be a git branch name (no spaces, '~', '^', '[', '\\', '..' or '@{', not starting or ending with '/')")
	}
	return nil
}

// GitHubEnvironment checks an environment name that goes into an OIDC
// subject: 1 to 255 printable ASCII characters, no wildcard and no ':'.
func GitHubEnvironment(s string) error {
	if s == "" || len(s) > maxGitHubRefLen || strings.ContainsAny(s, "*?:") {
		return errors.New("must be a name of 1 to 255 characters with no wildcard or ':'")
	}
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return errors.New("must be printable ASCII: it goes into the role's trust policy and description")
		}
	}
	return nil
}

// GitHubOidcProviderArn checks the ARN of an IAM OIDC provider for GitHub Actions.
func GitHubOidcProviderArn(s string) error {
	if !oidcProviderArnPattern.MatchString(s) {
		return errors.New(`must be the ARN of the account's OIDC provider for GitHub, "arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com"`)
	}
	return nil
}

// IamPrincipalArn checks the ARN of an IAM role or user: whom a resource
// policy names by aws:PrincipalArn.
func IamPrincipalArn(s string) error {
	if !principalArnPattern.MatchString(s) {
		return errors.New("must be the ARN of an IAM role or user, arn:aws:iam::ACCOUNT:role/NAME or arn:aws:iam::ACCOUNT:user/NAME")
	}
	return nil
}

// CodeCommitRepositoryName checks a CodeCommit repository name.
func CodeCommitRepositoryName(s string) error {
	if !codeCommitNamePattern.MatchString(s) || strings.HasSuffix(s, ".git") {
		return errors.New("must be 1 to 100 letters, digits, '.', '-' or '_', not ending in .git")
	}
	return nil
}

// IAM takes SSH keys for CodeCommit of 2048 to 16384 bits.
const (
	minRsaBits = 2048
	maxRsaBits = 16384
)

// SshRsaPublicKey checks an OpenSSH RSA public key line ("ssh-rsa AAAA...
// comment"): the base64 blob must decode to an ssh-rsa key whose modulus has
// a length IAM accepts, so a truncated or pasted-wrong key fails here.
func SshRsaPublicKey(s string) error {
	fields := strings.Fields(s)
	if len(fields) < 2 || fields[0] != "ssh-rsa" {
		return errors.New(`must be an OpenSSH RSA public key ("ssh-rsa AAAA...")`)
	}
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		return errors.New("must be an OpenSSH RSA public key: its key part is not valid base64 (truncated?)")
	}
	parts, err := sshStrings(blob, 3)
	if err != nil || string(parts[0]) != "ssh-rsa" {
		return errors.New("must be an OpenSSH RSA public key: its key part does not decode to an ssh-rsa key (truncated?)")
	}
	bits := new(big.Int).SetBytes(parts[2]).BitLen()
	if bits < minRsaBits || bits > maxRsaBits {
		return fmt.Errorf("must be an RSA key of %d to %d bits (this one has %d)", minRsaBits, maxRsaBits, bits)
	}
	return nil
}

// sshStrings splits the SSH wire format into n length-prefixed strings, all of
// the blob and nothing more.
func sshStrings(blob []byte, n int) ([][]byte, error) {
	out := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		if len(blob) < 4 {
			return nil, errors.New("short")
		}
		size := binary.BigEndian.Uint32(blob)
		if uint64(size) > uint64(len(blob)-4) {
			return nil, errors.New("short")
		}
		out = append(out, blob[4:4+size])
		blob = blob[4+size:]
	}
	if len(blob) != 0 {
		return nil, errors.New("trailing bytes")
	}
	return out, nil
}

// Abbreviate keeps error messages short when the value is a long key.
func Abbreviate(s string) string {
	const max = 24
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
