package awsnames_test

import (
	"encoding/base64"
	"encoding/binary"
	"math/big"
	"math/rand"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/quick"

	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/awsnames"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/suggest"
)

// Only TestRegionsMatchAwsCdkLib starts the jsii runtime; close it once.
func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		return m.Run()
	}()
	os.Exit(code)
}

// check is one value given to a check and the message it must return; "" for
// a value the check accepts.
type check struct {
	name, value, want string
}

func runChecks(t *testing.T, fn func(string) error, checks []check) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			got := ""
			if err := fn(c.value); err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("check(%q) = %q, want %q", awsnames.Abbreviate(c.value), got, c.want)
			}
		})
	}
}

func TestAccount(t *testing.T) {
	const bad = "must be 12 digits"
	runChecks(t, awsnames.Account, []check{
		{"twelve digits", "123456789012", ""},
		{"leading zeros", "000000000001", ""},
		{"eleven digits", "12345678901", bad},
		{"thirteen digits", "1234567890123", bad},
		{"a letter", "12345678901a", bad},
		{"hyphens", "1234-5678-9012", bad},
		{"spaces around", " 123456789012 ", bad},
		{"trailing newline", "123456789012\n", bad},
		{"empty", "", bad},
	})
}

func TestRegion(t *testing.T) {
	const bad = "must be an AWS region, such as eu-west-1"
	runChecks(t, awsnames.Region, []check{
		{"commercial", "eu-west-1", ""},
		{"China", "cn-north-1", ""},
		{"GovCloud", "us-gov-west-1", ""},
		{"European Sovereign Cloud", "eusc-de-east-1", ""},
		{"unknown number", "eu-west-9", bad},
		{"upper case", "EU-WEST-1", bad},
		{"availability zone", "eu-west-1a", bad},
		{"city", "frankfurt", bad},
		{"empty", "", bad},
	})
}

func TestPartition(t *testing.T) {
	tests := []struct{ region, want string }{
		{"eu-west-1", "aws"},
		{"us-east-1", "aws"},
		{"cn-north-1", "aws-cn"},
		{"cn-northwest-1", "aws-cn"},
		{"us-gov-west-1", "aws-us-gov"},
		{"us-iso-east-1", "aws-iso"},
		{"us-isob-east-1", "aws-iso-b"},
		{"eu-isoe-west-1", "aws-iso-e"},
		{"us-isof-south-1", "aws-iso-f"},
		{"eusc-de-east-1", "aws-eusc"},
		{"eu-west-9", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			if got := awsnames.Partition(tt.region); got != tt.want {
				t.Errorf("Partition(%q) = %q, want %q", tt.region, got, tt.want)
			}
		})
	}
}

func TestRegions(t *testing.T) {
	regions := awsnames.Regions()
	t.Run("sorted", func(t *testing.T) {
		if !sort.StringsAreSorted(regions) {
			t.Errorf("Regions() = %q, not sorted", regions)
		}
	})
	t.Run("no duplicates", func(t *testing.T) {
		for i := 1; i < len(regions); i++ {
			if regions[i] == regions[i-1] {
				t.Errorf("Regions() lists %q twice", regions[i])
			}
		}
	})
	t.Run("each is a region with a partition", func(t *testing.T) {
		for _, r := range regions {
			if err := awsnames.Region(r); err != nil {
				t.Errorf("Region(%q) = %v, want nil", r, err)
			}
			if awsnames.Partition(r) == "" {
				t.Errorf("Partition(%q) is empty", r)
			}
		}
	})
	t.Run("a fresh copy each call", func(t *testing.T) {
		first := awsnames.Regions()
		first[0] = "changed"
		if again := awsnames.Regions(); again[0] == "changed" {
			t.Errorf("changing the result of Regions() changed the next result")
		}
	})
}

// An upgrade of aws-cdk-lib that adds a region must add it here too, so that
// settings accept it and the OIDC provider's partition is checked.
func TestRegionsMatchAwsCdkLib(t *testing.T) {
	var lib []string
	cdktest.Check(t, func() {
		for _, r := range *regioninfo.RegionInfo_Regions() {
			lib = append(lib, *r.Name())
		}
	})
	ours := awsnames.Regions()
	add, remove := cdktest.Difference(lib, ours), cdktest.Difference(ours, lib)
	if len(add) > 0 || len(remove) > 0 {
		t.Errorf("regionPartition (regions.go) differs from aws-cdk-lib's regions: add %q, remove %q", add, remove)
	}
	for _, name := range intersection(lib, ours) {
		t.Run(name, func(t *testing.T) {
			var want string
			cdktest.Check(t, func() {
				if p := regioninfo.RegionInfo_Get(jsii.String(name)).Partition(); p != nil {
					want = *p
				}
			})
			if got := awsnames.Partition(name); got != want {
				t.Errorf("Partition(%q) = %q, aws-cdk-lib says %q", name, got, want)
			}
		})
	}
}

func intersection(a, b []string) []string {
	inB := map[string]bool{}
	for _, w := range b {
		inB[w] = true
	}
	var out []string
	for _, w := range a {
		if inB[w] {
			out = append(out, w)
		}
	}
	return out
}

// The "did you mean" of a region setting: the closest of Regions().
func TestRegionSuggestions(t *testing.T) {
	tests := []struct{ typed, want string }{
		{"eu-west-1", "eu-west-1"},
		{"EU-WEST-1", "eu-west-1"},
		{"eu-west-9", "eu-west-1"},
		{"eu-west1", "eu-west-1"},
		{"euwest1", "eu-west-1"},
		{"us-east", "us-east-1"},
		{"ap-southeast", "ap-southeast-1"},
		{"us-gov", "us-gov-east-1"},
		{"cn-", "cn-north-1"},
		{"eu", ""},
		{"frankfurt", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			if got := suggest.Closest(tt.typed, awsnames.Regions()); got != tt.want {
				t.Errorf("closest region to %q = %q, want %q", tt.typed, got, tt.want)
			}
		})
	}
}

func TestEcrRepositoryName(t *testing.T) {
	const (
		arn  = "must be the repository name, not its ARN"
		uri  = "must be the repository name, not an image URI"
		name = "must be an ECR repository name: 2 to 256 lower-case letters, digits and '.', '_', '-' or '/' between them"
	)
	runChecks(t, awsnames.EcrRepositoryName, []check{
		{"simple", "my-app", ""},
		{"underscore", "my_app", ""},
		{"dots and digits", "app.v2", ""},
		{"namespaced", "team/project/my-app", ""},
		{"two characters", "ab", ""},
		{"256 characters", strings.Repeat("a", 256), ""},
		{"ARN", "arn:aws:ecr:eu-west-1:123456789012:repository/my-app", arn},
		{"URI", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-app", uri},
		{"with a tag", "my-app:latest", uri},
		{"with a digest", "my-app@sha256:" + strings.Repeat("a", 64), uri},
		{"registry with a port", "localhost:5000/my-app", uri},
		{"one character", "a", name},
		{"257 characters", strings.Repeat("a", 257), name},
		{"upper case", "My-App", name},
		{"two separators", "my--app", name},
		{"leading separator", "-app", name},
		{"trailing separator", "app-", name},
		{"leading slash", "/app", name},
		{"trailing slash", "app/", name},
		{"empty component", "team//app", name},
		{"space", "my app", name},
		{"empty", "", name},
	})
}

func TestImageTagOrDigest(t *testing.T) {
	const (
		digest = `must be a digest "sha256:" and 64 lower-case hex digits, or a tag`
		tag    = `must be an image tag (1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-') or a digest "sha256:..."`
	)
	hex := strings.Repeat("0123456789abcdef", 4)
	runChecks(t, awsnames.ImageTagOrDigest, []check{
		{"latest", "latest", ""},
		{"version", "v1.2.3", ""},
		{"commit", "3f2a9c1", ""},
		{"leading underscore", "_build", ""},
		{"upper case", "Release-1", ""},
		{"one character", "1", ""},
		{"128 characters", strings.Repeat("a", 128), ""},
		{"digest", "sha256:" + hex, ""},
		{"digest in upper case", "sha256:" + strings.ToUpper(hex), digest},
		{"digest one digit short", "sha256:" + hex[:63], digest},
		{"digest one digit long", "sha256:" + hex + "0", digest},
		{"digest of another algorithm", "sha512:" + hex, digest},
		{"empty digest", "sha256:", digest},
		{"image reference", "my-app:latest", digest},
		{"image with a digest", "my-app@sha256:" + hex, digest},
		{"empty", "", tag},
		{"129 characters", strings.Repeat("a", 129), tag},
		{"leading dot", ".hidden", tag},
		{"leading hyphen", "-rc1", tag},
		{"slash", "feature/x", tag},
		{"space", "v1 2", tag},
		{"plus", "v1+build", tag},
	})
}

func TestStackName(t *testing.T) {
	const bad = "must be 1 to 128 letters, digits or '-', starting with a letter"
	runChecks(t, awsnames.StackName, []check{
		{"default", "FastApiLambda", ""},
		{"one letter", "a", ""},
		{"hyphens and digits", "Api-Prod-2", ""},
		{"128 characters", "A" + strings.Repeat("b", 127), ""},
		{"129 characters", "A" + strings.Repeat("b", 128), bad},
		{"leading digit", "1Api", bad},
		{"leading hyphen", "-Api", bad},
		{"underscore", "Api_Prod", bad},
		{"dot", "Api.Prod", bad},
		{"space", "Api Prod", bad},
		{"empty", "", bad},
	})
}

func TestBootstrapQualifier(t *testing.T) {
	const bad = "must be 1 to 10 lower-case letters, digits or '-' (it is part of the bootstrap bucket's name)"
	runChecks(t, awsnames.BootstrapQualifier, []check{
		{"CDK default", "hnb659fds", ""},
		{"one character", "a", ""},
		{"ten characters", "0123456789", ""},
		{"hyphen", "a-b", ""},
		{"underscore: not in a bucket name", "a_b", bad},
		{"upper case: not in a bucket name", "ABC", bad},
		{"eleven characters", "0123456789a", bad},
		{"dot", "a.b", bad},
		{"space", "a b", bad},
		{"empty", "", bad},
	})
}

func TestGitHubRepository(t *testing.T) {
	const (
		wildcard = "must name one repository: a wildcard would let other repositories' workflows deploy"
		bad      = `must be "owner/name", without .git`
	)
	runChecks(t, awsnames.GitHubRepository, []check{
		{"simple", "acme/api", ""},
		{"one character each", "a/b", ""},
		{"dots, hyphens, underscores", "Acme-Corp/my.repo_1", ""},
		{"owner of 39 characters", strings.Repeat("a", 39) + "/api", ""},
		{"name of 100 characters", "acme/" + strings.Repeat("a", 100), ""},
		{"any repository", "acme/*", wildcard},
		{"any owner", "*/api", wildcard},
		{"question mark", "acme/api?", wildcard},
		{"owner only", "acme", bad},
		{"no name", "acme/", bad},
		{"no owner", "/api", bad},
		{"owner starting with a hyphen", "-acme/api", bad},
		{"owner of 40 characters", strings.Repeat("a", 40) + "/api", bad},
		{"name of 101 characters", "acme/" + strings.Repeat("a", 101), bad},
		{"three parts", "acme/api/x", bad},
		{"URL", "https://github.com/acme/api", bad},
		{"space", "acme/my api", bad},
		{"empty", "", bad},
		{"clone URL suffix", "acme/api.git", bad},
		{"dot name", "acme/.", bad},
		{"dot-dot name", "acme/..", bad},
	})
}

func TestGitHubBranch(t *testing.T) {
	const (
		bad     = "must be a name of 1 to 255 characters with no wildcard or ':'"
		ascii   = "must be printable ASCII: it goes into the role's trust policy and description"
		ref     = "must be the branch's name, not its ref (main, not refs/heads/main)"
		gitName = `must be a git branch name (no spaces, '~', '^', '[', '\', '..' or '@{', not starting or ending with '/')`
	)
	runChecks(t, awsnames.GitHubBranch, []check{
		{"branch", "main", ""},
		{"branch with a slash", "release/v1", ""},
		{"255 characters", strings.Repeat("b", 255), ""},
		{"256 characters", strings.Repeat("b", 256), bad},
		{"star", "feature/*", bad},
		{"question mark", "v?", bad},
		{"colon", "ref:refs/heads/main", bad},
		{"empty", "", bad},
		{"full ref", "refs/heads/main", ref},
		{"space", "my branch", gitName},
		{"newline", "main\nx", ascii},
		{"dot-dot", "a..b", gitName},
		{"trailing slash", "release/", gitName},
		{"unicode", "生产", ascii},
	})
}

func TestGitHubEnvironment(t *testing.T) {
	const (
		bad   = "must be a name of 1 to 255 characters with no wildcard or ':'"
		ascii = "must be printable ASCII: it goes into the role's trust policy and description"
	)
	runChecks(t, awsnames.GitHubEnvironment, []check{
		{"name", "production", ""},
		{"with a space", "Production EU", ""},
		{"255 characters", strings.Repeat("e", 255), ""},
		{"256 characters", strings.Repeat("e", 256), bad},
		{"star", "prod*", bad},
		{"colon", "prod:eu", bad},
		{"empty", "", bad},
		{"unicode", "生产", ascii},
		{"tab", "prod\teu", ascii},
	})
}

func TestGitHubOidcProviderArn(t *testing.T) {
	const bad = `must be the ARN of the account's OIDC provider for GitHub, "arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com"`
	const provider = ":oidc-provider/token.actions.githubusercontent.com"
	runChecks(t, awsnames.GitHubOidcProviderArn, []check{
		{"aws", "arn:aws:iam::123456789012" + provider, ""},
		{"aws-cn", "arn:aws-cn:iam::123456789012" + provider, ""},
		{"aws-us-gov", "arn:aws-us-gov:iam::123456789012" + provider, ""},
		{"placeholder account", "arn:aws:iam::ACCOUNT" + provider, bad},
		{"eleven-digit account", "arn:aws:iam::12345678901" + provider, bad},
		{"another provider", "arn:aws:iam::123456789012:oidc-provider/accounts.google.com", bad},
		{"a role", "arn:aws:iam::123456789012:role/deploy", bad},
		{"with a region", "arn:aws:iam:eu-west-1:123456789012" + provider, bad},
		{"trailing slash", "arn:aws:iam::123456789012" + provider + "/", bad},
		{"host only", "token.actions.githubusercontent.com", bad},
		{"empty", "", bad},
	})
}

func TestCodeCommitRepositoryName(t *testing.T) {
	const bad = "must be 1 to 100 letters, digits, '.', '-' or '_', not ending in .git"
	runChecks(t, awsnames.CodeCommitRepositoryName, []check{
		{"simple", "fastapi-app", ""},
		{"one character", "a", ""},
		{"dots and underscores", "My.Repo_1", ""},
		{"100 characters", strings.Repeat("a", 100), ""},
		{"git in the middle", "repo.git.backup", ""},
		{"ending in .git", "repo.git", bad},
		{"101 characters", strings.Repeat("a", 101), bad},
		{"slash", "team/repo", bad},
		{"space", "my repo", bad},
		{"empty", "", bad},
	})
}

const (
	notAKey     = `must be an OpenSSH RSA public key ("ssh-rsa AAAA...")`
	notBase64   = "must be an OpenSSH RSA public key: its key part is not valid base64 (truncated?)"
	notAnRsaKey = "must be an OpenSSH RSA public key: its key part does not decode to an ssh-rsa key (truncated?)"
)

func TestSshRsaPublicKey(t *testing.T) {
	valid := cdktest.SshRsaPublicKey
	b64 := strings.Fields(valid)[1]
	blob, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	ed25519 := append(sshString([]byte("ssh-ed25519")), sshString([]byte(strings.Repeat("k", 32)))...)
	dss := append(sshString([]byte("ssh-dss")), append(mpint(big.NewInt(65537)), mpint(modulus(2048))...)...)
	bits := func(n int) string { return line(rsaBlob(big.NewInt(65537), modulus(n))) }
	runChecks(t, awsnames.SshRsaPublicKey, []check{
		{"2048 bits", valid, ""},
		{"no comment", "ssh-rsa " + b64, ""},
		{"tabs and spaces", "  ssh-rsa\t" + b64 + "   deploy@laptop \n", ""},
		{"comment with spaces", "ssh-rsa " + b64 + " deploy key for CI", ""},
		{"16384 bits", bits(16384), ""},
		{"1024 bits", cdktest.SshRsaPublicKey1024, "must be an RSA key of 2048 to 16384 bits (this one has 1024)"},
		{"2047 bits", bits(2047), "must be an RSA key of 2048 to 16384 bits (this one has 2047)"},
		{"16385 bits", bits(16385), "must be an RSA key of 2048 to 16384 bits (this one has 16385)"},
		{"empty", "", notAKey},
		{"type only", "ssh-rsa", notAKey},
		{"key part only", b64, notAKey},
		{"upper-case type", "SSH-RSA " + b64, notAKey},
		{"authorized_keys options", `from="10.0.0.1" ` + valid, notAKey},
		{"ssh-ed25519 key", "ssh-ed25519 " + base64.StdEncoding.EncodeToString(ed25519) + " me@laptop", notAKey},
		{"PEM", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----", notAKey},
		{"bad base64", "ssh-rsa not!base64 me@laptop", notBase64},
		{"cut mid-quantum", "ssh-rsa " + b64[:101], notBase64},
		{"padding lost", "ssh-rsa " + strings.TrimRight(strings.Fields(cdktest.SshRsaPublicKey1024)[1], "="), notBase64},
		{"URL-safe base64", "ssh-rsa " + base64.URLEncoding.EncodeToString(blob), notBase64},
		{"cut at a quantum", "ssh-rsa " + b64[:100], notAnRsaKey},
		{"trailing bytes", line(append(append([]byte{}, blob...), 0)), notAnRsaKey},
		{"another key appended", line(append(append([]byte{}, blob...), blob...)), notAnRsaKey},
		{"ssh-ed25519 blob typed ssh-rsa", line(ed25519), notAnRsaKey},
		{"ssh-dss blob typed ssh-rsa", line(dss), notAnRsaKey},
		{"length past the end", line([]byte{0xff, 0xff, 0xff, 0xff, 's'}), notAnRsaKey},
		{"empty blob", "ssh-rsa ==== me", notBase64},
	})
}

// sshString is the SSH wire format's string: a 4-byte big-endian length, then
// the bytes.
func sshString(b []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(b)))
	return append(out, b...)
}

// mpint is the SSH wire format's positive multiple-precision integer: its
// big-endian bytes, with a leading zero when the top bit is set.
func mpint(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) > 0 && b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return sshString(b)
}

func rsaBlob(e, n *big.Int) []byte {
	out := sshString([]byte("ssh-rsa"))
	out = append(out, mpint(e)...)
	return append(out, mpint(n)...)
}

func line(blob []byte) string {
	return "ssh-rsa " + base64.StdEncoding.EncodeToString(blob) + " test@example"
}

// modulus returns an odd number of exactly bits bits (not a product of two
// primes: the check reads only its length).
func modulus(bits int) *big.Int {
	n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	return n.SetBit(n, 0, 1)
}

// rsaKey is a random ssh-rsa key blob with a modulus of 2048 to 4096 bits.
type rsaKey struct {
	blob []byte
	bits int
}

func (rsaKey) Generate(r *rand.Rand, _ int) reflect.Value {
	bits := 2048 + r.Intn(4096-2048+1)
	n := new(big.Int).Rand(r, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
	n.SetBit(n, bits-1, 1).SetBit(n, 0, 1)
	exponents := []*big.Int{big.NewInt(3), big.NewInt(65537), new(big.Int).SetUint64(r.Uint64() | 1)}
	return reflect.ValueOf(rsaKey{rsaBlob(exponents[r.Intn(len(exponents))], n), bits})
}

func TestSshRsaPublicKeyAcceptsAnyRsaKey(t *testing.T) {
	t.Run("whole key accepted", func(t *testing.T) {
		property := func(k rsaKey) bool { return awsnames.SshRsaPublicKey(line(k.blob)) == nil }
		if err := quick.Check(property, nil); err != nil {
			t.Error(err)
		}
	})
	t.Run("blob cut short at any byte refused", func(t *testing.T) {
		property := func(k rsaKey) bool {
			for cut := 1; cut < len(k.blob); cut++ {
				if err := awsnames.SshRsaPublicKey(line(k.blob[:cut])); err == nil || err.Error() != notAnRsaKey {
					t.Logf("%d-bit key cut to %d of %d bytes: got %v, want %q", k.bits, cut, len(k.blob), err, notAnRsaKey)
					return false
				}
			}
			return true
		}
		if err := quick.Check(property, &quick.Config{MaxCount: 20}); err != nil {
			t.Error(err)
		}
	})
	t.Run("text cut short at any character refused", func(t *testing.T) {
		property := func(k rsaKey) bool {
			b64 := base64.StdEncoding.EncodeToString(k.blob)
			for cut := 1; cut < len(b64); cut++ {
				want := notBase64
				if cut%4 == 0 {
					want = notAnRsaKey
				}
				if err := awsnames.SshRsaPublicKey("ssh-rsa " + b64[:cut] + " me"); err == nil || err.Error() != want {
					t.Logf("%d-bit key cut to %d of %d characters: got %v, want %q", k.bits, cut, len(b64), err, want)
					return false
				}
			}
			return true
		}
		if err := quick.Check(property, &quick.Config{MaxCount: 20}); err != nil {
			t.Error(err)
		}
	})
}

// sshish is a string near an ssh-rsa key line: length-prefixed chunks of
// random bytes, lengths that lie, random types, mangled base64.
type sshish string

func (sshish) Generate(r *rand.Rand, size int) reflect.Value {
	var blob []byte
	for i := r.Intn(5); i > 0; i-- {
		chunk := make([]byte, r.Intn(size+1))
		r.Read(chunk)
		switch r.Intn(4) {
		case 0:
			blob = append(blob, sshString([]byte("ssh-rsa"))...)
		case 1:
			blob = binary.BigEndian.AppendUint32(blob, r.Uint32())
			blob = append(blob, chunk...)
		default:
			blob = append(blob, sshString(chunk)...)
		}
	}
	text := []byte(base64.StdEncoding.EncodeToString(blob))
	if len(text) > 0 && r.Intn(3) == 0 {
		text[r.Intn(len(text))] = byte(r.Intn(256))
	}
	prefixes := []string{"ssh-rsa ", "ssh-rsa  ", "ssh-dss ", "", "ssh-rsa\t"}
	return reflect.ValueOf(sshish(prefixes[r.Intn(len(prefixes))] + string(text) + " c"))
}

// sshRsaPublicKeyMessage says whether msg is one SshRsaPublicKey may return.
func sshRsaPublicKeyMessage(msg string) bool {
	return msg == notAKey || msg == notBase64 || msg == notAnRsaKey ||
		strings.HasPrefix(msg, "must be an RSA key of 2048 to 16384 bits (this one has ")
}

func imageTagOrDigestMessage(msg string) bool {
	return strings.HasPrefix(msg, `must be a digest "sha256:"`) || strings.HasPrefix(msg, "must be an image tag (")
}

// Every check answers any string with nil or one of its messages, and never
// panics (a panic here would be a Go trace instead of an error line).
func TestChecksNeverPanic(t *testing.T) {
	checks := map[string]func(string) error{
		"Account":                  awsnames.Account,
		"Region":                   awsnames.Region,
		"EcrRepositoryName":        awsnames.EcrRepositoryName,
		"ImageTagOrDigest":         awsnames.ImageTagOrDigest,
		"StackName":                awsnames.StackName,
		"BootstrapQualifier":       awsnames.BootstrapQualifier,
		"GitHubRepository":         awsnames.GitHubRepository,
		"GitHubBranch":             awsnames.GitHubBranch,
		"GitHubEnvironment":        awsnames.GitHubEnvironment,
		"GitHubOidcProviderArn":    awsnames.GitHubOidcProviderArn,
		"CodeCommitRepositoryName": awsnames.CodeCommitRepositoryName,
		"SshRsaPublicKey":          awsnames.SshRsaPublicKey,
	}
	for name, fn := range checks {
		t.Run(name, func(t *testing.T) {
			property := func(s string) bool {
				err := fn(s)
				return err == nil || strings.HasPrefix(err.Error(), "must ")
			}
			if err := quick.Check(property, &quick.Config{MaxCount: 1000}); err != nil {
				t.Error(err)
			}
		})
	}
	t.Run("SshRsaPublicKey near a key", func(t *testing.T) {
		property := func(s sshish) bool {
			err := awsnames.SshRsaPublicKey(string(s))
			return err == nil || sshRsaPublicKeyMessage(err.Error())
		}
		if err := quick.Check(property, &quick.Config{MaxCount: 5000}); err != nil {
			t.Error(err)
		}
	})
	t.Run("ImageTagOrDigest near a digest", func(t *testing.T) {
		property := func(hex string, cut uint8) bool {
			s := "sha256:" + hex
			s = s[:min(len(s), int(cut))]
			err := awsnames.ImageTagOrDigest(s)
			return err == nil || imageTagOrDigestMessage(err.Error())
		}
		if err := quick.Check(property, &quick.Config{MaxCount: 1000}); err != nil {
			t.Error(err)
		}
	})
}

// go test runs the seeds; go test -fuzz=FuzzSshRsaPublicKey explores further.
func FuzzSshRsaPublicKey(f *testing.F) {
	b64 := strings.Fields(cdktest.SshRsaPublicKey)[1]
	for _, seed := range []string{
		cdktest.SshRsaPublicKey, cdktest.SshRsaPublicKey1024, "", "ssh-rsa", "ssh-rsa AAAA",
		"ssh-rsa " + b64[:100], "ssh-rsa " + b64[:101], "ssh-rsa ////", line(rsaBlob(big.NewInt(3), modulus(16385))),
		line([]byte{0, 0, 0, 7, 's', 's', 'h', '-', 'r', 's', 'a', 0xff, 0xff, 0xff, 0xff}),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := awsnames.SshRsaPublicKey(s); err != nil && !sshRsaPublicKeyMessage(err.Error()) {
			t.Errorf("SshRsaPublicKey(%q) = %q, not one of its messages", s, err)
		}
	})
}

func FuzzImageTagOrDigest(f *testing.F) {
	for _, seed := range []string{
		"latest", "", ":", "sha256:", "sha256:" + strings.Repeat("a", 64), "sha256:" + strings.Repeat("A", 64),
		strings.Repeat("a", 128), strings.Repeat("a", 129), ".x", "-x", "a@b", "\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := awsnames.ImageTagOrDigest(s)
		if err != nil && !imageTagOrDigestMessage(err.Error()) {
			t.Errorf("ImageTagOrDigest(%q) = %q, not one of its messages", s, err)
		}
		if err == nil && len(s) > 128 && len(s) != len("sha256:")+64 {
			t.Errorf("ImageTagOrDigest(%q) accepted %d characters", s, len(s))
		}
	})
}

func TestIamPrincipalArn(t *testing.T) {
	const bad = "must be the ARN of an IAM role or user, arn:aws:iam::ACCOUNT:role/NAME or arn:aws:iam::ACCOUNT:user/NAME"
	runChecks(t, awsnames.IamPrincipalArn, []check{
		{"role", "arn:aws:iam::123456789012:role/ci", ""},
		{"role with a path", "arn:aws:iam::123456789012:role/service-role/ci", ""},
		{"user", "arn:aws-us-gov:iam::123456789012:user/ops@example.com", ""},
		{"a name alone", "ci", bad},
		{"account root", "arn:aws:iam::123456789012:root", bad},
		{"wildcard", "arn:aws:iam::123456789012:role/*", bad},
		{"assumed-role session", "arn:aws:sts::123456789012:assumed-role/ci/session", bad},
		{"group", "arn:aws:iam::123456789012:group/admins", bad},
		{"placeholder account", "arn:aws:iam::ACCOUNT:role/ci", bad},
	})
}
