package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
)

// asApp makes the test binary run main() instead of the tests, so the app is
// tested as a process (exit code, stderr, files left behind) without a build.
const asApp = "FASTAPI_LAMBDA_CDK_RUN_AS_APP"

func TestMain(m *testing.M) {
	if os.Getenv(asApp) == "1" {
		main()
	}
	os.Exit(m.Run())
}

type obj = map[string]interface{}

// committedContext is cdk.json's context, as the CLI hands it to the app.
func committedContext(t *testing.T) obj {
	t.Helper()
	context, err := readConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	return context
}

// with returns a copy of context with the keys of extra set on top, as -c
// flags set them.
func with(context obj, extra obj) obj {
	out := obj{}
	for k, v := range context {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

type run struct {
	code           int
	stdout, stderr string
	outdir         string
}

// staleFiles stand for the assembly of an earlier successful run.
var staleFiles = []string{"manifest.json", "FastApiLambda.template.json", "tree.json"}

// runApp runs the app the way the CDK CLI does: context in CDK_CONTEXT_JSON,
// output directory in CDK_OUTDIR (seeded with an earlier run's assembly).
func runApp(t *testing.T, context obj, args ...string) run {
	t.Helper()
	return runAppIn(t, "", context, args...)
}

// runAppIn runs the app as runApp does, in dir ("" for the repository root).
func runAppIn(t *testing.T, dir string, context obj, args ...string) run {
	t.Helper()
	outdir := t.TempDir()
	for _, f := range staleFiles {
		if err := os.WriteFile(filepath.Join(outdir, f), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := json.Marshal(context)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asApp+"=1", "CDK_OUTDIR="+outdir, "CDK_CONTEXT_JSON="+string(raw))
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return run{code: code, stdout: stdout.String(), stderr: stderr.String(), outdir: outdir}
}

// templates lists the templates in the output directory.
func (r run) templates(t *testing.T) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(r.outdir, "*.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(r.outdir, "manifest.json")); err == nil {
		found = append(found, "manifest.json")
	}
	return found
}

// mustFail checks a run that should be refused: exit 1, every message on an
// "error: " line, no Go trace, and no assembly left behind.
func (r run) mustFail(t *testing.T, messages ...string) {
	t.Helper()
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if !strings.HasPrefix(line, "error: ") {
			t.Errorf("stderr line %q does not start with \"error: \"", line)
		}
	}
	for _, msg := range messages {
		if !strings.Contains(r.stderr, "error: "+msg+"\n") {
			t.Errorf("stderr has no line\n  error: %s\ngot:\n%s", msg, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "goroutine") || strings.Contains(r.stderr, "panic") {
		t.Errorf("stderr has a Go trace:\n%s", r.stderr)
	}
	if left := r.templates(t); len(left) > 0 {
		t.Errorf("a refused run left %v in the output directory", left)
	}
}

var rsaKey2048 = cdktest.SshRsaPublicKey

// badSetting is one refused configuration: the context given (on top of the
// committed cdk.json), and the error lines the app must print. A case with a
// configFile runs in a directory whose cdk.json holds it; its context is
// what the CLI hands over, the file parsed (of two equal keys, the last).
type badSetting struct {
	name     string
	context  obj
	messages []string
}

// badSettings are every refusal the app tests; the README's table of refused
// input lists each message.
func badSettings() []badSetting {
	return append(badSettingsGiven(), badConfigFiles()...)
}

// badConfigFiles are the refusals of a cdk.json as written, which the
// parsed context no longer shows.
func badConfigFiles() []badSetting {
	file := func(lines ...string) obj { return obj{configFileKey: strings.Join(lines, "\n") + "\n"} }
	return []badSetting{
		{"SettingTwiceInFile", file(`{`, `  "app": "go run .",`, `  "context": {`, `    "environments": {`, `      "default": {`,
			`        "urlAuthType": "AWS_IAM",`, `        "stackName": "Api",`, `        "urlAuthType": "NONE"`, `      }`, `    }`, `  }`, `}`),
			[]string{`cdk.json:8: setting "urlAuthType" is given twice in environments.default (first on line 6): the last one would win silently; keep one`}},
		{"EnvironmentTwiceInFile", file(`{`, `  "app": "go run .",`, `  "context": {`, `    "environments": {`, `      "default": {"stackName": "Api"},`,
			`      "prod": {"stackName": "Prod"},`, `      "default": {"stackName": "Other"}`, `    }`, `  }`, `}`),
			[]string{`cdk.json:7: environment "default" is defined twice in environments (first on line 5): the last one would win silently; keep one`}},
	}
}

// promotion is a staging environment CI deploys from main and, as
// default, one that follows it, with more set on default (nil removes).
func promotion(more obj) obj {
	def := promotedEnv("222222222222", "eu-west-1", "Api", nil)
	for k, v := range more {
		if v == nil {
			delete(def, k)
		} else {
			def[k] = v
		}
	}
	return obj{"default": def, "staging": promotedEnv("111111111111", "eu-west-1", "ApiStaging", nil)}
}

// configFileKey, in a bad setting's context, holds a cdk.json of its own.
const configFileKey = "cdk.json"

func badSettingsGiven() []badSetting {
	prodEnvs := obj{
		"default": obj{},
		"prod":    obj{"account": "111111111111", "region": "eu-west-1", "stackName": "Api"},
	}
	long := strings.Repeat("A", 129)
	return []badSetting{
		{"PromoteAfterUnknown", obj{"environments": promotion(obj{"promoteAfter": "stagign"})},
			[]string{`environments.default: promoteAfter names no environment, got "stagign" (environments has "default", "staging"); did you mean "staging"?`}},
		{"PromoteAfterLoop", obj{"environments": obj{"default": promotedEnv("111111111111", "eu-west-1", "A", obj{"promoteAfter": "staging"}),
			"staging": promotedEnv("222222222222", "eu-west-1", "B", obj{"promoteAfter": "default"})}},
			[]string{`environments: promoteAfter makes a loop, default after staging: one of them must follow none`}},
		{"PromoteAfterItself", obj{"environments": obj{"default": promotedEnv("111111111111", "eu-west-1", "A", obj{"promoteAfter": "default"})}},
			[]string{`environments: promoteAfter makes a loop, default: one of them must follow none`}},
		{"PromoteAfterBadName", obj{"environments": promotion(obj{"promoteAfter": "prod-eu"})},
			[]string{`environments.default: promoteAfter must name an environment: 1 to 32 letters, digits or '_', starting with a letter, got "prod-eu"`}},
		{"PromoteAfterOverride", obj{"promoteAfter": "staging"},
			[]string{`-c: promoteAfter orders the deploys CI makes of the environments committed in cdk.json, so it takes no one-off value, got "staging": commit it in environments.default`}},
		{"PromoteAfterWithoutGitHub", obj{"environments": promotion(obj{"promoteAfter": "staging", "githubRepository": nil})},
			[]string{`environments.default: promoteAfter needs githubRepository: only CI promotes, got promoteAfter "staging"`}},
		{"PromoteAfterLocalEnvironment", obj{"environments": obj{"default": promotedEnv("111111111111", "eu-west-1", "A", obj{"promoteAfter": "staging"}),
			"staging": obj{"account": "222222222222", "region": "eu-west-1", "stackName": "B", "imageRepository": "api"}}},
			[]string{`environments.default: promoteAfter "staging" names an environment CI does not deploy: environments.staging sets no githubRepository`}},
		{"PromoteAfterOtherRepository", obj{"environments": promotion(obj{"promoteAfter": "staging", "githubRepository": "acme/other"})},
			[]string{`environments.default: promoteAfter "staging" names an environment of another repository, "acme/api", not "acme/other": one workflow run promotes within one repository`}},
		{"PromoteAfterWithoutImageRepository", obj{"environments": promotion(obj{"promoteAfter": "staging", "imageRepository": nil})},
			[]string{`environments.default: promoteAfter needs imageRepository on every environment of a promotion (it follows staging): CI builds the image once and pushes it there by digest, and each environment deploys that digest`}},
		{"PromotionChainTooLong", obj{"environments": obj{
			"a":       promotedEnv("111111111111", "eu-west-1", "A", nil),
			"b":       promotedEnv("111111111111", "eu-west-2", "B", obj{"promoteAfter": "a", "githubOidcProviderArn": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}),
			"c":       promotedEnv("222222222222", "eu-west-1", "C", obj{"promoteAfter": "b"}),
			"d":       promotedEnv("333333333333", "eu-west-1", "D", obj{"promoteAfter": "c"}),
			"default": promotedEnv("444444444444", "eu-west-1", "E", obj{"promoteAfter": "d"})}},
			[]string{`environments.default: promoteAfter makes a chain of 5 environments (a, then b, then c, then d, then default); the deploy workflow runs at most 4 waves`}},
		{"TwoPromotionsTwoRepositories", obj{"environments": obj{
			"default":   promotedEnv("111111111111", "eu-west-1", "A", nil),
			"prod":      promotedEnv("222222222222", "eu-west-1", "B", obj{"promoteAfter": "default"}),
			"other":     promotedEnv("333333333333", "eu-west-1", "C", obj{"imageRepository": "web"}),
			"otherProd": promotedEnv("444444444444", "eu-west-1", "D", obj{"promoteAfter": "other", "imageRepository": "web"})}},
			[]string{`environments.default and environments.other both start a promotion, from image repositories "api" in 111111111111/eu-west-1 and "web" in 333333333333/eu-west-1: ` +
				`CI builds one image a commit and pushes it to one repository; let one follow the other, or give both the same imageRepository, account and region`}},
		// make bootstrap STACK=x: the value came from the command line, not cdk.json.
		{"BootstrapWithStackOverride", obj{"bootstrapPolicy": "true", "stackName": "Other"},
			[]string{`bootstrapPolicy: the bootstrap policy covers the stacks committed in cdk.json, so it takes no one-off setting, got STACK=Other (-c stackName=Other): commit it in environments.default, then bootstrap again`}},
		{"BootstrapWithAccountOverride", obj{"bootstrapPolicy": "true", "account": "111111111111", "region": "eu-west-1"},
			[]string{`bootstrapPolicy: the bootstrap policy covers the stacks committed in cdk.json, so it takes no one-off setting, got -c account=111111111111, -c region=eu-west-1: commit them in environments.default, then bootstrap again`}},
		// CloudFormation would cut the name short in the roles' names, which
		// the execution policy matches by STACK-*.
		{"StackNameTooLongForPolicy", obj{"stackName": "FastApiLambdaStagingEurope"},
			[]string{`-c: stackName must be at most 25 characters with bootstrapExecutionPolicy on (the default): CloudFormation cuts a longer stack name short inside the 64-character names it gives roles and functions, which the execution policy matches as STACK-*; got 26 characters, "FastApiLambdaStagingEurope"`}},
		{"StackNameTooLongForEdgePolicy", frontDoorOn(obj{"stackName": "FastApiLambdaStaging1"}),
			[]string{`-c: stackName must be at most 20 characters (25, less its front door's edge stack suffix -Edge) with bootstrapExecutionPolicy on (the default): CloudFormation cuts a longer stack name short inside the 64-character names it gives roles and functions, which the execution policy matches as STACK-*; got 21 characters, "FastApiLambdaStaging1"`}},
		// Over the limit: the limit is the rule, and the value shows as written.
		{"ReservedConcurrencyTooLarge", obj{"reservedConcurrency": "1000000000000"},
			[]string{`-c: reservedConcurrency must be at most 2147483647, the largest whole number CloudFormation takes (Lambda then holds it to the account's concurrency quota, 1000 unless raised), got "1000000000000"`}},
		{"ReservedConcurrencyTooLargeInFile", obj{"environments": obj{"default": obj{"reservedConcurrency": 1e12}}},
			[]string{`environments.default: reservedConcurrency must be at most 2147483647, the largest whole number CloudFormation takes (Lambda then holds it to the account's concurrency quota, 1000 unless raised), got 1000000000000`}},
		{"SerialWithTwentyDigits", obj{"deployAccessKey": "true", "deployAccessKeySerial": "99999999999999999999"},
			[]string{`-c: deployAccessKeySerial must be at most 2147483647, the largest whole number CloudFormation takes, got "99999999999999999999"`}},
		{"RateLimitTooLarge", frontDoorOn(obj{"frontDoorRateLimit": "3000000000"}),
			[]string{`-c: frontDoorRateLimit must be a whole number of requests from 10 to 2000000000, got "3000000000"`}},
		{"NoDeployUserWithoutGitHub", obj{"deployUser": "false"},
			[]string{`-c: deployUser false needs githubRepository: without the user, the GitHub deploy role is the only identity that deploys`}},
		{"NoDeployUserWithAccessKey", obj{"deployUser": "false", "githubRepository": "acme/api", "deployAccessKey": "true"},
			[]string{`-c: deployAccessKey needs the deploy user, got deployUser false`}},
		{"SnapStartWithProvisioned", obj{"snapStart": "true", "provisionedConcurrency": "2"},
			[]string{`-c: snapStart cannot be combined with provisionedConcurrency: Lambda restores a version from its snapshot or keeps it warm, not both`}},
		{"AdapterUnknown", obj{"adapter": "uvicorn"},
			[]string{`-c: adapter must be mangum (buffered answers) or web-adapter (uvicorn behind the Lambda Web Adapter, which streams), got "uvicorn"`}},
		{"TypoInFlag", obj{"urlAuthtype": "AWS_IAM"},
			[]string{`-c: unknown setting "urlAuthtype"; did you mean "urlAuthType"?`}},
		{"PrefixOfSetting", obj{"urlAuth": "NONE"},
			[]string{`-c: unknown setting "urlAuth"; did you mean "urlAuthType"?`}},
		{"WrongCase", obj{"githubrepository": "acme/api"},
			[]string{`-c: unknown setting "githubrepository"; did you mean "githubRepository"?`}},
		{"TypoInFile", obj{"environments": obj{"default": obj{"urlAuthtype": "AWS_IAM"}}},
			[]string{`environments.default: unknown setting "urlAuthtype"; did you mean "urlAuthType"?`}},
		{"ShortAccount", obj{"account": "123", "region": "eu-west-1"},
			[]string{`-c: account must be 12 digits, got "123"`}},
		{"AccountWithoutRegion", obj{"account": "111111111111"},
			[]string{`-c: account "111111111111" needs region: set both, or neither for a stack that deploys wherever the credentials point`}},
		{"RegionWithoutAccount", obj{"region": "eu-west-1"},
			[]string{`-c: region "eu-west-1" needs account: set both, or neither for a stack that deploys wherever the credentials point`}},
		{"UnknownRegion", obj{"account": "111111111111", "region": "mars-1"},
			[]string{`-c: region must be an AWS region, such as eu-west-1, got "mars-1"`}},
		{"MisspeltRegion", obj{"account": "111111111111", "region": "eu-wset-1"},
			[]string{`-c: region must be an AWS region, such as eu-west-1, got "eu-wset-1"; did you mean "eu-west-1"?`}},
		{"AccountAsNumberInFile", obj{"environments": obj{"default": obj{"account": 111111111111.0, "region": "eu-west-1"}}},
			[]string{`environments.default: account must be a string of 12 digits: quote it (a number loses leading zeros), got 111111111111`}},
		{"RepositoryArn", obj{"imageRepository": "arn:aws:ecr:eu-west-1:111111111111:repository/my_app"},
			[]string{`-c: imageRepository must be the repository name, not its ARN, got "arn:aws:ecr:eu-west-1:111111111111:repository/my_app"`}},
		{"RepositoryUri", obj{"imageRepository": "111111111111.dkr.ecr.eu-west-1.amazonaws.com/my_app"},
			[]string{`-c: imageRepository must be the repository name, not an image URI, got "111111111111.dkr.ecr.eu-west-1.amazonaws.com/my_app"`}},
		{"RepositoryUpperCase", obj{"imageRepository": "My_App"},
			[]string{`-c: imageRepository must be an ECR repository name: 2 to 256 lower-case letters, digits and '.', '_', '-' or '/' between them, got "My_App"`}},
		{"TagWithoutRepository", obj{"imageTagOrDigest": "v1"},
			[]string{`-c: imageTagOrDigest needs imageRepository: without it the image is built from lambda-app/ and the tag would be ignored`}},
		{"ShortDigest", obj{"imageRepository": "my_app", "imageTagOrDigest": "sha256:abc"},
			[]string{`-c: imageTagOrDigest must be a digest "sha256:" and 64 lower-case hex digits, or a tag, got "sha256:abc"`}},
		{"TagWithSpace", obj{"imageRepository": "my_app", "imageTagOrDigest": "v 1"},
			[]string{`-c: imageTagOrDigest must be an image tag (1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-') or a digest "sha256:...", got "v 1"`}},
		{"StackNameWithSpace", obj{"stackName": "bad name"},
			[]string{`-c: stackName must be 1 to 128 letters, digits or '-', starting with a letter, got "bad name"`}},
		{"StackNameTooLong", obj{"stackName": long},
			[]string{`-c: stackName must be 1 to 128 letters, digits or '-', starting with a letter, got "` + long + `"`}},
		{"FractionalSerial", obj{"deployAccessKey": "true", "deployAccessKeySerial": "1.5"},
			[]string{`-c: deployAccessKeySerial must be a whole number from 1 up, got "1.5"`}},
		{"NegativeSerial", obj{"deployAccessKey": "true", "deployAccessKeySerial": "-1"},
			[]string{`-c: deployAccessKeySerial must be a whole number from 1 up, got "-1"`}},
		{"ReadersWithoutKey", obj{"deployAccessKeyReaders": "arn:aws:iam::111111111111:role/ci"},
			[]string{`-c: deployAccessKeyReaders needs deployAccessKey true: they read the access key's secret`}},
		{"ReaderNotAnArn", obj{"deployAccessKey": "true", "deployAccessKeyReaders": "arn:aws:iam::111111111111:role/ci, ci"},
			[]string{`-c: deployAccessKeyReaders lists "ci", which must be the ARN of an IAM role or user, arn:aws:iam::ACCOUNT:role/NAME or arn:aws:iam::ACCOUNT:user/NAME, got "arn:aws:iam::111111111111:role/ci, ci"`}},
		{"SerialWithoutKey", obj{"deployAccessKeySerial": "2"},
			[]string{`-c: deployAccessKeySerial needs deployAccessKey true: the serial rotates the deploy user's access key`}},
		{"BooleanAsWord", obj{"deployAccessKey": "yes"},
			[]string{`-c: deployAccessKey must be true or false, got "yes"`}},
		{"TruncatedSshKey", obj{"codeCommitRepository": "app", "sshPublicKey": rsaKey2048[:200]},
			[]string{`-c: sshPublicKey must be an OpenSSH RSA public key: its key part does not decode to an ssh-rsa key (truncated?), got "ssh-rsa AAAAB3NzaC1yc2EA..."`}},
		{"SmallSshKey", obj{"codeCommitRepository": "app", "sshPublicKey": cdktest.SshRsaPublicKey1024},
			[]string{`-c: sshPublicKey must be an RSA key of 2048 to 16384 bits (this one has 1024), got "ssh-rsa AAAAB3NzaC1yc2EA..."`}},
		{"Ed25519SshKey", obj{"codeCommitRepository": "app", "sshPublicKey": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk deploy@laptop"},
			[]string{`-c: sshPublicKey must be an OpenSSH RSA public key ("ssh-rsa AAAA..."), got "ssh-ed25519 AAAAC3NzaC1l..."`}},
		{"SshKeyWithoutCodeCommit", obj{"sshPublicKey": rsaKey2048},
			[]string{`-c: sshPublicKey needs codeCommitRepository: the key is for git over SSH to that repository`}},
		{"CodeCommitDotGit", obj{"codeCommitRepository": "app.git"},
			[]string{`-c: codeCommitRepository must be 1 to 100 letters, digits, '.', '-' or '_', not ending in .git, got "app.git"`}},
		{"WildcardRepository", obj{"githubRepository": "acme/*"},
			[]string{`-c: githubRepository must name one repository: a wildcard would let other repositories' workflows deploy, got "acme/*"`}},
		{"RepositoryWithoutOwner", obj{"githubRepository": "api"},
			[]string{`-c: githubRepository must be "owner/name", without .git, got "api"`}},
		{"BranchWithoutRepository", obj{"githubBranch": "release"},
			[]string{`-c: githubBranch needs githubRepository`}},
		{"BranchAndEnvironment", obj{"githubRepository": "acme/api", "githubBranch": "release", "githubEnvironment": "production"},
			[]string{`-c: set githubBranch or githubEnvironment, not both, got branch "release" and environment "production"`}},
		{"WildcardBranch", obj{"githubRepository": "acme/api", "githubBranch": "release/*"},
			[]string{`-c: githubBranch must be a name of 1 to 255 characters with no wildcard or ':', got "release/*"`}},
		{"ProviderArnMalformed", obj{"githubRepository": "acme/api", "githubOidcProviderArn": "arn:aws:iam::111111111111:oidc-provider/example.com"},
			[]string{`-c: githubOidcProviderArn must be the ARN of the account's OIDC provider for GitHub, "arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com", got "arn:aws:iam::111111111111:oidc-provider/example.com"`}},
		{"ProviderInAnotherAccount", obj{"account": "111111111111", "region": "eu-west-1", "githubRepository": "acme/api",
			"githubOidcProviderArn": "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"},
			[]string{`-c: githubOidcProviderArn must be in account 111111111111, got "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"`}},
		{"LongQualifier", obj{"@aws-cdk/core:bootstrapQualifier": "waytoolongqualifier"},
			[]string{`-c: @aws-cdk/core:bootstrapQualifier must be 1 to 10 lower-case letters, digits or '-' (it is part of the bootstrap bucket's name), got "waytoolongqualifier"`}},
		{"UrlAuthTypeUnknown", obj{"urlAuthType": "PUBLIC"},
			[]string{`-c: urlAuthType must be NONE or AWS_IAM, got "PUBLIC"`}},
		{"EmptyValue", obj{"githubRepository": ""},
			[]string{`-c: githubRepository must not be empty, got ""`}},
		{"UnknownEnvironment", obj{"environments": prodEnvs, "environment": "prdo"},
			[]string{`environment: unknown environment "prdo" (environments has "default", "prod"); did you mean "prod"?`}},
		{"NoEnvironments", obj{"environments": nil},
			[]string{`environments must be an object of environments, such as {"default": {}}, got null`}},
		{"MixedBootstrapPolicies", obj{"environments": obj{"default": obj{"bootstrapExecutionPolicy": false}, "dev": obj{"stackName": "Dev"}}},
			[]string{`environments.default and environments.dev may share the bootstrap stack of qualifier hnb659fds, and only one turns bootstrapExecutionPolicy off: set it the same on both, or give one its own @aws-cdk/core:bootstrapQualifier`}},
		{"SameStackTwice", obj{"environments": obj{"default": obj{}, "dev": obj{"stackName": "FastApiLambda"}}},
			[]string{`environments.default and environments.dev would both deploy stack FastApiLambda wherever the credentials point: give one its own stackName, or both an account and region that differ`}},
		{"BadEnvironmentName", obj{"environments": obj{"default": obj{}, "prod-eu": obj{}}},
			[]string{`environments: environment name must be 1 to 32 letters, digits or '_', starting with a letter, got "prod-eu"`}},
		// A typo in an environment not selected still fails: CI deploys it.
		{"BadValueInOtherEnvironment", obj{"environments": obj{"default": obj{}, "prod": obj{"account": "111111111111", "region": "eu-west-1", "urlAuthType": "aws_iam"}}},
			[]string{`environments.prod: urlAuthType must be NONE or AWS_IAM, got "aws_iam"`}},
		{"BranchAsRef", obj{"githubRepository": "acme/api", "githubBranch": "refs/heads/main"},
			[]string{`-c: githubBranch must be the branch's name, not its ref (main, not refs/heads/main), got "refs/heads/main"`}},
		{"RepositoryCloneSuffix", obj{"githubRepository": "acme/api.git"},
			[]string{`-c: githubRepository must be "owner/name", without .git, got "acme/api.git"`}},
		{"UnicodeEnvironment", obj{"githubRepository": "acme/api", "githubEnvironment": "生产"},
			[]string{`-c: githubEnvironment must be printable ASCII: it goes into the role's trust policy and description, got "生产"`}},
		{"QualifierUpperCase", obj{"@aws-cdk/core:bootstrapQualifier": "MyQual"},
			[]string{`-c: @aws-cdk/core:bootstrapQualifier must be 1 to 10 lower-case letters, digits or '-' (it is part of the bootstrap bucket's name), got "MyQual"`}},
		{"QualifierKeyMisspelt", obj{"@aws-cdk/core:bootstrapQualifer": "myqual"},
			[]string{`-c: unknown setting "@aws-cdk/core:bootstrapQualifer"; did you mean "@aws-cdk/core:bootstrapQualifier"?`}},
		{"SerialWithSign", obj{"deployAccessKey": "true", "deployAccessKeySerial": "+3"},
			[]string{`-c: deployAccessKeySerial must be a whole number from 1 up, got "+3"`}},
		{"EnvironmentsDifferingInCase", obj{"environments": obj{"default": obj{}, "prod": obj{"stackName": "A"}, "Prod": obj{"stackName": "B"}}},
			[]string{`environments: environments "Prod" and "prod" differ only in case: GitHub variable names (DEPLOY_ROLE_ARN_PROD) ignore case`}},
		{"TwoProvidersInOneAccount", obj{"environments": obj{
			"default": obj{},
			"dev":     obj{"stackName": "Dev", "account": "111111111111", "region": "eu-west-1", "githubRepository": "acme/api"},
			"prod":    obj{"stackName": "Prod", "account": "111111111111", "region": "eu-west-1", "githubRepository": "acme/api"},
		}}, []string{`environments.dev and environments.prod would both create the GitHub OIDC provider of account 111111111111, which holds one: ` +
			`deploy dev first, then set environments.prod.githubOidcProviderArn to arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com`}},
		{"NoDefaultAndNoneSelected", obj{"environments": obj{"prod": obj{}}},
			[]string{`environment: no environment selected and none is named "default": select one with ENV=NAME (make) or -c environment=NAME; environments has "prod"`}},
		{"AlarmEmailNotAnAddress", obj{"alarmEmail": "ops"},
			[]string{`-c: alarmEmail must be one email address, such as ops@example.com (SNS sends it a confirmation link), got "ops"`}},
		{"AlarmEmailList", obj{"alarmEmail": "ops@example.com,dev@example.com"},
			[]string{`-c: alarmEmail must be one email address, such as ops@example.com (SNS sends it a confirmation link), got "ops@example.com,dev@example.com"`}},
		{"LogLevelPythonName", obj{"applicationLogLevel": "WARNING"},
			[]string{`-c: applicationLogLevel must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL, got "WARNING"`}},
		{"DashboardAsWord", obj{"dashboard": "off"},
			[]string{`-c: dashboard must be true or false, got "off"`}},
		{"ProvisionedAboveDefaultCap", obj{"provisionedConcurrency": "12"},
			[]string{`-c: provisionedConcurrency must be at most reservedConcurrency (10 by default): Lambda cannot keep more warm than the function may run, got 12`}},
		{"ProvisionedMaxAboveCap", obj{"reservedConcurrency": "20", "provisionedConcurrency": "2", "provisionedConcurrencyMax": "30"},
			[]string{`-c: provisionedConcurrencyMax must be at most reservedConcurrency (20): Lambda cannot keep more warm than the function may run, got 30`}},
		{"ProvisionedMaxWithoutFloor", obj{"provisionedConcurrencyMax": "4"},
			[]string{`-c: provisionedConcurrencyMax needs provisionedConcurrency, the floor auto scaling keeps`}},
		{"ProvisionedMaxBelowFloor", obj{"provisionedConcurrency": "4", "provisionedConcurrencyMax": "3"},
			[]string{`-c: provisionedConcurrencyMax must be at least provisionedConcurrency (4), got 3`}},
		{"UtilizationWithoutMax", obj{"provisionedConcurrency": "2", "provisionedConcurrencyUtilization": "70"},
			[]string{`-c: provisionedConcurrencyUtilization needs provisionedConcurrencyMax: it is auto scaling's target`}},
		{"UtilizationOverAHundred", obj{"provisionedConcurrency": "2", "provisionedConcurrencyMax": "4", "provisionedConcurrencyUtilization": "170"},
			[]string{`-c: provisionedConcurrencyUtilization must be a percentage from 1 to 100 (70, not 0.7), got 170`}},
		{"UtilizationAsFraction", obj{"provisionedConcurrency": "2", "provisionedConcurrencyMax": "4", "provisionedConcurrencyUtilization": "0.7"},
			[]string{`-c: provisionedConcurrencyUtilization must be a percentage from 1 to 100 (70, not 0.7), got "0.7"`}},
		{"KeyWithExecutionPolicy", obj{"customerManagedKey": "true"},
			[]string{`-c: customerManagedKey needs bootstrapExecutionPolicy false: the execution policy cannot name a KMS key before it exists, ` +
				`and allowing every key would let a deploy rewrite any key's policy; set it false here and on every environment ` +
				`sharing this bootstrap qualifier, or give this one its own @aws-cdk/core:bootstrapQualifier`}},
		{"FrontDoorWithoutEnvironment", obj{"frontDoor": "true"},
			[]string{
				`-c: frontDoor needs account and region: its edge (certificate, web ACL, payload-hash function) goes to a stack in us-east-1 of the same account`,
				`-c: frontDoor needs urlAuthType AWS_IAM, so that only the distribution reaches the Function URL, got "NONE" (leave it unset: the front door sets AWS_IAM)`,
			}},
		{"FrontDoorOptionAlone", obj{"frontDoorDomain": "api.example.com"},
			[]string{`-c: frontDoorDomain needs frontDoor true`}},
		{"FrontDoorDomainAlone", frontDoorOn(obj{"frontDoorDomain": "api.example.com"}),
			[]string{`-c: frontDoorDomain needs frontDoorHostedZoneId and frontDoorHostedZoneName (a certificate validated through the zone, and the records), or frontDoorCertificateArn, got "api.example.com" alone`}},
		{"FrontDoorDomainUpperCase", frontDoorOn(obj{"frontDoorDomain": "API.example.com", "frontDoorCertificateArn": testCertificate}),
			[]string{`-c: frontDoorDomain must be a lower-case DNS name such as api.example.com, got "API.example.com"`}},
		{"FrontDoorDomainOutsideZone", frontDoorOn(obj{"frontDoorDomain": "api.example.org", "frontDoorHostedZoneId": "Z0123456789ABCDEFGHIJ", "frontDoorHostedZoneName": "example.com"}),
			[]string{`-c: frontDoorDomain must be in frontDoorHostedZoneName "example.com", got "api.example.org"`}},
		{"FrontDoorZoneIdWithPrefix", frontDoorOn(obj{"frontDoorDomain": "api.example.com", "frontDoorHostedZoneId": "/hostedzone/Z0123456789ABCDEFGHIJ", "frontDoorHostedZoneName": "example.com"}),
			[]string{`-c: frontDoorHostedZoneId must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (without "/hostedzone/"), got "/hostedzone/Z0123456789ABCDEFGHIJ"`}},
		{"FrontDoorZoneIdAlone", frontDoorOn(obj{"frontDoorHostedZoneId": "Z0123456789ABCDEFGHIJ"}),
			[]string{
				`-c: frontDoorHostedZoneId and frontDoorHostedZoneName go together: set both, or neither`,
				`-c: the hosted zone and the certificate need frontDoorDomain: the name clients call`,
			}},
		{"FrontDoorCertificateOutsideUsEast1", frontDoorOn(obj{"frontDoorDomain": "api.example.com",
			"frontDoorCertificateArn": strings.Replace(testCertificate, "us-east-1", "eu-west-1", 1)}),
			[]string{`-c: frontDoorCertificateArn must be the ARN of an ACM certificate in us-east-1 (CloudFront reads certificates there only), ` +
				`arn:aws:acm:us-east-1:ACCOUNT:certificate/ID, got "` + strings.Replace(testCertificate, "us-east-1", "eu-west-1", 1) + `"`}},
		{"FrontDoorCertificateOfAnotherAccount", frontDoorOn(obj{"frontDoorDomain": "api.example.com",
			"frontDoorCertificateArn": strings.Replace(testCertificate, "111111111111", "222222222222", 1)}),
			[]string{`-c: frontDoorCertificateArn must be in account 111111111111 (CloudFront serves certificates of its own account), got "` +
				strings.Replace(testCertificate, "111111111111", "222222222222", 1) + `"`}},
		{"FrontDoorRateTooLow", frontDoorOn(obj{"frontDoorRateLimit": "5"}),
			[]string{`-c: frontDoorRateLimit must be a whole number of requests from 10 to 2000000000, got 5`}},
		{"FrontDoorRateWithoutWebAcl", frontDoorOn(obj{"frontDoorRateLimit": "100", "frontDoorWebAcl": "false"}),
			[]string{`-c: frontDoorRateLimit needs frontDoorWebAcl true: the web ACL enforces it`}},
		{"FrontDoorCachesEverything", frontDoorOn(obj{"frontDoorCachedPaths": "/static/*,/*"}),
			[]string{`-c: frontDoorCachedPaths must not cache every path ("/*"): the API's answers differ per request; name the paths that may be cached, got "/static/*,/*"`}},
		{"EveryProblemAtOnce", obj{"urlAuthtype": "AWS_IAM", "account": "123", "region": "mars-1", "deployAccessKeySerial": "1.5"},
			[]string{
				`-c: unknown setting "urlAuthtype"; did you mean "urlAuthType"?`,
				`-c: account must be 12 digits, got "123"`,
				`-c: region must be an AWS region, such as eu-west-1, got "mars-1"`,
				`-c: deployAccessKeySerial must be a whole number from 1 up, got "1.5"`,
				`-c: deployAccessKeySerial needs deployAccessKey true: the serial rotates the deploy user's access key`,
			}},
	}
}

// testCertificate is a certificate ARN in us-east-1 of the test account.
const testCertificate = "arn:aws:acm:us-east-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

// frontDoorOn adds, to extra, the settings a front door needs: an account
// and region, and a URL for signed requests only.
func frontDoorOn(extra obj) obj {
	return with(obj{"frontDoor": "true", "account": "111111111111", "region": "eu-west-1", "urlAuthType": "AWS_IAM"}, extra)
}

// Every bad setting fails before anything is built, with the setting as the
// user wrote it and the value received.
func TestBadSettingsAreRefused(t *testing.T) {
	base := committedContext(t)
	cases := badSettings()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, context := "", with(base, tc.context)
			if text, ok := tc.context[configFileKey].(string); ok {
				dir = t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "cdk.json"), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				var file struct{ Context obj }
				if err := json.Unmarshal([]byte(text), &file); err != nil {
					t.Fatal(err)
				}
				context = file.Context
			}
			r := runAppIn(t, dir, context)
			r.mustFail(t, tc.messages...)
			if got, want := strings.Count(r.stderr, "error: "), len(tc.messages); got != want {
				t.Errorf("%d error lines, want %d:\n%s", got, want, r.stderr)
			}
		})
	}
}

// When the context is too large for the environment, the CLI hands it over
// in a file; the app reads it there rather than falling back to cdk.json.
func TestContextInTheOverflowFile(t *testing.T) {
	context := with(committedContext(t), obj{"urlAuthtype": "AWS_IAM"})
	raw, _ := json.Marshal(context)
	file := filepath.Join(t.TempDir(), "context-overflow.json")
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	outdir := t.TempDir()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), asApp+"=1", "CDK_OUTDIR="+outdir, "CONTEXT_OVERFLOW_LOCATION_ENV="+file)
	out, err := cmd.CombinedOutput()
	want := "error: -c: unknown setting \"urlAuthtype\"; did you mean \"urlAuthType\"?\n"
	if err == nil || string(out) != want {
		t.Fatalf("app with the context in an overflow file: %v\n%s\nwant the override read and refused:\n%s", err, out, want)
	}
}

// A failure of aws-cdk-lib's CloudFormation validation is an error of the
// app, with the construct path, not a template left for the CLI to refuse.
func TestValidationReportFailuresAreErrors(t *testing.T) {
	dir := t.TempDir()
	if err := validationFailures(dir); err != nil {
		t.Fatalf("no report: %v, want nil", err)
	}
	report := `{"pluginReports": [
		{"pluginName": "CloudFormation Validate", "conclusion": "failure", "violations": [
			{"description": "Description: too long", "severity": "error",
			 "violatingConstructs": [{"constructPath": "Api/Deploy/GitHubDeployRole/Resource"}]}]},
		{"pluginName": "Other", "conclusion": "success", "violations": []}]}`
	if err := os.WriteFile(filepath.Join(dir, "validation-report.json"), []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	err := validationFailures(dir)
	want := "Description: too long (Api/Deploy/GitHubDeployRole/Resource, CloudFormation Validate)"
	if err == nil || err.Error() != want {
		t.Fatalf("validationFailures = %v, want %s", err, want)
	}
}

// A setting left at the top of cdk.json would apply to every environment and
// read as an override: it belongs in an environment.
func TestSettingAtTopOfCdkJsonIsRefused(t *testing.T) {
	context := with(committedContext(t), obj{"urlAuthType": "AWS_IAM"})
	_, err := settings.Resolve(context, map[string]bool{"urlAuthType": true, "environments": true})
	if err == nil || err.Error() != `cdk.json: setting "urlAuthType" belongs in an environment: move it to environments.default.urlAuthType` {
		t.Fatalf("err = %v", err)
	}
}

// configDir returns a directory holding a cdk.json with context.
func configDir(t *testing.T, context obj) string {
	t.Helper()
	dir := t.TempDir()
	raw, _ := json.Marshal(obj{"app": "unused", "context": context})
	if err := os.WriteFile(filepath.Join(dir, "cdk.json"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runCommand runs one of the app's commands in dir and returns its output.
func runCommand(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asApp+"=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}

func TestEnvironmentsListsWhatCiDeploys(t *testing.T) {
	context := with(committedContext(t), obj{"environments": obj{
		"default": obj{},
		"dev":     obj{"stackName": "ApiDev", "githubRepository": "acme/api"},
		"prod": obj{"stackName": "Api", "account": "111111111111", "region": "eu-west-1",
			"githubRepository": "acme/api", "githubEnvironment": "production"},
		"release": obj{"stackName": "ApiRelease", "githubRepository": "acme/api", "githubBranch": "release"},
	}})
	dir := configDir(t, context)
	for branch, want := range map[string]string{
		"main":    `[{"environment":"dev","variable":"DEV","region":"","githubEnvironment":""},{"environment":"prod","variable":"PROD","region":"eu-west-1","githubEnvironment":"production"}]`,
		"release": `[{"environment":"prod","variable":"PROD","region":"eu-west-1","githubEnvironment":"production"},{"environment":"release","variable":"RELEASE","region":"","githubEnvironment":""}]`,
		"feature": `[{"environment":"prod","variable":"PROD","region":"eu-west-1","githubEnvironment":"production"}]`,
	} {
		if got := runCommand(t, dir, "environments", "-branch", branch); got != want {
			t.Errorf("environments -branch %s =\n%s\nwant\n%s", branch, got, want)
		}
	}
}

// cdk bootstrap reads the qualifier only from the top of the context or a
// flag: the Makefile passes an environment's qualifier as --qualifier.
func TestBootstrapArgsCarryTheQualifier(t *testing.T) {
	context := with(committedContext(t), obj{"environments": obj{
		"default": obj{"bootstrapExecutionPolicy": false},
		"prod":    obj{"stackName": "Api", "@aws-cdk/core:bootstrapQualifier": "myqual", "bootstrapExecutionPolicy": false},
	}})
	dir := configDir(t, context)
	for env, want := range map[string]string{"prod": "--qualifier myqual", "default": ""} {
		if got := runCommand(t, dir, "bootstrap-args", "-env", env); got != want {
			t.Errorf("bootstrap-args -env %s = %q, want %q", env, got, want)
		}
	}
}

// The committed environment synthesizes; -c overrides show in the summary.
func TestSynthesizesTheSelectedEnvironment(t *testing.T) {
	context := with(committedContext(t), obj{
		"environments": obj{
			"default": obj{"stackName": "FastApiLambda", "urlAuthType": "NONE"},
			"prod": obj{"stackName": "Api", "account": "111111111111", "region": "eu-west-1",
				"@aws-cdk/core:bootstrapQualifier": "myqual"},
		},
		"environment":  "prod",
		"urlAuthType":  "AWS_IAM",
		"printSummary": "true",
	})
	r := runApp(t, context)
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		filepath.Join(r.outdir, "Api.template.json") + ": ",
		"  environment prod (cdk.json, environments.prod): account 111111111111, region eu-west-1\n",
		"  overridden with -c, not from cdk.json: urlAuthType=AWS_IAM\n",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("summary has no %q:\n%s", want, r.stderr)
		}
	}
	// The earlier run's stack (staleFiles) is not this environment's: gone.
	if _, err := os.Stat(filepath.Join(r.outdir, "FastApiLambda.template.json")); err == nil {
		t.Error("a stale FastApiLambda.template.json stays beside the Api stack")
	}
	manifest := readJSON(t, filepath.Join(r.outdir, "manifest.json"))
	stack := manifest["artifacts"].(obj)["Api"].(obj)
	if env := stack["environment"]; env != "aws://111111111111/eu-west-1" {
		t.Errorf("stack environment = %v, want aws://111111111111/eu-west-1", env)
	}
	template := readJSON(t, filepath.Join(r.outdir, "Api.template.json"))
	url := template["Resources"].(obj)["ServiceUrl3084B86A"].(obj)["Properties"].(obj)
	if url["AuthType"] != "AWS_IAM" {
		t.Errorf("URL AuthType = %v, want the override AWS_IAM", url["AuthType"])
	}
	version := template["Parameters"].(obj)["BootstrapVersion"].(obj)["Default"]
	if version != "/cdk-bootstrap/myqual/version" {
		t.Errorf("BootstrapVersion parameter = %v, want the environment's qualifier myqual", version)
	}
}

// An environment deployed through GitHub OIDC alone gets no deploy user or
// group by default, nor the output naming the user; deployUser true brings
// them back, and an environment without GitHub keeps them.
func TestDeployUserDefault(t *testing.T) {
	count := func(r run) int {
		n := 0
		for _, resource := range r.readTemplate(t, "FastApiLambda")["Resources"].(obj) {
			if kind := resource.(obj)["Type"]; kind == "AWS::IAM::User" || kind == "AWS::IAM::Group" {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		name    string
		context obj
		want    int
	}{
		{"no GitHub", obj{}, 2},
		{"GitHub alone", obj{"githubRepository": "acme/api"}, 0},
		{"GitHub, user asked for", obj{"githubRepository": "acme/api", "deployUser": "true"}, 2},
		{"GitHub and an access key", obj{"githubRepository": "acme/api", "deployAccessKey": "true"}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runApp(t, with(committedContext(t), c.context))
			if r.code != 0 {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			if got := count(r); got != c.want {
				t.Errorf("%d deploy users and groups, want %d", got, c.want)
			}
			_, output := r.readTemplate(t, "FastApiLambda")["Outputs"].(obj)["DeployUserName"]
			if output != (c.want > 0) {
				t.Errorf("output DeployUserName %v, want %v", output, c.want > 0)
			}
		})
	}
}

// adapter web-adapter: the URL streams and the adapter answers in that mode.
func TestWebAdapterSetting(t *testing.T) {
	r := runApp(t, with(committedContext(t), obj{"adapter": "web-adapter"}))
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	text := cdktest.MustJSON(r.readTemplate(t, "FastApiLambda")["Resources"])
	for _, want := range []string{`"InvokeMode":"RESPONSE_STREAM"`, `"AWS_LWA_INVOKE_MODE":"response_stream"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the template has no %s", want)
		}
	}
}

// snapStart reaches the function: SnapStart on its published versions.
func TestSnapStartSetting(t *testing.T) {
	r := runApp(t, with(committedContext(t), obj{"snapStart": "true"}))
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	for _, resource := range r.readTemplate(t, "FastApiLambda")["Resources"].(obj) {
		if resource.(obj)["Type"] == "AWS::Lambda::Function" {
			if got := cdktest.MustJSON(resource.(obj)["Properties"].(obj)["SnapStart"]); got != `{"ApplyOn":"PublishedVersions"}` {
				t.Errorf("SnapStart %s, want ApplyOn PublishedVersions", got)
			}
			return
		}
	}
	t.Fatal("no function in the template")
}

// The operations settings reach the template: the cap, provisioned
// concurrency with its auto scaling, tracing, the log level, the alarm
// topic, the key, and no dashboard.
func TestOperationsSettings(t *testing.T) {
	r := runApp(t, with(committedContext(t), obj{
		"reservedConcurrency": "20", "provisionedConcurrency": "2", "provisionedConcurrencyMax": "5",
		"provisionedConcurrencyUtilization": "60", "tracing": "true", "applicationLogLevel": "WARN",
		"alarmEmail": "ops@example.com", "customerManagedKey": "true", "bootstrapExecutionPolicy": "false", "dashboard": "false",
	}))
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	byType := map[string][]obj{}
	for _, resource := range r.readTemplate(t, "FastApiLambda")["Resources"].(obj) {
		res := resource.(obj)
		props, _ := res["Properties"].(obj)
		byType[res["Type"].(string)] = append(byType[res["Type"].(string)], props)
	}
	function := byType["AWS::Lambda::Function"][0]
	checks := []struct {
		what      string
		got, want interface{}
	}{
		{"reserved concurrency", function["ReservedConcurrentExecutions"], 20.0},
		{"tracing", fmt.Sprint(function["TracingConfig"]), "map[Mode:Active]"},
		{"application log level", function["LoggingConfig"].(obj)["ApplicationLogLevel"], "WARN"},
		{"provisioned concurrency", fmt.Sprint(byType["AWS::Lambda::Alias"][0]["ProvisionedConcurrencyConfig"]), "map[ProvisionedConcurrentExecutions:2]"},
		{"scaling ceiling", byType["AWS::ApplicationAutoScaling::ScalableTarget"][0]["MaxCapacity"], 5.0},
		{"utilization target", byType["AWS::ApplicationAutoScaling::ScalingPolicy"][0]["TargetTrackingScalingPolicyConfiguration"].(obj)["TargetValue"], 0.6},
		{"email subscription", byType["AWS::SNS::Subscription"][0]["Endpoint"], "ops@example.com"},
		{"keys", len(byType["AWS::KMS::Key"]), 1},
		{"dashboards", len(byType["AWS::CloudWatch::Dashboard"]), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

// The front door's settings synthesize, offline, the distribution with
// origin access control, the certificate, the records and the web ACL, the
// URL for signed requests only, and the edge in a us-east-1 stack; the
// summary lists both stacks.
func TestFrontDoorSettings(t *testing.T) {
	r := runApp(t, with(committedContext(t), frontDoorOn(obj{
		"frontDoorDomain": "api.example.com", "frontDoorHostedZoneId": "Z0123456789ABCDEFGHIJ", "frontDoorHostedZoneName": "example.com",
		"frontDoorRateLimit": "1000", "frontDoorCachedPaths": "/static/*", "printSummary": "true",
	})))
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	count := func(template obj, resourceType string) int {
		n := 0
		for _, resource := range template["Resources"].(obj) {
			if resource.(obj)["Type"] == resourceType {
				n++
			}
		}
		return n
	}
	service, edge := r.readTemplate(t, "FastApiLambda"), r.readTemplate(t, "FastApiLambda-Edge")
	for _, c := range []struct {
		template obj
		what     string
		want     int
	}{
		{service, "AWS::CloudFront::Distribution", 1}, {service, "AWS::CloudFront::OriginAccessControl", 1},
		{service, "AWS::Route53::RecordSet", 2}, {edge, "AWS::CertificateManager::Certificate", 1},
		{edge, "AWS::WAFv2::WebACL", 1}, {edge, "AWS::Lambda::Function", 1},
	} {
		if got := count(c.template, c.what); got != c.want {
			t.Errorf("%d %s, want %d", got, c.what, c.want)
		}
	}
	resources := service["Resources"].(obj)
	if auth := resources["ServiceUrl3084B86A"].(obj)["Properties"].(obj)["AuthType"]; auth != "AWS_IAM" {
		t.Errorf("URL AuthType = %v, want AWS_IAM", auth)
	}
	config := cdktest.MustJSON(resources["FrontDoorDistribution20F29BA2"].(obj)["Properties"])
	for _, want := range []string{`"Aliases":["api.example.com"]`, `"PathPattern":"/static/*"`} {
		if !strings.Contains(config, want) {
			t.Errorf("distribution has no %s: %s", want, config)
		}
	}
	if acl := cdktest.MustJSON(edge["Resources"]); !strings.Contains(acl, `"Limit":1000`) {
		t.Errorf("the web ACL's rate limit is not 1000")
	}
	if url := service["Outputs"].(obj)["FrontDoorUrl"].(obj)["Value"]; url != "https://api.example.com" {
		t.Errorf("FrontDoorUrl = %v, want https://api.example.com", url)
	}
	for _, template := range []string{"FastApiLambda.template.json", "FastApiLambda-Edge.template.json"} {
		if !strings.Contains(r.stderr, filepath.Join(r.outdir, template)+": ") {
			t.Errorf("the summary does not list %s:\n%s", template, r.stderr)
		}
	}
	if want := "  deploys to us-east-1 of account 111111111111, before FastApiLambda: the front door's edge, whose outputs FastApiLambda reads\n"; !strings.Contains(r.stderr, want) {
		t.Errorf("the summary does not say where the edge stack goes:\n%s", r.stderr)
	}
}

func readJSON(t *testing.T, path string) obj {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out obj
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// The committed default environment has no githubRepository: CI deploys it
// from no branch, yet pull requests review it (-all).
func TestListEnvironments(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-branch", "main"}, "[]\n"},
		{[]string{"-all"}, `[{"environment":"default","variable":"DEFAULT","region":"","githubEnvironment":""}]` + "\n"},
	} {
		var stdout, stderr bytes.Buffer
		if code := listEnvironments(c.args, &stdout, &stderr); code != 0 || stdout.String() != c.want {
			t.Fatalf("environments %v: exit %d, %q (stderr %q), want %q", c.args, code, stdout.String(), stderr.String(), c.want)
		}
	}
}

// readTemplate reads a template a run wrote.
func (r run) readTemplate(t *testing.T, stack string) map[string]interface{} {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(r.outdir, stack+".template.json"))
	if err != nil {
		t.Fatalf("%v\nstderr:\n%s", err, r.stderr)
	}
	var template map[string]interface{}
	if err := json.Unmarshal(raw, &template); err != nil {
		t.Fatal(err)
	}
	return template
}

// The project's execution policy, the default: make bootstrap deploys the
// policy stack of the environments' qualifier, scoped to their stacks, and
// their stacks' identities carry its boundary. An environment may turn it off.
func TestBootstrapExecutionPolicy(t *testing.T) {
	envs := obj{
		"default": obj{"stackName": "Api"},
		"staging": obj{"bootstrapExecutionPolicy": true, "stackName": "ApiStaging"},
		"other":   obj{"stackName": "Other", "@aws-cdk/core:bootstrapQualifier": "other"},
		"admin":   obj{"bootstrapExecutionPolicy": false, "stackName": "Admin", "@aws-cdk/core:bootstrapQualifier": "adminq"},
	}
	base := with(committedContext(t), obj{"environments": envs})

	policy := runApp(t, with(base, obj{"bootstrapPolicy": "true"}))
	if policy.code != 0 {
		t.Fatalf("policy stack: exit %d\n%s", policy.code, policy.stderr)
	}
	template := policy.readTemplate(t, "FastApiLambdaBootstrapPolicy-hnb659fds")
	text, _ := json.Marshal(template)
	names := map[string]bool{}
	for _, r := range template["Resources"].(map[string]interface{}) {
		props, _ := r.(map[string]interface{})["Properties"].(map[string]interface{})
		if name, ok := props["ManagedPolicyName"].(string); ok {
			names[name] = true
		}
	}
	for _, want := range []string{"fastapi-lambda-hnb659fds-cfn-exec-services", "fastapi-lambda-hnb659fds-cfn-exec-iam", "fastapi-lambda-hnb659fds-boundary"} {
		if !names[want] {
			t.Errorf("the policy stack lacks managed policy %s (has %v)", want, names)
		}
	}
	for _, scoped := range []string{":role/Api-*", ":role/ApiStaging-*"} {
		if !strings.Contains(string(text), scoped) {
			t.Errorf("the execution policy does not cover %s", scoped)
		}
	}
	for _, other := range []string{":role/Other-*", ":role/Admin-*"} {
		if strings.Contains(string(text), other) {
			t.Errorf("the execution policy covers %s, a stack of another qualifier or of the default bootstrap", other)
		}
	}
	// Deployed before any bootstrap stack exists: no bootstrap role, no version check.
	manifest, err := os.ReadFile(filepath.Join(policy.outdir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(manifest), "assumeRoleArn") || strings.Contains(string(manifest), "requiresBootstrapStackVersion") {
		t.Errorf("the policy stack's deploy would need the bootstrap stack:\n%s", manifest)
	}

	service := runApp(t, base)
	if service.code != 0 {
		t.Fatalf("service stack: exit %d\n%s", service.code, service.stderr)
	}
	boundary := obj{"Fn::Join": []interface{}{"", []interface{}{"arn:", obj{"Ref": "AWS::Partition"}, ":iam::", obj{"Ref": "AWS::AccountId"}, ":policy/fastapi-lambda-hnb659fds-boundary"}}}
	identities := 0
	for id, r := range service.readTemplate(t, "Api")["Resources"].(map[string]interface{}) {
		resource := r.(map[string]interface{})
		if resource["Type"] != "AWS::IAM::Role" && resource["Type"] != "AWS::IAM::User" {
			continue
		}
		identities++
		got, _ := json.Marshal(resource["Properties"].(map[string]interface{})["PermissionsBoundary"])
		want, _ := json.Marshal(boundary)
		if string(got) != string(want) {
			t.Errorf("%s (%s) has permissions boundary %s, want %s", id, resource["Type"], got, want)
		}
	}
	if identities < 3 {
		t.Errorf("checked %d roles and users, want the stack's every one", identities)
	}

	refused := runApp(t, with(base, obj{"environment": "admin", "bootstrapPolicy": "true"}))
	refused.mustFail(t, "bootstrapPolicy: environment admin sets bootstrapExecutionPolicy false: its bootstrap uses the CDK's default execution policy")
}

// bootstrap-args hands cdk bootstrap the policies the policy stack's deploy
// reported, and the boundary's name.
// With a front door the policy stack has a third execution policy, for
// CloudFront, WAF, ACM, Route 53 and Lambda@Edge, limited to the settings'
// domain and zone; the edge stack's identities carry the boundary too.
func TestBootstrapExecutionPolicyWithFrontDoor(t *testing.T) {
	base := with(committedContext(t), obj{"environments": obj{"default": obj{"stackName": "Api", "account": "111111111111", "region": "eu-west-1",
		"frontDoor": true, "frontDoorDomain": "api.example.com", "frontDoorHostedZoneId": "Z0123456789ABCDEFGHIJ", "frontDoorHostedZoneName": "example.com"}}})
	policy := runApp(t, with(base, obj{"bootstrapPolicy": "true"}))
	if policy.code != 0 {
		t.Fatalf("policy stack: exit %d\n%s", policy.code, policy.stderr)
	}
	template := policy.readTemplate(t, "FastApiLambdaBootstrapPolicy-hnb659fds")
	text := cdktest.MustJSON(template)
	for _, want := range []string{`"ManagedPolicyName":"fastapi-lambda-hnb659fds-cfn-exec-front-door"`, `"acm:DomainNames":["api.example.com"]`,
		`hostedzone/Z0123456789ABCDEFGHIJ`, `stack/Api-Edge/*`, `"FrontDoorPolicyArn"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the policy stack has no %s", want)
		}
	}
	service := runApp(t, base)
	if service.code != 0 {
		t.Fatalf("service stacks: exit %d\n%s", service.code, service.stderr)
	}
	roles := 0
	for id, r := range service.readTemplate(t, "Api-Edge")["Resources"].(map[string]interface{}) {
		resource := r.(map[string]interface{})
		if resource["Type"] != "AWS::IAM::Role" {
			continue
		}
		roles++
		if !strings.Contains(cdktest.MustJSON(resource["Properties"]), ":policy/fastapi-lambda-hnb659fds-boundary") {
			t.Errorf("edge role %s has no permissions boundary", id)
		}
	}
	if roles == 0 {
		t.Error("the edge stack has no role to check")
	}
}

func TestBootstrapArgs(t *testing.T) {
	dir := t.TempDir()
	// prod takes the default, the project's execution policy; dev turns it off.
	config := `{"app": "go run .", "context": {"environments": {"dev": {"bootstrapExecutionPolicy": false, "@aws-cdk/core:bootstrapQualifier": "devq", "stackName": "Dev"}, "prod": {"@aws-cdk/core:bootstrapQualifier": "prodq", "stackName": "Api"}, ` +
		`"web": {"@aws-cdk/core:bootstrapQualifier": "webq", "stackName": "Web", "account": "111111111111", "region": "eu-west-1", "frontDoor": true}, ` +
		`"web2": {"@aws-cdk/core:bootstrapQualifier": "web2q", "stackName": "Web2", "account": "111111111111", "region": "eu-west-1", "frontDoor": true}}}}`
	outputs := `{"FastApiLambdaBootstrapPolicy-prodq": {"ServicesPolicyArn": "arn:aws:iam::111111111111:policy/s", "IamPolicyArn": "arn:aws:iam::111111111111:policy/i"}, ` +
		`"FastApiLambdaBootstrapPolicy-webq": {"ServicesPolicyArn": "arn:aws:iam::111111111111:policy/ws", "IamPolicyArn": "arn:aws:iam::111111111111:policy/wi", "FrontDoorPolicyArn": "arn:aws:iam::111111111111:policy/wf"}, ` +
		`"FastApiLambdaBootstrapPolicy-web2q": {"ServicesPolicyArn": "arn:aws:iam::111111111111:policy/ws", "IamPolicyArn": "arn:aws:iam::111111111111:policy/wi"}}`
	for name, content := range map[string]string{"cdk.json": config, "outputs.json": outputs} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-env", "dev"}, 0, "--qualifier devq\n"},
		{[]string{"-env", "dev", "-policy-stack"}, 0, ""},
		{[]string{"-env", "prod", "-policy-stack"}, 0, "FastApiLambdaBootstrapPolicy-prodq\n"},
		{[]string{"-env", "prod", "-outputs", "outputs.json"}, 0, "--qualifier prodq\n" +
			"--cloudformation-execution-policies arn:aws:iam::111111111111:policy/s\n" +
			"--cloudformation-execution-policies arn:aws:iam::111111111111:policy/i\n" +
			"--custom-permissions-boundary fastapi-lambda-prodq-boundary\n"},
		{[]string{"-env", "prod", "-outputs", "missing.json"}, 1, "--qualifier prodq\n"},
		// A front door's policy stack has a third execution policy.
		{[]string{"-env", "web", "-outputs", "outputs.json"}, 0, "--qualifier webq\n" +
			"--cloudformation-execution-policies arn:aws:iam::111111111111:policy/ws\n" +
			"--cloudformation-execution-policies arn:aws:iam::111111111111:policy/wi\n" +
			"--cloudformation-execution-policies arn:aws:iam::111111111111:policy/wf\n" +
			"--custom-permissions-boundary fastapi-lambda-webq-boundary\n"},
		{[]string{"-env", "web2", "-outputs", "outputs.json"}, 1, "--qualifier web2q\n"},
	} {
		var stdout, stderr bytes.Buffer
		if code := bootstrapArgs(c.args, &stdout, &stderr); code != c.code || stdout.String() != c.want {
			t.Errorf("bootstrap-args %v: exit %d, %q (stderr %q), want exit %d, %q", c.args, code, stdout.String(), stderr.String(), c.code, c.want)
		}
	}
}
