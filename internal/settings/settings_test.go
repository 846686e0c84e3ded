package settings_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
)

// obj is a JSON object as the CDK CLI hands it to the app: cdk.json's values
// keep their JSON types (bool, float64, string, objects), -c values are text.
type obj = map[string]interface{}

const (
	oidcArn      = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
	needsPartner = ": set both, or neither for a stack that deploys wherever the credentials point"
)

// context is cdk.json's context with envs as its environments, plus the -c
// flags; committed names cdk.json's own top-level keys.
func context(envs obj, flags obj) (map[string]interface{}, map[string]bool) {
	ctx := obj{settings.EnvironmentsKey: envs}
	committed := map[string]bool{settings.EnvironmentsKey: true}
	for k, v := range flags {
		ctx[k] = v
	}
	return ctx, committed
}

// resolve returns the selected environment, failing the test on any problem.
func resolve(t *testing.T, envs obj, flags obj) *settings.Environment {
	t.Helper()
	env, err := settings.Resolve(context(envs, flags))
	if err != nil {
		t.Fatalf("Resolve: unexpected error:\n%v", err)
	}
	return env
}

// lines returns the problems err joins, failing unless it joins one error
// per line.
func lines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %q is not an errors.Join", err)
	}
	got := strings.Split(err.Error(), "\n")
	if len(joined.Unwrap()) != len(got) {
		t.Fatalf("error joins %d errors in %d lines, want one per line:\n%v", len(joined.Unwrap()), len(got), err)
	}
	return got
}

func wantLines(t *testing.T, err error, want []string) {
	t.Helper()
	if got := lines(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestKeys(t *testing.T) {
	want := []string{
		"stackName", "account", "region", "urlAuthType", "imageRepository", "imageTagOrDigest",
		"@aws-cdk/core:bootstrapQualifier", "deployUser", "deployAccessKey", "deployAccessKeySerial", "deployAccessKeyReaders",
		"codeCommitRepository", "sshPublicKey", "githubRepository", "githubBranch",
		"githubEnvironment", "githubOidcProviderArn", "promoteAfter", "bootstrapExecutionPolicy",
		"reservedConcurrency", "provisionedConcurrency", "provisionedConcurrencyMax", "provisionedConcurrencyUtilization",
		"dashboard", "alarmEmail", "applicationLogLevel", "tracing", "snapStart", "adapter", "customerManagedKey",
		"frontDoor", "frontDoorDomain", "frontDoorHostedZoneId", "frontDoorHostedZoneName", "frontDoorCertificateArn",
		"frontDoorWebAcl", "frontDoorRateLimit", "frontDoorCachedPaths",
	}
	if got := settings.Keys(); !reflect.DeepEqual(got, want) {
		t.Errorf("Keys() = %q, want %q", got, want)
	}
}

func TestResolve(t *testing.T) {
	prod := obj{
		"stackName":                        "Api",
		"account":                          "123456789012",
		"region":                           "eu-west-1",
		"urlAuthType":                      "AWS_IAM",
		"imageRepository":                  "team/my-app",
		"imageTagOrDigest":                 "v1.2.3",
		"@aws-cdk/core:bootstrapQualifier": "myqual",
		"deployAccessKey":                  true,
		"deployAccessKeySerial":            3.0,
		"codeCommitRepository":             "fastapi-app",
		"sshPublicKey":                     cdktest.SshRsaPublicKey,
		"githubRepository":                 "acme/api",
		"githubBranch":                     "release",
		"githubOidcProviderArn":            oidcArn,
	}
	prodEnv := settings.Environment{
		Name: "prod", BootstrapExecutionPolicy: true, StackName: "Api", Account: "123456789012", Region: "eu-west-1", UrlAuthType: "AWS_IAM",
		ImageRepository: "team/my-app", ImageTagOrDigest: "v1.2.3", BootstrapQualifier: "myqual",
		DeployAccessKey: true, DeployAccessKeySerial: 3, CodeCommitRepository: "fastapi-app",
		SshPublicKey: cdktest.SshRsaPublicKey, GitHubRepository: "acme/api", GitHubBranch: "release",
		GitHubOidcProviderArn: oidcArn,
	}
	tests := []struct {
		name  string
		envs  obj
		flags obj
		want  settings.Environment
	}{
		{"defaults", obj{"default": obj{}}, nil,
			settings.Environment{Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda"}},
		{"default environment when none is selected", obj{"default": obj{"stackName": "Dev"}, "prod": prod}, nil,
			settings.Environment{Name: "default", BootstrapExecutionPolicy: true, StackName: "Dev"}},
		{"selected environment, every setting", obj{"default": obj{}, "prod": prod}, obj{"environment": "prod"}, prodEnv},
		{"github environment", obj{"default": obj{"githubRepository": "acme/api", "githubEnvironment": "production"}}, nil,
			settings.Environment{Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda", GitHubRepository: "acme/api", GitHubEnvironment: "production"}},
		{"overrides applied and listed sorted",
			obj{"default": obj{"stackName": "Api", "urlAuthType": "NONE"}},
			obj{"urlAuthType": "AWS_IAM", "region": "eu-west-1", "account": "123456789012", "deployAccessKey": "true"},
			settings.Environment{
				Name: "default", BootstrapExecutionPolicy: true, StackName: "Api", Account: "123456789012", Region: "eu-west-1", UrlAuthType: "AWS_IAM",
				DeployAccessKey: true,
				Overrides:       []string{"account=123456789012", "deployAccessKey=true", "region=eu-west-1", "urlAuthType=AWS_IAM"},
			}},
		{"override of the selected environment only",
			obj{"default": obj{}, "prod": obj{"stackName": "Api"}},
			obj{"environment": "prod", "stackName": "Api2"},
			settings.Environment{Name: "prod", BootstrapExecutionPolicy: true, StackName: "Api2", Overrides: []string{"stackName=Api2"}}},
		{"long override shortened in the list",
			obj{"default": obj{"codeCommitRepository": "repo"}},
			obj{"sshPublicKey": cdktest.SshRsaPublicKey},
			settings.Environment{
				Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda", CodeCommitRepository: "repo", SshPublicKey: cdktest.SshRsaPublicKey,
				Overrides: []string{"sshPublicKey=ssh-rsa AAAAB3NzaC1yc2EA..."},
			}},
		{"override of a number listed as typed",
			obj{"default": obj{"deployAccessKey": true}},
			obj{"deployAccessKeySerial": "7"},
			settings.Environment{Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda", DeployAccessKey: true, DeployAccessKeySerial: 7,
				Overrides: []string{"deployAccessKeySerial=7"}}},
		{"front door, every setting",
			obj{"default": obj{"account": "123456789012", "region": "eu-west-1", "frontDoor": true, "frontDoorDomain": "api.example.com",
				"frontDoorHostedZoneId": "Z0123456789ABCDEFGHIJ", "frontDoorHostedZoneName": "example.com.", "frontDoorWebAcl": true,
				"frontDoorRateLimit": 500.0, "frontDoorCachedPaths": "/static/*, /docs/*"}}, nil,
			settings.Environment{Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda", Account: "123456789012", Region: "eu-west-1",
				FrontDoor: true, FrontDoorDomain: "api.example.com", FrontDoorHostedZoneId: "Z0123456789ABCDEFGHIJ", FrontDoorHostedZoneName: "example.com.",
				FrontDoorRateLimit: 500, FrontDoorCachedPaths: []string{"/static/*", "/docs/*"}}},
		{"front door with a certificate and no web ACL",
			obj{"default": obj{"account": "123456789012", "region": "us-east-1", "frontDoor": true, "frontDoorDomain": "api.example.com",
				"frontDoorCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "frontDoorWebAcl": false}}, nil,
			settings.Environment{Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda", Account: "123456789012", Region: "us-east-1",
				FrontDoor: true, FrontDoorDomain: "api.example.com", NoFrontDoorWebAcl: true,
				FrontDoorCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}},
		{"CDK keys allowed",
			obj{"default": obj{}},
			obj{
				"@aws-cdk/aws-lambda:recognizeLayerVersion":                true,
				"aws:cdk:enable-path-metadata":                             true,
				"availability-zones:account=123456789012:region=eu-west-1": []interface{}{"eu-west-1a"},
				"acknowledged-issue-numbers":                               []interface{}{32775.0},
				"printSummary":                                             "true",
			},
			settings.Environment{Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolve(t, tt.envs, tt.flags)
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("Resolve:\n got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

// Values from cdk.json keep their JSON type; values from -c are always text.
// Both spellings must read the same.
func TestResolveReadsJsonAndText(t *testing.T) {
	accessKey := func(e *settings.Environment) interface{} { return e.DeployAccessKey }
	serial := func(e *settings.Environment) interface{} { return e.DeployAccessKeySerial }
	readers := func(e *settings.Environment) interface{} { return strings.Join(e.DeployAccessKeyReaders, "|") }
	tests := []struct {
		name  string
		env   obj
		flags obj
		field func(*settings.Environment) interface{}
		want  interface{}
	}{
		{"JSON true", obj{"deployAccessKey": true}, nil, accessKey, true},
		{"text true", obj{}, obj{"deployAccessKey": "true"}, accessKey, true},
		{"text true in cdk.json", obj{"deployAccessKey": "true"}, nil, accessKey, true},
		{"JSON false", obj{"deployAccessKey": false}, nil, accessKey, false},
		{"text false over JSON true", obj{"deployAccessKey": true}, obj{"deployAccessKey": "false"}, accessKey, false},
		{"JSON number", obj{"deployAccessKey": true, "deployAccessKeySerial": 2.0}, nil, serial, 2},
		{"text number", obj{"deployAccessKey": true}, obj{"deployAccessKeySerial": "2"}, serial, 2},
		{"text number in cdk.json", obj{"deployAccessKey": true, "deployAccessKeySerial": "2"}, nil, serial, 2},
		{"largest number", obj{"deployAccessKey": true, "deployAccessKeySerial": 2147483647.0}, nil, serial, 2147483647},
		{"largest text number", obj{"deployAccessKey": true}, obj{"deployAccessKeySerial": "2147483647"}, serial, 2147483647},
		{"reader list", obj{"deployAccessKey": true, "deployAccessKeyReaders": " arn:aws:iam::111111111111:role/ci ,arn:aws:iam::111111111111:user/ops,"},
			nil, readers, "arn:aws:iam::111111111111:role/ci|arn:aws:iam::111111111111:user/ops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.field(resolve(t, obj{"default": tt.env}, tt.flags))
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// The bootstrap qualifier is the CDK's own key: it may sit at the top of
// cdk.json, where any other setting is refused.
func TestResolveTopLevelBootstrapQualifier(t *testing.T) {
	tests := []struct {
		name          string
		committed     bool
		wantOverrides []string
	}{
		{"committed in cdk.json", true, nil},
		{"given with -c", false, []string{"@aws-cdk/core:bootstrapQualifier=myqual"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, committed := context(obj{"default": obj{}}, obj{settings.BootstrapQualifier: "myqual"})
			committed[settings.BootstrapQualifier] = tt.committed
			env, err := settings.Resolve(ctx, committed)
			if err != nil {
				t.Fatalf("Resolve: unexpected error:\n%v", err)
			}
			if env.BootstrapQualifier != "myqual" {
				t.Errorf("BootstrapQualifier = %q, want %q", env.BootstrapQualifier, "myqual")
			}
			if !reflect.DeepEqual(env.Overrides, tt.wantOverrides) {
				t.Errorf("Overrides = %q, want %q: only -c values are overrides", env.Overrides, tt.wantOverrides)
			}
		})
	}
}

// Without committed (nil: cdk.json's own keys unknown), a setting at the top
// is taken for a -c override.
func TestResolveUnknownCommittedKeys(t *testing.T) {
	ctx, _ := context(obj{"default": obj{}}, obj{"urlAuthType": "AWS_IAM"})
	env, err := settings.Resolve(ctx, nil)
	if err != nil {
		t.Fatalf("Resolve: unexpected error:\n%v", err)
	}
	want := settings.Environment{Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda", UrlAuthType: "AWS_IAM", Overrides: []string{"urlAuthType=AWS_IAM"}}
	if !reflect.DeepEqual(*env, want) {
		t.Errorf("Resolve:\n got %+v\nwant %+v", *env, want)
	}
}

// Each problem, in the words the user wrote.
func TestResolveProblems(t *testing.T) {
	def := func(settings obj) obj { return obj{"default": settings} }
	tests := []struct {
		name      string
		envs      interface{} // nil: no "environments" key
		flags     obj
		committed []string // top-level keys of cdk.json besides "environments"
		want      []string
	}{
		// The configuration's shape.
		{"no environments", nil, nil, nil,
			[]string{`cdk.json: the context has no "environments": add "environments": {"default": {}} to it`}},
		{"environments not an object", "prod", nil, nil,
			[]string{`environments must be an object of environments, such as {"default": {}}, got "prod"`}},
		{"no environment", obj{}, nil, nil,
			[]string{`environments must be an object of environments, such as {"default": {}}, got {}`}},
		{"bad environment name", obj{"default": obj{}, "prod-eu": obj{}}, nil, nil,
			[]string{`environments: environment name must be 1 to 32 letters, digits or '_', starting with a letter, got "prod-eu"`}},
		{"environment name of 33 characters", obj{"default": obj{}, "E" + strings.Repeat("x", 32): obj{}}, nil, nil,
			[]string{`environments: environment name must be 1 to 32 letters, digits or '_', starting with a letter, got "E` + strings.Repeat("x", 32) + `"`}},
		{"environment not an object", obj{"default": obj{}, "prod": []interface{}{"stackName"}}, nil, nil,
			[]string{`environments.prod must be an object of settings, got ["stackName"]`}},
		{"environment selected with a bool", def(obj{}), obj{"environment": true}, nil,
			[]string{`-c: environment must be an environment name, got true`}},
		{"empty environment selected", def(obj{}), obj{"environment": ""}, nil,
			[]string{`-c: environment must be an environment name, got ""`}},
		{"unknown environment", obj{"default": obj{}, "prod": obj{"stackName": "Api"}}, obj{"environment": "prd"}, nil,
			[]string{`environment: unknown environment "prd" (environments has "default", "prod"); did you mean "prod"?`}},
		{"unknown environment, nothing near", obj{"default": obj{}}, obj{"environment": "staging"}, nil,
			[]string{`environment: unknown environment "staging" (environments has "default")`}},

		// Keys.
		{"unknown -c setting", def(obj{}), obj{"acount": "123456789012"}, nil,
			[]string{`-c: unknown setting "acount"; did you mean "account"?`}},
		{"misspelt environment key", def(obj{}), obj{"enviroment": "prod"}, nil,
			[]string{`-c: unknown setting "enviroment"; did you mean "environment"?`}},
		{"unknown -c setting, nothing near", def(obj{}), obj{"colour": "blue"}, nil,
			[]string{`-c: unknown setting "colour"`}},
		{"unknown setting in an environment", def(obj{"StackName": "Api"}), nil, nil,
			[]string{`environments.default: unknown setting "StackName"; did you mean "stackName"?`}},
		{"setting at the top of cdk.json", def(obj{}), obj{"urlAuthType": "NONE"}, []string{"urlAuthType"},
			[]string{`cdk.json: setting "urlAuthType" belongs in an environment: move it to environments.default.urlAuthType`}},
		{"setting at the top of cdk.json, environment selected", obj{"default": obj{}, "prod": obj{"stackName": "Api"}},
			obj{"environment": "prod", "urlAuthType": "NONE"}, []string{"urlAuthType"},
			[]string{`cdk.json: setting "urlAuthType" belongs in an environment: move it to environments.prod.urlAuthType`}},

		// Values.
		{"account as a number", def(obj{"account": 123456789012.0, "region": "eu-west-1"}), nil, nil,
			[]string{`environments.default: account must be a string of 12 digits: quote it (a number loses leading zeros), got 123456789012`}},
		{"account of 11 digits", def(obj{"account": "12345678901", "region": "eu-west-1"}), nil, nil,
			[]string{`environments.default: account must be 12 digits, got "12345678901"`}},
		{"region misspelt", def(obj{"account": "123456789012", "region": "eu-west-9"}), nil, nil,
			[]string{`environments.default: region must be an AWS region, such as eu-west-1, got "eu-west-9"; did you mean "eu-west-1"?`}},
		{"region unknown", def(obj{"account": "123456789012", "region": "frankfurt"}), nil, nil,
			[]string{`environments.default: region must be an AWS region, such as eu-west-1, got "frankfurt"`}},
		{"a bad frontDoor value said once, not again by what needs it", def(obj{"frontDoor": "yes", "frontDoorRateLimit": "500"}), nil, nil,
			[]string{`environments.default: frontDoor must be true or false, got "yes"`}},
		{"front door rate limit of 0", def(obj{"account": "123456789012", "region": "eu-west-1", "frontDoor": true, "frontDoorRateLimit": "0"}), nil, nil,
			[]string{`environments.default: frontDoorRateLimit must be a whole number of requests from 10 to 2000000000, got "0"`}},
		{"front door rate limit over WAF's", def(obj{"account": "123456789012", "region": "eu-west-1", "frontDoor": true, "frontDoorRateLimit": 3e9}), nil, nil,
			[]string{`environments.default: frontDoorRateLimit must be a whole number of requests from 10 to 2000000000, got 3000000000`}},
		{"front door domain with its scheme", def(obj{"account": "123456789012", "region": "eu-west-1", "frontDoor": true,
			"frontDoorDomain": "https://api.example.com", "frontDoorCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}), nil, nil,
			[]string{`environments.default: frontDoorDomain must be a host name without the scheme, such as api.example.com, got "https://api.example.com"`}},
		{"front door domain as a wildcard", def(obj{"account": "123456789012", "region": "eu-west-1", "frontDoor": true,
			"frontDoorDomain": "*.example.com", "frontDoorCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}), nil, nil,
			[]string{`environments.default: frontDoorDomain must be one host name, not a wildcard (a wildcard certificate may be brought for it), such as api.example.com, got "*.example.com"`}},
		{"front door domain with a trailing dot", def(obj{"account": "123456789012", "region": "eu-west-1", "frontDoor": true,
			"frontDoorDomain": "api.example.com.", "frontDoorCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}), nil, nil,
			[]string{`environments.default: frontDoorDomain must be written without the trailing dot, such as api.example.com, got "api.example.com."`}},
		{"text setting as a bool", def(obj{"stackName": true}), nil, nil,
			[]string{`environments.default: stackName must be a string, got true`}},
		{"text setting as an object", def(obj{"stackName": obj{"name": "Api"}}), nil, nil,
			[]string{`environments.default: stackName must be a string, got {"name":"Api"}`}},
		{"empty text", def(obj{"stackName": ""}), nil, nil,
			[]string{`environments.default: stackName must not be empty, got ""`}},
		{"bad stack name", def(obj{"stackName": "my_stack"}), nil, nil,
			[]string{`environments.default: stackName must be 1 to 128 letters, digits or '-', starting with a letter, got "my_stack"`}},
		{"bad url auth type", def(obj{"urlAuthType": "none"}), nil, nil,
			[]string{`environments.default: urlAuthType must be NONE or AWS_IAM, got "none"`}},
		{"image repository URI", def(obj{"imageRepository": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app"}), nil, nil,
			[]string{`environments.default: imageRepository must be the repository name, not an image URI, got "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app"`}},
		{"bad qualifier", def(obj{"@aws-cdk/core:bootstrapQualifier": "far-too-long"}), nil, nil,
			[]string{`environments.default: @aws-cdk/core:bootstrapQualifier must be 1 to 10 lower-case letters, digits or '-' (it is part of the bootstrap bucket's name), got "far-too-long"`}},
		{"bool as yes", def(obj{}), obj{"deployAccessKey": "yes"}, nil,
			[]string{`-c: deployAccessKey must be true or false, got "yes"`}},
		{"bool as a number", def(obj{"deployAccessKey": 1.0}), nil, nil,
			[]string{`environments.default: deployAccessKey must be true or false, got 1`}},
		{"serial zero", def(obj{"deployAccessKey": true, "deployAccessKeySerial": 0.0}), nil, nil,
			[]string{`environments.default: deployAccessKeySerial must be a whole number from 1 up, got 0`}},
		{"serial negative", def(obj{"deployAccessKey": true}), obj{"deployAccessKeySerial": "-1"}, nil,
			[]string{`-c: deployAccessKeySerial must be a whole number from 1 up, got "-1"`}},
		{"serial fraction", def(obj{"deployAccessKey": true, "deployAccessKeySerial": 2.5}), nil, nil,
			[]string{`environments.default: deployAccessKeySerial must be a whole number from 1 up, got 2.5`}},
		{"serial as decimal text", def(obj{"deployAccessKey": true}), obj{"deployAccessKeySerial": "2.0"}, nil,
			[]string{`-c: deployAccessKeySerial must be a whole number from 1 up, got "2.0"`}},
		{"serial as a word", def(obj{"deployAccessKey": true}), obj{"deployAccessKeySerial": "two"}, nil,
			[]string{`-c: deployAccessKeySerial must be a whole number from 1 up, got "two"`}},
		{"serial too large", def(obj{"deployAccessKey": true, "deployAccessKeySerial": 2147483648.0}), nil, nil,
			[]string{`environments.default: deployAccessKeySerial must be at most 2147483647, the largest whole number CloudFormation takes, got 2147483648`}},
		{"serial text too large", def(obj{"deployAccessKey": true}), obj{"deployAccessKeySerial": "2147483648"}, nil,
			[]string{`-c: deployAccessKeySerial must be at most 2147483647, the largest whole number CloudFormation takes, got "2147483648"`}},
		{"short ssh key, shortened", def(obj{"codeCommitRepository": "repo", "sshPublicKey": cdktest.SshRsaPublicKey1024}), nil, nil,
			[]string{`environments.default: sshPublicKey must be an RSA key of 2048 to 16384 bits (this one has 1024), got "ssh-rsa AAAAB3NzaC1yc2EA..."`}},
		{"bad code commit name", def(obj{"codeCommitRepository": "repo.git"}), nil, nil,
			[]string{`environments.default: codeCommitRepository must be 1 to 100 letters, digits, '.', '-' or '_', not ending in .git, got "repo.git"`}},
		{"wildcard repository", def(obj{"githubRepository": "acme/*"}), nil, nil,
			[]string{`environments.default: githubRepository must name one repository: a wildcard would let other repositories' workflows deploy, got "acme/*"`}},
		{"wildcard branch", def(obj{"githubRepository": "acme/api", "githubBranch": "release/*"}), nil, nil,
			[]string{`environments.default: githubBranch must be a name of 1 to 255 characters with no wildcard or ':', got "release/*"`}},
		{"bad provider ARN", def(obj{"githubRepository": "acme/api", "githubOidcProviderArn": "arn:aws:iam::123456789012:role/x"}), nil, nil,
			[]string{`environments.default: githubOidcProviderArn must be the ARN of the account's OIDC provider for GitHub, "arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com", got "arn:aws:iam::123456789012:role/x"`}},

		// Rules between settings.
		{"account without region", def(obj{"account": "123456789012"}), nil, nil,
			[]string{`environments.default: account "123456789012" needs region` + needsPartner}},
		{"region without account", def(obj{"region": "eu-west-1"}), nil, nil,
			[]string{`environments.default: region "eu-west-1" needs account` + needsPartner}},
		{"region given with -c, account missing", def(obj{}), obj{"region": "eu-west-1"}, nil,
			[]string{`-c: region "eu-west-1" needs account` + needsPartner}},
		{"tag without repository", def(obj{"imageTagOrDigest": "v1"}), nil, nil,
			[]string{`environments.default: imageTagOrDigest needs imageRepository: without it the image is built from lambda-app/ and the tag would be ignored`}},
		{"serial without access key", def(obj{"deployAccessKeySerial": 2.0}), nil, nil,
			[]string{`environments.default: deployAccessKeySerial needs deployAccessKey true: the serial rotates the deploy user's access key`}},
		{"serial with access key false", def(obj{"deployAccessKey": false, "deployAccessKeySerial": 2.0}), nil, nil,
			[]string{`environments.default: deployAccessKeySerial needs deployAccessKey true, got false`}},
		{"serial with access key turned off by -c", def(obj{"deployAccessKey": true, "deployAccessKeySerial": 2.0}), obj{"deployAccessKey": "false"}, nil,
			[]string{`-c: deployAccessKeySerial needs deployAccessKey true, got false`}},
		{"ssh key without repository", def(obj{"sshPublicKey": cdktest.SshRsaPublicKey}), nil, nil,
			[]string{`environments.default: sshPublicKey needs codeCommitRepository: the key is for git over SSH to that repository`}},
		{"branch without repository", def(obj{"githubBranch": "main"}), nil, nil,
			[]string{`environments.default: githubBranch needs githubRepository`}},
		{"github environment without repository", def(obj{"githubEnvironment": "production"}), nil, nil,
			[]string{`environments.default: githubEnvironment needs githubRepository`}},
		{"provider without repository", def(obj{"githubOidcProviderArn": oidcArn}), nil, nil,
			[]string{`environments.default: githubOidcProviderArn needs githubRepository`}},
		{"branch and github environment", def(obj{"githubRepository": "acme/api", "githubBranch": "main", "githubEnvironment": "production"}), nil, nil,
			[]string{`environments.default: set githubBranch or githubEnvironment, not both, got branch "main" and environment "production"`}},
		{"provider in another account", def(obj{"account": "111111111111", "region": "eu-west-1", "githubRepository": "acme/api", "githubOidcProviderArn": oidcArn}), nil, nil,
			[]string{`environments.default: githubOidcProviderArn must be in account 111111111111, got "` + oidcArn + `"`}},
		{"provider in another partition", def(obj{"account": "123456789012", "region": "cn-north-1", "githubRepository": "acme/api", "githubOidcProviderArn": oidcArn}), nil, nil,
			[]string{`environments.default: githubOidcProviderArn must be in partition aws-cn (region cn-north-1), got "` + oidcArn + `"`}},
		{"provider in another account and partition", def(obj{"account": "111111111111", "region": "us-gov-west-1", "githubRepository": "acme/api", "githubOidcProviderArn": oidcArn}), nil, nil,
			[]string{
				`environments.default: githubOidcProviderArn must be in account 111111111111, got "` + oidcArn + `"`,
				`environments.default: githubOidcProviderArn must be in partition aws-us-gov (region us-gov-west-1), got "` + oidcArn + `"`,
			}},

		// Every problem at once, in order: top-level keys, then each
		// environment with the overrides after the selected one.
		{"several problems",
			obj{"default": obj{"acount": "123456789012", "urlAuthType": "none"}, "prod": obj{"region": "eu-west-1"}},
			obj{"stackname": "Api", "deployAccessKey": "yes"}, nil,
			[]string{
				`-c: unknown setting "stackname"; did you mean "stackName"?`,
				`environments.default: unknown setting "acount"; did you mean "account"?`,
				`environments.default: urlAuthType must be NONE or AWS_IAM, got "none"`,
				`-c: deployAccessKey must be true or false, got "yes"`,
				`environments.prod: region "eu-west-1" needs account` + needsPartner,
			}},
		{"a problem in the file not repeated for the override",
			def(obj{"account": "123456789012"}), obj{"stackName": "Other"}, nil,
			[]string{`environments.default: account "123456789012" needs region` + needsPartner}},
		{"environment and override both bad, the rule between them said once",
			def(obj{"imageTagOrDigest": "v1"}), obj{"imageTagOrDigest": "bad tag"}, nil,
			[]string{
				`environments.default: imageTagOrDigest needs imageRepository: without it the image is built from lambda-app/ and the tag would be ignored`,
				`-c: imageTagOrDigest must be an image tag (1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-') or a digest "sha256:...", got "bad tag"`,
			}},
		{"the same bad value in the file and -c said once",
			def(obj{"urlAuthType": "none"}), obj{"urlAuthType": "none"}, nil,
			[]string{`environments.default: urlAuthType must be NONE or AWS_IAM, got "none"`}},
		{"other environments checked too",
			obj{"default": obj{}, "prod": obj{"urlAuthType": "iam"}}, nil, nil,
			[]string{`environments.prod: urlAuthType must be NONE or AWS_IAM, got "iam"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := obj{}
			committed := map[string]bool{}
			if tt.envs != nil {
				ctx[settings.EnvironmentsKey] = tt.envs
				committed[settings.EnvironmentsKey] = true
			}
			for k, v := range tt.flags {
				ctx[k] = v
			}
			for _, k := range tt.committed {
				committed[k] = true
			}
			_, err := settings.Resolve(ctx, committed)
			wantLines(t, err, tt.want)
		})
	}
}

func TestDuplicateStacks(t *testing.T) {
	const fix = ": give one its own stackName, or both an account and region that differ"
	pinned := func(stack, account, region string) obj {
		return obj{"stackName": stack, "account": account, "region": region}
	}
	tests := []struct {
		name string
		envs obj
		want []string
	}{
		{"both environment-agnostic", obj{"default": obj{}, "dev": obj{}},
			[]string{"environments.default and environments.dev would both deploy stack FastApiLambda wherever the credentials point" + fix}},
		{"both environment-agnostic, named alike", obj{"default": obj{"stackName": "Api"}, "dev": obj{"stackName": "Api"}},
			[]string{"environments.default and environments.dev would both deploy stack Api wherever the credentials point" + fix}},
		{"same account and region", obj{"default": pinned("Api", "111111111111", "eu-west-1"), "prod": pinned("Api", "111111111111", "eu-west-1")},
			[]string{"environments.default and environments.prod would both deploy stack Api in 111111111111/eu-west-1" + fix}},
		{"three alike", obj{"a": obj{}, "b": obj{}, "default": obj{}},
			[]string{
				"environments.a and environments.b would both deploy stack FastApiLambda wherever the credentials point" + fix,
				"environments.a and environments.default would both deploy stack FastApiLambda wherever the credentials point" + fix,
			}},
		{"different accounts", obj{"default": pinned("Api", "111111111111", "eu-west-1"), "prod": pinned("Api", "222222222222", "eu-west-1")}, nil},
		{"different regions", obj{"default": pinned("Api", "111111111111", "eu-west-1"), "prod": pinned("Api", "111111111111", "us-east-1")}, nil},
		{"different stack names", obj{"default": obj{}, "prod": obj{"stackName": "Api"}}, nil},
		{"one pinned, one environment-agnostic", obj{"default": obj{"stackName": "Api"}, "prod": pinned("Api", "111111111111", "eu-west-1")}, nil},
		{"default stack name spelt out", obj{"default": obj{}, "prod": obj{"stackName": "FastApiLambda"}},
			[]string{"environments.default and environments.prod would both deploy stack FastApiLambda wherever the credentials point" + fix}},
		// Another problem hides the duplicate until it is fixed.
		{"reported once the rest is right", obj{"default": obj{}, "dev": obj{"urlAuthType": "iam"}},
			[]string{`environments.dev: urlAuthType must be NONE or AWS_IAM, got "iam"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Run("Resolve", func(t *testing.T) {
				_, err := settings.Resolve(context(tt.envs, nil))
				wantLines(t, err, tt.want)
			})
			t.Run("All", func(t *testing.T) {
				ctx, _ := context(tt.envs, nil)
				_, err := settings.All(ctx)
				wantLines(t, err, tt.want)
			})
		})
	}
}

func TestAll(t *testing.T) {
	envs := obj{
		"prod":    obj{"stackName": "Api", "account": "111111111111", "region": "eu-west-1", "githubRepository": "acme/api"},
		"default": obj{"urlAuthType": "NONE"},
		"dev":     obj{"stackName": "Dev", "deployAccessKey": true},
	}
	want := []settings.Environment{
		{Name: "default", BootstrapExecutionPolicy: true, StackName: "FastApiLambda", UrlAuthType: "NONE"},
		{Name: "dev", BootstrapExecutionPolicy: true, StackName: "Dev", DeployAccessKey: true},
		{Name: "prod", BootstrapExecutionPolicy: true, StackName: "Api", Account: "111111111111", Region: "eu-west-1", GitHubRepository: "acme/api"},
	}
	withQualifier := make([]settings.Environment, len(want))
	for i, e := range want {
		e.BootstrapQualifier = "myqual"
		withQualifier[i] = e
	}
	tests := []struct {
		name string
		top  obj // keys at the top of cdk.json besides "environments"
		want []settings.Environment
	}{
		{"environments only", nil, want},
		{"CDK keys and the app's own keys", obj{
			"@aws-cdk/aws-lambda:recognizeLayerVersion": true,
			"aws:cdk:enable-path-metadata":              true,
			"acknowledged-issue-numbers":                []interface{}{32775.0},
			"printSummary":                              false,
			"environment":                               "dev",
		}, want},
		// The CDK reads it there for every stack: every environment has it.
		{"bootstrap qualifier at the top", obj{settings.BootstrapQualifier: "myqual"}, withQualifier},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, _ := context(envs, tt.top)
			all, err := settings.All(ctx)
			if err != nil {
				t.Fatalf("All: unexpected error:\n%v", err)
			}
			got := make([]settings.Environment, len(all))
			for i, e := range all {
				got[i] = *e
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("All:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// All reads cdk.json alone: a setting at its top is no override but a
// mistake, whichever environment it was meant for.
func TestAllProblems(t *testing.T) {
	tests := []struct {
		name string
		ctx  obj
		want []string
	}{
		{"setting at the top", obj{"environments": obj{"default": obj{}}, "urlAuthType": "NONE"},
			[]string{`cdk.json: setting "urlAuthType" belongs in an environment: move it to environments.default.urlAuthType`}},
		{"every setting at the top", obj{"environments": obj{"default": obj{}}, "stackName": "Api", "deployAccessKey": true},
			[]string{
				`cdk.json: setting "deployAccessKey" belongs in an environment: move it to environments.default.deployAccessKey`,
				`cdk.json: setting "stackName" belongs in an environment: move it to environments.default.stackName`,
			}},
		{"unknown key at the top", obj{"environments": obj{"default": obj{}}, "urlAuth": "NONE"},
			[]string{`cdk.json: unknown setting "urlAuth"; did you mean "urlAuthType"?`}},
		{"problem in an environment", obj{"environments": obj{"default": obj{}, "prod": obj{"urlAuthType": "iam"}}},
			[]string{`environments.prod: urlAuthType must be NONE or AWS_IAM, got "iam"`}},
		{"no environments", obj{},
			[]string{`cdk.json: the context has no "environments": add "environments": {"default": {}} to it`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all, err := settings.All(tt.ctx)
			if all != nil {
				t.Errorf("All returned %d environments with its error, want none", len(all))
			}
			wantLines(t, err, tt.want)
		})
	}
}

func TestDeployedFrom(t *testing.T) {
	tests := []struct {
		name   string
		env    obj
		branch string
		want   bool
	}{
		{"no github repository", obj{}, "main", false},
		{"no github repository, other branch", obj{}, "develop", false},
		{"default branch", obj{"githubRepository": "acme/api"}, "main", true},
		{"not the default branch", obj{"githubRepository": "acme/api"}, "develop", false},
		{"branch names are case-sensitive", obj{"githubRepository": "acme/api"}, "Main", false},
		{"trusted branch", obj{"githubRepository": "acme/api", "githubBranch": "release"}, "release", true},
		{"main when another branch is trusted", obj{"githubRepository": "acme/api", "githubBranch": "release"}, "main", false},
		{"github environment, main", obj{"githubRepository": "acme/api", "githubEnvironment": "production"}, "main", true},
		{"github environment, any branch", obj{"githubRepository": "acme/api", "githubEnvironment": "production"}, "feature/x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := resolve(t, obj{"default": tt.env}, nil)
			if got := env.DeployedFrom(tt.branch); got != tt.want {
				t.Errorf("DeployedFrom(%q) = %v, want %v", tt.branch, got, tt.want)
			}
		})
	}
	t.Run("nothing but a github environment", func(t *testing.T) {
		env := &settings.Environment{GitHubEnvironment: "production"}
		if env.DeployedFrom("main") {
			t.Errorf("DeployedFrom(%q) = true without a githubRepository, want false", "main")
		}
	})
}

func TestErrorsAreJoined(t *testing.T) {
	_, err := settings.Resolve(context(obj{"default": obj{"urlAuthType": "none", "stackName": "1"}}, nil))
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 2 {
		t.Fatalf("Resolve error = %v, want two joined errors", err)
	}
}

// A bad value gets one message; what follows from it quotes the value as
// written, and asks nothing of a value that did not parse.
func TestFollowOnMessagesQuoteTheValueAsWritten(t *testing.T) {
	tests := []struct {
		name string
		over obj
		want []string
	}{
		{"bad account without region", obj{"account": "abc"}, []string{
			`-c: account must be 12 digits, got "abc"`,
			`-c: account "abc" needs region: set both, or neither for a stack that deploys wherever the credentials point`,
		}},
		{"bad region without account", obj{"region": "eu-west-9"}, []string{
			`-c: region must be an AWS region, such as eu-west-1, got "eu-west-9"; did you mean "eu-west-1"?`,
			`-c: region "eu-west-9" needs account: set both, or neither for a stack that deploys wherever the credentials point`,
		}},
		{"serial with a key that is not a boolean", obj{"deployAccessKey": "yes", "deployAccessKeySerial": 2.0}, []string{
			`-c: deployAccessKey must be true or false, got "yes"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, committed := context(obj{"default": obj{}}, tt.over)
			for k := range tt.over {
				committed[k] = false
			}
			_, err := settings.Resolve(ctx, committed)
			wantLines(t, err, tt.want)
		})
	}
}

// An environments object with no good environment says so once, not again
// as an unknown environment with an empty list.
func TestNoGoodEnvironmentIsOneProblem(t *testing.T) {
	_, err := settings.Resolve(obj{"environments": obj{"default": "x"}}, nil)
	wantLines(t, err, []string{`environments.default must be an object of settings, got "x"`})
}

// An override that makes the selected environment deploy another
// environment's stack is refused.
func TestOverrideOntoAnotherEnvironmentsStack(t *testing.T) {
	ctx, _ := context(obj{"a": obj{"stackName": "A"}, "b": obj{"stackName": "B"}}, obj{"environment": "a", "stackName": "B"})
	_, err := settings.Resolve(ctx, map[string]bool{"environments": true})
	wantLines(t, err, []string{
		"environments.a and environments.b would both deploy stack B wherever the credentials point with the -c overrides: give one its own stackName, or both an account and region that differ",
	})
}
