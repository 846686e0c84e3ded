// Package settings reads the app's settings: one committed configuration per
// environment, in cdk.json's context under "environments", plus one-off
// overrides given as `-c KEY=VALUE`. It refuses unknown keys and bad values,
// every problem at once, in the words the user wrote, before anything is
// built. It calls no CDK code, so a bad setting costs no node process.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/frontdoor"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/awsnames"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/suggest"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// Keys of the context that are not settings.
const (
	// EnvironmentsKey holds the committed environments: {"NAME": {settings}}.
	EnvironmentsKey = "environments"
	// EnvironmentKey selects the environment to synthesize (make ENV=...).
	EnvironmentKey = "environment"
	// PrintSummaryKey asks the app to print the synth summary (make synth).
	PrintSummaryKey = "printSummary"
	// BootstrapPolicyKey asks the app for the bootstrap policy stack of the
	// environment's qualifier instead of its service stack (make bootstrap).
	BootstrapPolicyKey = "bootstrapPolicy"
	// DefaultEnvironment is synthesized when no environment is selected.
	DefaultEnvironment = "default"
	// DefaultStackName names the stack of an environment that sets no stackName.
	DefaultStackName = "FastApiLambda"
)

// The settings, by the names users write.
const (
	StackName          = "stackName"
	Account            = "account"
	Region             = "region"
	UrlAuthType        = "urlAuthType"
	ImageRepository    = "imageRepository"
	ImageTagOrDigest   = "imageTagOrDigest"
	BootstrapQualifier = "@aws-cdk/core:bootstrapQualifier" // the CDK's own key
	DeployAccessKey    = "deployAccessKey"
	// DeployUser: the deploy user and its group; by default only where
	// something needs them (see Environment.HasDeployUser).
	DeployUser            = "deployUser"
	DeployAccessKeySerial = "deployAccessKeySerial"
	// DeployAccessKeyReaders: comma-separated ARNs of the IAM roles and users
	// that alone may read the access key's secret.
	DeployAccessKeyReaders = "deployAccessKeyReaders"
	CodeCommitRepository   = "codeCommitRepository"
	SshPublicKey           = "sshPublicKey"
	GitHubRepository       = "githubRepository"
	GitHubBranch           = "githubBranch"
	GitHubEnvironment      = "githubEnvironment"
	GitHubOidcProviderArn  = "githubOidcProviderArn"
	// PromoteAfter names the environment whose deploy, and its release,
	// must succeed in CI before this one deploys the same image.
	PromoteAfter = "promoteAfter"
	// BootstrapExecutionPolicy (true unless set false): make bootstrap gives
	// CloudFormation the project's execution policy and permissions boundary
	// instead of AdministratorAccess, and the stack's identities get the
	// boundary.
	BootstrapExecutionPolicy = "bootstrapExecutionPolicy"

	// Operations.
	ReservedConcurrency               = "reservedConcurrency"
	ProvisionedConcurrency            = "provisionedConcurrency"
	ProvisionedConcurrencyMax         = "provisionedConcurrencyMax"
	ProvisionedConcurrencyUtilization = "provisionedConcurrencyUtilization" // percent
	Dashboard                         = "dashboard"
	AlarmEmail                        = "alarmEmail"
	ApplicationLogLevel               = "applicationLogLevel"
	Tracing                           = "tracing"
	// SnapStart: Lambda starts execution environments from a snapshot of
	// each published version, taken after init.
	SnapStart = "snapStart"
	// Adapter: how the image runs the app, "mangum" or "web-adapter".
	Adapter = "adapter"
	// CustomerManagedKey: one KMS key of the stack's own encrypts the log
	// group, the alarm topic and the access key's secret.
	CustomerManagedKey = "customerManagedKey"

	// The front door: CloudFront before the Function URL.
	FrontDoor               = "frontDoor"
	FrontDoorDomain         = "frontDoorDomain"
	FrontDoorHostedZoneId   = "frontDoorHostedZoneId"
	FrontDoorHostedZoneName = "frontDoorHostedZoneName"
	FrontDoorCertificateArn = "frontDoorCertificateArn"
	FrontDoorWebAcl         = "frontDoorWebAcl"
	FrontDoorRateLimit      = "frontDoorRateLimit" // requests per client IP in 5 minutes
	// FrontDoorCachedPaths: comma-separated CloudFront path patterns.
	FrontDoorCachedPaths = "frontDoorCachedPaths"
)

type kind int

const (
	text kind = iota
	boolean
	wholeNumber
)

// definition is one setting: its key, its type and the rule its value obeys.
type definition struct {
	key   string
	kind  kind
	check func(string) error // text settings only; nil: any non-empty text
	set   func(e *Environment, v value)
}

type value struct {
	text    string
	boolean bool
	number  int
}

var definitions = []definition{
	{StackName, text, awsnames.StackName, func(e *Environment, v value) { e.StackName = v.text }},
	{Account, text, awsnames.Account, func(e *Environment, v value) { e.Account = v.text }},
	{Region, text, awsnames.Region, func(e *Environment, v value) { e.Region = v.text }},
	{UrlAuthType, text, checkUrlAuthType, func(e *Environment, v value) { e.UrlAuthType = v.text }},
	{ImageRepository, text, awsnames.EcrRepositoryName, func(e *Environment, v value) { e.ImageRepository = v.text }},
	{ImageTagOrDigest, text, awsnames.ImageTagOrDigest, func(e *Environment, v value) { e.ImageTagOrDigest = v.text }},
	{BootstrapQualifier, text, awsnames.BootstrapQualifier, func(e *Environment, v value) { e.BootstrapQualifier = v.text }},
	{DeployUser, boolean, nil, func(e *Environment, v value) { e.DeployUser = &v.boolean }},
	{DeployAccessKey, boolean, nil, func(e *Environment, v value) { e.DeployAccessKey = v.boolean }},
	{DeployAccessKeySerial, wholeNumber, nil, func(e *Environment, v value) { e.DeployAccessKeySerial = v.number }},
	{DeployAccessKeyReaders, text, principalArns, func(e *Environment, v value) { e.DeployAccessKeyReaders = splitList(v.text) }},
	{CodeCommitRepository, text, awsnames.CodeCommitRepositoryName, func(e *Environment, v value) { e.CodeCommitRepository = v.text }},
	{SshPublicKey, text, awsnames.SshRsaPublicKey, func(e *Environment, v value) { e.SshPublicKey = v.text }},
	{GitHubRepository, text, awsnames.GitHubRepository, func(e *Environment, v value) { e.GitHubRepository = v.text }},
	{GitHubBranch, text, awsnames.GitHubBranch, func(e *Environment, v value) { e.GitHubBranch = v.text }},
	{GitHubEnvironment, text, awsnames.GitHubEnvironment, func(e *Environment, v value) { e.GitHubEnvironment = v.text }},
	{GitHubOidcProviderArn, text, awsnames.GitHubOidcProviderArn, func(e *Environment, v value) { e.GitHubOidcProviderArn = v.text }},
	{PromoteAfter, text, checkEnvironmentName, func(e *Environment, v value) { e.PromoteAfter = v.text }},
	{BootstrapExecutionPolicy, boolean, nil, func(e *Environment, v value) { e.BootstrapExecutionPolicy = v.boolean }},
	{ReservedConcurrency, wholeNumber, nil, func(e *Environment, v value) { e.ReservedConcurrency = v.number }},
	{ProvisionedConcurrency, wholeNumber, nil, func(e *Environment, v value) { e.ProvisionedConcurrency = v.number }},
	{ProvisionedConcurrencyMax, wholeNumber, nil, func(e *Environment, v value) { e.ProvisionedConcurrencyMax = v.number }},
	{ProvisionedConcurrencyUtilization, wholeNumber, nil, func(e *Environment, v value) { e.ProvisionedConcurrencyUtilization = v.number }},
	{Dashboard, boolean, nil, func(e *Environment, v value) { e.NoDashboard = !v.boolean }},
	{AlarmEmail, text, checkEmail, func(e *Environment, v value) { e.AlarmEmail = v.text }},
	{ApplicationLogLevel, text, checkLogLevel, func(e *Environment, v value) { e.ApplicationLogLevel = v.text }},
	{Tracing, boolean, nil, func(e *Environment, v value) { e.Tracing = v.boolean }},
	{SnapStart, boolean, nil, func(e *Environment, v value) { e.SnapStart = v.boolean }},
	{Adapter, text, checkAdapter, func(e *Environment, v value) { e.Adapter = v.text }},
	{CustomerManagedKey, boolean, nil, func(e *Environment, v value) { e.CustomerManagedKey = v.boolean }},
	{FrontDoor, boolean, nil, func(e *Environment, v value) { e.FrontDoor = v.boolean }},
	{FrontDoorDomain, text, frontdoor.CheckDomainName, func(e *Environment, v value) { e.FrontDoorDomain = v.text }},
	{FrontDoorHostedZoneId, text, awsnames.HostedZoneID, func(e *Environment, v value) { e.FrontDoorHostedZoneId = v.text }},
	{FrontDoorHostedZoneName, text, checkZoneName, func(e *Environment, v value) { e.FrontDoorHostedZoneName = v.text }},
	{FrontDoorCertificateArn, text, awsnames.EdgeCertificateArn, func(e *Environment, v value) { e.FrontDoorCertificateArn = v.text }},
	{FrontDoorWebAcl, boolean, nil, func(e *Environment, v value) { e.NoFrontDoorWebAcl = !v.boolean }},
	{FrontDoorRateLimit, wholeNumber, nil, func(e *Environment, v value) { e.FrontDoorRateLimit = v.number }},
	{FrontDoorCachedPaths, text, checkCachedPaths, func(e *Environment, v value) { e.FrontDoorCachedPaths = splitList(v.text) }},
}

// Keys lists every setting's key, in the order the README documents them.
func Keys() []string {
	keys := make([]string, len(definitions))
	for i, d := range definitions {
		keys[i] = d.key
	}
	return keys
}

func lookup(key string) (definition, bool) {
	for _, d := range definitions {
		if d.key == key {
			return d, true
		}
	}
	return definition{}, false
}

// Environment is one environment's settings, checked. An empty string, false
// or 0 means the setting is not set and the product default applies.
type Environment struct {
	Name                   string
	StackName              string // never empty: DefaultStackName when not set
	Account, Region        string // both or neither
	UrlAuthType            string // "NONE" or "AWS_IAM"; empty: the stack's default
	ImageRepository        string
	ImageTagOrDigest       string
	BootstrapQualifier     string
	DeployUser             *bool // as set; nil: not set (HasDeployUser decides)
	DeployAccessKey        bool
	DeployAccessKeySerial  int
	DeployAccessKeyReaders []string
	CodeCommitRepository   string
	SshPublicKey           string
	GitHubRepository       string
	GitHubBranch           string
	GitHubEnvironment      string
	GitHubOidcProviderArn  string
	PromoteAfter           string // the environment this one follows in CI; empty: none
	// StartsPromotion: others follow this one, which follows none: CI
	// pushes the image it builds once to its repository, with its build role.
	StartsPromotion bool
	// DeploysPromotedImages: this one follows another or starts a promotion.
	DeploysPromotedImages    bool
	BootstrapExecutionPolicy bool // true unless the environment sets it false

	ReservedConcurrency               int // 0: the stack's default cap
	ProvisionedConcurrency            int
	ProvisionedConcurrencyMax         int
	ProvisionedConcurrencyUtilization int // percent; 0: the construct's default
	NoDashboard                       bool
	AlarmEmail                        string
	ApplicationLogLevel               string // empty: the construct's default
	Tracing                           bool
	SnapStart                         bool
	Adapter                           string // "mangum" or "web-adapter"; empty: the construct's default
	CustomerManagedKey                bool

	FrontDoor               bool
	FrontDoorDomain         string
	FrontDoorHostedZoneId   string
	FrontDoorHostedZoneName string
	FrontDoorCertificateArn string
	NoFrontDoorWebAcl       bool
	FrontDoorRateLimit      int // 0: the construct's default
	FrontDoorCachedPaths    []string

	// Overrides lists the settings given with -c, as KEY=VALUE, sorted.
	Overrides []string
}

// Resolve checks the whole configuration in context (cdk.json, cdk.context.json
// and -c flags, merged as the CDK CLI hands them to the app) and returns the
// selected environment with its overrides applied. committed holds the
// top-level keys of cdk.json's own context, to tell a setting left at the top
// of cdk.json from a -c override; nil if unknown. The error joins every
// problem found, one per line.
func Resolve(context map[string]interface{}, committed map[string]bool) (*Environment, error) {
	selected := DefaultEnvironment
	var problems []string
	if raw, ok := context[EnvironmentKey]; ok {
		if s, isText := raw.(string); isText && s != "" {
			selected = s
		} else {
			problems = append(problems, fmt.Sprintf("-c: %s must be an environment name, got %s", EnvironmentKey, show(raw)))
		}
	}
	_, chosen, more := check(context, committed, selected)
	return chosen, joined(append(problems, more...))
}

// All checks the configuration in context as committed (cdk.json's own
// context: no environment selected, no overrides) and returns every
// environment, sorted by name.
func All(context map[string]interface{}) ([]*Environment, error) {
	committed := map[string]bool{}
	for k := range context {
		committed[k] = true
	}
	envs, _, problems := check(context, committed, "")
	if err := joined(problems); err != nil {
		return nil, err
	}
	return envList(envs), nil
}

// check reports every problem in context: unknown keys, each committed
// environment's settings, the overrides on top of the selected one ("" for
// none) and stacks that two environments would share.
func check(context map[string]interface{}, committed map[string]bool, selected string) (map[string]*Environment, *Environment, []string) {
	raw, names, problems := committedEnvironments(context)
	report := func(format string, args ...interface{}) { problems = append(problems, fmt.Sprintf(format, args...)) }

	// The CDK's own qualifier key may sit at the top of cdk.json, where the
	// CDK reads it: it is the base of every environment, not an override.
	base := map[string]interface{}{}
	overrides := map[string]interface{}{}
	for _, key := range sortedKeys(context) {
		if _, isSetting := lookup(key); isSetting {
			switch {
			case committed[key] && key == BootstrapQualifier:
				base[key] = context[key]
			case committed[key]:
				report("cdk.json: setting %q belongs in an environment: move it to %s.%s.%s", key, EnvironmentsKey, orDefault(selected), key)
			default:
				overrides[key] = context[key]
			}
			continue
		}
		source := "-c"
		if committed[key] {
			source = "cdk.json"
		}
		if isCdkKey(key) {
			// The CDK ignores a key it does not know: a misspelt qualifier
			// would silently deploy through the default bootstrap stack.
			if near := suggest.Closest(key, []string{BootstrapQualifier}); near != "" {
				report("%s: unknown setting %q; did you mean %q?", source, key, near)
			}
			continue
		}
		if !isControlKey(key) {
			report("%s: unknown setting %q%s", source, key, hint(key, append(Keys(), EnvironmentKey, EnvironmentsKey)))
		}
	}

	envs := map[string]*Environment{}
	var chosen *Environment
	for _, name := range sortedKeys(raw) {
		env, envProblems := build(name, base, raw[name], nil)
		envs[name] = env
		for _, p := range envProblems {
			report("%s.%s: %s", EnvironmentsKey, name, p)
		}
		if name != selected {
			continue
		}
		chosen = env
		if len(overrides) > 0 {
			merged, mergedProblems := build(name, base, raw[name], overrides)
			for _, p := range mergedProblems {
				if !slices.Contains(envProblems, p) {
					report("-c: %s", p)
				}
			}
			chosen = merged
		}
	}
	switch {
	case selected == "" || slices.Contains(names, selected) || len(names) == 0:
	case selected == DefaultEnvironment && context[EnvironmentKey] == nil:
		report("%s: no environment selected and none is named %q: select one with ENV=NAME (make) or -c %s=NAME; %s has %s",
			EnvironmentKey, DefaultEnvironment, EnvironmentKey, EnvironmentsKey, strings.Join(quoteAll(names), ", "))
	default:
		report("%s: unknown environment %q (%s has %s)%s", EnvironmentKey, selected,
			EnvironmentsKey, strings.Join(quoteAll(names), ", "), hint(selected, names))
	}
	if raw, ok := overrides[PromoteAfter]; ok {
		report("-c: %s orders the deploys CI makes of the environments committed in %s, so it takes no one-off value, got %s: commit it in %s.%s",
			PromoteAfter, "cdk.json", show(raw), EnvironmentsKey, orDefault(selected))
	}
	for _, env := range append(envList(envs), chosen) {
		if env != nil {
			env.StartsPromotion = env.PromoteAfter == "" && isFollowed(envs, env.Name)
			env.DeploysPromotedImages = env.PromoteAfter != "" || env.StartsPromotion
		}
	}
	problems = append(problems, promotionProblems(envs)...)
	if len(problems) == 0 {
		problems = append(duplicateStacks(envs, chosen), sharedGitHubProviders(envs)...)
		problems = append(problems, mixedBootstrapPolicies(envs)...)
	}
	return envs, chosen, problems
}

func orDefault(name string) string {
	if name == "" {
		return DefaultEnvironment
	}
	return name
}

func joined(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = errors.New(p)
	}
	return errors.Join(errs...)
}

// committedEnvironments returns the environments object: each good
// environment's settings as written, and the names of all of them.
func committedEnvironments(context map[string]interface{}) (map[string]map[string]interface{}, []string, []string) {
	raw, ok := context[EnvironmentsKey]
	if !ok {
		return nil, nil, []string{fmt.Sprintf(`cdk.json: the context has no %q: add "%s": {"%s": {}} to it`, EnvironmentsKey, EnvironmentsKey, DefaultEnvironment)}
	}
	all, ok := raw.(map[string]interface{})
	if !ok || len(all) == 0 {
		return nil, nil, []string{fmt.Sprintf(`%s must be an object of environments, such as {"%s": {}}, got %s`, EnvironmentsKey, DefaultEnvironment, show(raw))}
	}
	var problems []string
	envs := map[string]map[string]interface{}{}
	seen := map[string]string{}
	for _, name := range sortedKeys(all) {
		settings, isObject := all[name].(map[string]interface{})
		folded := strings.ToUpper(name)
		first, clash := seen[folded]
		seen[folded] = name
		switch {
		case clash:
			problems = append(problems, fmt.Sprintf("%s: environments %q and %q differ only in case: GitHub variable names (DEPLOY_ROLE_ARN_%s) ignore case", EnvironmentsKey, first, name, folded))
		case !environmentName.MatchString(name):
			problems = append(problems, fmt.Sprintf("%s: environment name must be 1 to 32 letters, digits or '_', starting with a letter, got %q", EnvironmentsKey, name))
		case !isObject:
			problems = append(problems, fmt.Sprintf("%s.%s must be an object of settings, got %s", EnvironmentsKey, name, show(all[name])))
		default:
			envs[name] = settings
		}
	}
	return envs, sortedKeys(all), problems
}

var wholeNumberText = regexp.MustCompile(`^[1-9][0-9]*$`)

// Environment names become GitHub variable names (DEPLOY_ROLE_ARN_<name>).
var environmentName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,31}$`)

// build checks one environment's settings, on top of base (the CDK-owned
// settings at the top of cdk.json) and under overrides (-c), and returns it
// with every problem, each naming the setting and the value as written.
func build(name string, base, settings, overrides map[string]interface{}) (*Environment, []string) {
	env := &Environment{Name: name, BootstrapExecutionPolicy: true}
	values := map[string]interface{}{}
	for _, layer := range []map[string]interface{}{base, settings, overrides} {
		for k, v := range layer {
			values[k] = v
		}
	}
	var problems []string
	parsed := map[string]bool{}
	for _, key := range sortedKeys(values) {
		def, ok := lookup(key)
		if !ok {
			problems = append(problems, fmt.Sprintf("unknown setting %q%s", key, hint(key, Keys())))
			continue
		}
		v, err := parse(def, values[key])
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s %s", key, err))
			continue
		}
		def.set(env, v)
		parsed[key] = true
	}
	for _, key := range sortedKeys(overrides) {
		env.Overrides = append(env.Overrides, fmt.Sprintf("%s=%s", key, plain(overrides[key])))
	}
	if env.StackName == "" {
		env.StackName = DefaultStackName
	}
	problems = append(problems, env.crossChecks(values, parsed)...)
	return env, problems
}

// crossChecks are the rules between settings: what needs what. values holds
// every setting as written; parsed, those whose value is good, so a bad value
// gets one message, not a second one about what follows from it.
func (e *Environment) crossChecks(values map[string]interface{}, parsed map[string]bool) []string {
	isSet := func(key string) bool {
		_, ok := values[key]
		return ok
	}
	var problems []string
	needs := func(key, needed, why string) {
		if isSet(key) && !isSet(needed) {
			problems = append(problems, fmt.Sprintf("%s needs %s%s", key, needed, why))
		}
	}
	switch {
	case isSet(Account) && !isSet(Region):
		problems = append(problems, fmt.Sprintf("account %s needs region: set both, or neither for a stack that deploys wherever the credentials point", show(values[Account])))
	case isSet(Region) && !isSet(Account):
		problems = append(problems, fmt.Sprintf("region %s needs account: set both, or neither for a stack that deploys wherever the credentials point", show(values[Region])))
	}
	needs(ImageTagOrDigest, ImageRepository, ": without it the image is built from lambda-app/ and the tag would be ignored")
	needs(DeployAccessKeySerial, DeployAccessKey, " true: the serial rotates the deploy user's access key")
	if isSet(DeployAccessKeySerial) && parsed[DeployAccessKey] && !e.DeployAccessKey {
		problems = append(problems, fmt.Sprintf("%s needs %s true, got false", DeployAccessKeySerial, DeployAccessKey))
	}
	needs(DeployAccessKeyReaders, DeployAccessKey, " true: they read the access key's secret")
	if isSet(DeployAccessKeyReaders) && parsed[DeployAccessKey] && !e.DeployAccessKey {
		problems = append(problems, fmt.Sprintf("%s needs %s true, got false", DeployAccessKeyReaders, DeployAccessKey))
	}
	needs(SshPublicKey, CodeCommitRepository, ": the key is for git over SSH to that repository")
	if e.DeployUser != nil && !*e.DeployUser {
		if !isSet(GitHubRepository) {
			problems = append(problems, fmt.Sprintf("%s false needs %s: without the user, the GitHub deploy role is the only identity that deploys", DeployUser, GitHubRepository))
		}
		if e.DeployAccessKey {
			problems = append(problems, fmt.Sprintf("%s needs the deploy user, got %s false", DeployAccessKey, DeployUser))
		}
		if isSet(CodeCommitRepository) {
			problems = append(problems, fmt.Sprintf("%s needs the deploy user, got %s false", CodeCommitRepository, DeployUser))
		}
	}
	problems = append(problems, e.concurrencyChecks(isSet)...)
	problems = append(problems, e.frontDoorChecks(values, parsed, isSet)...)
	if longest := e.longestStackName(); e.BootstrapExecutionPolicy && len(e.StackName) > longest {
		edge := ""
		if longest < stacks.MaxStackNameLength {
			edge = fmt.Sprintf(" (%d, less its front door's edge stack suffix %s)", stacks.MaxStackNameLength, stacks.EdgeStackSuffix)
		}
		problems = append(problems, fmt.Sprintf("%s must be at most %d characters%s with %s on (the default): CloudFormation cuts a longer stack name short inside the 64-character names it gives roles and functions, which the execution policy matches as STACK-*; got %d characters, %q",
			StackName, longest, edge, BootstrapExecutionPolicy, len(e.StackName), e.StackName))
	}
	if e.CustomerManagedKey && e.BootstrapExecutionPolicy {
		problems = append(problems, fmt.Sprintf("%s needs %s false: the execution policy cannot name a KMS key before it exists, "+
			"and allowing every key would let a deploy rewrite any key's policy; set it false here and on every environment "+
			"sharing this bootstrap qualifier, or give this one its own %s", CustomerManagedKey, BootstrapExecutionPolicy, BootstrapQualifier))
	}
	needs(GitHubBranch, GitHubRepository, "")
	needs(GitHubEnvironment, GitHubRepository, "")
	needs(GitHubOidcProviderArn, GitHubRepository, "")
	if e.GitHubBranch != "" && e.GitHubEnvironment != "" {
		problems = append(problems, fmt.Sprintf("set %s or %s, not both, got branch %q and environment %q", GitHubBranch, GitHubEnvironment, e.GitHubBranch, e.GitHubEnvironment))
	}
	if arn := e.GitHubOidcProviderArn; arn != "" {
		parts := strings.Split(arn, ":")
		arnPartition, arnAccount := parts[1], parts[4]
		if e.Account != "" && arnAccount != e.Account {
			problems = append(problems, fmt.Sprintf("%s must be in account %s, got %q", GitHubOidcProviderArn, e.Account, arn))
		}
		if p := awsnames.Partition(e.Region); p != "" && arnPartition != p {
			problems = append(problems, fmt.Sprintf("%s must be in partition %s (region %s), got %q", GitHubOidcProviderArn, p, e.Region, arn))
		}
	}
	return problems
}

// longestStackName is the longest stack name the bootstrap execution
// policy can match for this environment: its front door's edge stack, named
// STACK-Edge outside us-east-1, must fit too.
func (e *Environment) longestStackName() int {
	if e.FrontDoor && e.Region != frontdoor.EdgeRegion {
		return stacks.MaxStackNameLength - len(stacks.EdgeStackSuffix)
	}
	return stacks.MaxStackNameLength
}

// HasDeployUser says whether the stack has the deploy user and its group:
// as set, or, unset, unless the environment deploys through GitHub OIDC
// alone (githubRepository, and neither deployAccessKey nor
// codeCommitRepository, which are the user's): no standing IAM user where
// no one signs in as one.
func (e *Environment) HasDeployUser() bool {
	if e.DeployUser != nil {
		return *e.DeployUser
	}
	return e.GitHubRepository == "" || e.DeployAccessKey || e.CodeCommitRepository != ""
}

// frontDoorChecks are the rules between the front door's settings, and
// what it needs of the others.
func (e *Environment) frontDoorChecks(values map[string]interface{}, parsed map[string]bool, isSet func(string) bool) []string {
	var problems []string
	// A bad frontDoor value has its own message: what needs it says nothing more.
	badFrontDoor := isSet(FrontDoor) && !parsed[FrontDoor]
	for _, key := range []string{FrontDoorDomain, FrontDoorHostedZoneId, FrontDoorHostedZoneName, FrontDoorCertificateArn,
		FrontDoorWebAcl, FrontDoorRateLimit, FrontDoorCachedPaths} {
		if isSet(key) && !e.FrontDoor && !badFrontDoor {
			problems = append(problems, fmt.Sprintf("%s needs %s true", key, FrontDoor))
		}
	}
	if !e.FrontDoor {
		return problems
	}
	if err := stacks.CheckFrontDoorEnv(isSet(Account) && isSet(Region), Account+" and "+Region); err != nil {
		problems = append(problems, fmt.Sprintf("%s %v", FrontDoor, err))
	}
	if err := stacks.CheckFrontDoorUrlAuthType(e.UrlAuthType, UrlAuthType); err != nil {
		problems = append(problems, fmt.Sprintf("%s %v", FrontDoor, err))
	}
	if err := stacks.CheckFrontDoorHostedZone(isSet(FrontDoorHostedZoneId), isSet(FrontDoorHostedZoneName), FrontDoorHostedZoneId, FrontDoorHostedZoneName); err != nil {
		problems = append(problems, err.Error())
	}
	zone, certificate := isSet(FrontDoorHostedZoneId) || isSet(FrontDoorHostedZoneName), isSet(FrontDoorCertificateArn)
	switch {
	case isSet(FrontDoorDomain) && !zone && !certificate:
		problems = append(problems, fmt.Sprintf("%s needs %s and %s (a certificate validated through the zone, and the records), or %s, got %s alone",
			FrontDoorDomain, FrontDoorHostedZoneId, FrontDoorHostedZoneName, FrontDoorCertificateArn, show(values[FrontDoorDomain])))
	case !isSet(FrontDoorDomain) && (zone || certificate):
		problems = append(problems, fmt.Sprintf("the hosted zone and the certificate need %s: the name clients call", FrontDoorDomain))
	}
	if e.FrontDoorDomain != "" && e.FrontDoorHostedZoneName != "" && !frontdoor.InZone(e.FrontDoorDomain, e.FrontDoorHostedZoneName) {
		problems = append(problems, fmt.Sprintf("%s must be in %s %q, got %q", FrontDoorDomain, FrontDoorHostedZoneName, e.FrontDoorHostedZoneName, e.FrontDoorDomain))
	}
	if arn := e.FrontDoorCertificateArn; arn != "" && e.Account != "" && strings.Split(arn, ":")[4] != e.Account {
		problems = append(problems, fmt.Sprintf("%s must be in account %s (CloudFront serves certificates of its own account), got %q", FrontDoorCertificateArn, e.Account, arn))
	}
	if e.FrontDoorRateLimit != 0 {
		if err := frontdoor.CheckRateLimit(float64(e.FrontDoorRateLimit)); err != nil {
			problems = append(problems, fmt.Sprintf("%s %v, got %d", FrontDoorRateLimit, err, e.FrontDoorRateLimit))
		}
		if e.NoFrontDoorWebAcl {
			problems = append(problems, fmt.Sprintf("%s needs %s true: the web ACL enforces it", FrontDoorRateLimit, FrontDoorWebAcl))
		}
	}
	if err := stacks.CheckFrontDoorStackName(e.StackName, e.Region, StackName); err != nil {
		problems = append(problems, fmt.Sprintf("%s %v", FrontDoor, err))
	}
	return problems
}

// concurrencyChecks are the rules between the concurrency settings, which
// Lambda would otherwise enforce half-way through a deploy: the construct's
// rules (fastapilambda.CheckConcurrency), in the settings' names, and the
// utilization's range, which the settings write as a percentage.
func (e *Environment) concurrencyChecks(isSet func(string) bool) []string {
	problems := fastapilambda.CheckSnapStart(e.SnapStart, isSet(ProvisionedConcurrency), SnapStart, ProvisionedConcurrency)
	if u := e.ProvisionedConcurrencyUtilization; u > 100 {
		problems = append(problems, fmt.Sprintf("%s %s, got %d", ProvisionedConcurrencyUtilization, utilizationRule, u))
	}
	// A value refused by its own rule is 0 here, and so nil.
	reserved, where := e.ReservedConcurrency, fmt.Sprintf("%s (%d)", ReservedConcurrency, e.ReservedConcurrency)
	if reserved == 0 {
		reserved, where = stacks.DefaultReservedConcurrency, fmt.Sprintf("%s (%d by default)", ReservedConcurrency, stacks.DefaultReservedConcurrency)
	}
	return append(problems, fastapilambda.CheckConcurrency(fastapilambda.Concurrency{
		FloorSet:       isSet(ProvisionedConcurrency),
		CeilingSet:     isSet(ProvisionedConcurrencyMax),
		UtilizationSet: isSet(ProvisionedConcurrencyUtilization),
		Floor:          optionalNumber(e.ProvisionedConcurrency),
		Ceiling:        optionalNumber(e.ProvisionedConcurrencyMax),
		Reserved:       optionalNumber(reserved),
	}, fastapilambda.ConcurrencyNames{
		Floor:       ProvisionedConcurrency,
		Ceiling:     ProvisionedConcurrencyMax,
		Utilization: ProvisionedConcurrencyUtilization,
		Reserved:    where,
	})...)
}

// duplicateStacks refuses two environments that would deploy the same stack
// (one deploy would overwrite the other), including the selected one as its
// overrides leave it.
func duplicateStacks(envs map[string]*Environment, chosen *Environment) []string {
	seen := map[string]string{}
	var problems []string
	for _, name := range sortedKeys(envs) {
		env := envs[name]
		if chosen != nil && name == chosen.Name {
			env = chosen
		}
		target := fmt.Sprintf("%s in %s/%s", env.StackName, env.Account, env.Region)
		if env.Account == "" {
			target = env.StackName + " wherever the credentials point"
		}
		if first, dup := seen[target]; dup {
			with := ""
			if len(env.Overrides) > 0 || (chosen != nil && first == chosen.Name && len(chosen.Overrides) > 0) {
				with = " with the -c overrides"
			}
			problems = append(problems, fmt.Sprintf("%s.%s and %s.%s would both deploy stack %s%s: give one its own stackName, or both an account and region that differ",
				EnvironmentsKey, first, EnvironmentsKey, name, target, with))
			continue
		}
		seen[target] = name
	}
	return problems
}

// sharedGitHubProviders refuses two environments in one account that would
// each create the GitHub OIDC provider: an account holds one, so the second
// deploy would fail.
func sharedGitHubProviders(envs map[string]*Environment) []string {
	creators := map[string]string{}
	var problems []string
	for _, name := range sortedKeys(envs) {
		env := envs[name]
		if env.Account == "" || env.GitHubRepository == "" || env.GitHubOidcProviderArn != "" {
			continue
		}
		if first, taken := creators[env.Account]; taken {
			problems = append(problems, fmt.Sprintf("%s.%s and %s.%s would both create the GitHub OIDC provider of account %s, which holds one: "+
				"deploy %s first, then set %s.%s.%s to arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com",
				EnvironmentsKey, first, EnvironmentsKey, name, env.Account, first, EnvironmentsKey, name, GitHubOidcProviderArn, env.Account))
			continue
		}
		creators[env.Account] = name
	}
	return problems
}

// mixedBootstrapPolicies refuses two environments that share a bootstrap
// stack (the same qualifier, in the same account or where the credentials
// point) when bootstrapExecutionPolicy is true in one and false in the other:
// after the first one's make bootstrap, the execution policy would not
// cover the second one's stack, and its deploys would be denied.
func mixedBootstrapPolicies(envs map[string]*Environment) []string {
	var problems []string
	names := sortedKeys(envs)
	for i, first := range names {
		for _, second := range names[i+1:] {
			a, b := envs[first], envs[second]
			if a.BootstrapExecutionPolicy == b.BootstrapExecutionPolicy || a.Qualifier() != b.Qualifier() {
				continue
			}
			if a.Account != "" && b.Account != "" && (a.Account != b.Account || a.Region != b.Region) {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s.%s and %s.%s may share the bootstrap stack of qualifier %s, and only one turns %s off: "+
				"set it the same on both, or give one its own %s", EnvironmentsKey, first, EnvironmentsKey, second, a.Qualifier(),
				BootstrapExecutionPolicy, BootstrapQualifier))
		}
	}
	return problems
}

// Qualifier is the environment's bootstrap qualifier, or the CDK's default.
func (e *Environment) Qualifier() string {
	if e.BootstrapQualifier != "" {
		return e.BootstrapQualifier
	}
	return awsnames.DefaultBootstrapQualifier
}

// parse reads a value as cdk.json holds it (JSON types) or as -c gives it
// (always text).
func parse(def definition, raw interface{}) (value, error) {
	switch def.kind {
	case boolean:
		switch v := raw.(type) {
		case bool:
			return value{boolean: v}, nil
		case string:
			if v == "true" || v == "false" {
				return value{boolean: v == "true"}, nil
			}
		}
		return value{}, fmt.Errorf("must be true or false, got %s", show(raw))
	case wholeNumber:
		n, whole := wholePositive(raw)
		rule, narrower := wholeNumberRules[def.key]
		switch {
		case narrower && (!whole || n < 1 || n > maxWholeNumber):
			return value{}, fmt.Errorf("%s, got %s", rule, show(raw))
		case !whole || n < 1:
			return value{}, fmt.Errorf("must be a whole number from 1 up, got %s", show(raw))
		case n > maxWholeNumber:
			return value{}, fmt.Errorf("must be at most %d, the largest whole number CloudFormation takes%s, got %s", maxWholeNumber, wholeNumberCeilings[def.key], show(raw))
		}
		return value{number: int(n)}, nil
	}
	s, ok := raw.(string)
	switch {
	case !ok && def.key == Account && isNumber(raw):
		return value{}, fmt.Errorf("must be a string of 12 digits: quote it (a number loses leading zeros), got %s", show(raw))
	case !ok:
		return value{}, fmt.Errorf("must be a string, got %s", show(raw))
	case s == "":
		return value{}, errors.New(`must not be empty, got ""`)
	}
	if def.check != nil {
		if err := def.check(s); err != nil {
			shown := s
			if def.key == SshPublicKey {
				shown = awsnames.Abbreviate(s)
			}
			suggestion := ""
			if def.key == Region {
				suggestion = hint(s, awsnames.Regions())
			}
			return value{}, fmt.Errorf("%s, got %q%s", err, shown, suggestion)
		}
	}
	return value{text: s}, nil
}

// utilizationRule is the rule provisionedConcurrencyUtilization obeys.
const utilizationRule = "must be a percentage from 1 to 100 (70, not 0.7)"

// wholeNumberRules word the rule of the whole-number settings narrower than
// "from 1 up", for a value that is not a whole number at all; the range
// checks after parsing use the same words.
var wholeNumberRules = map[string]string{
	ProvisionedConcurrencyUtilization: utilizationRule,
	FrontDoorRateLimit:                frontdoor.RateLimitRule,
}

// maxWholeNumber is CloudFormation's largest integer (a signed 32-bit one).
const maxWholeNumber = 1<<31 - 1

// wholeNumberCeilings say, after CloudFormation's ceiling, what limit the
// service itself sets on a setting, which the app cannot know at synth.
var wholeNumberCeilings = map[string]string{
	ReservedConcurrency:       " (Lambda then holds it to the account's concurrency quota, 1000 unless raised)",
	ProvisionedConcurrency:    " (Lambda then holds it to reservedConcurrency and the account's concurrency quota)",
	ProvisionedConcurrencyMax: " (Lambda then holds it to reservedConcurrency and the account's concurrency quota)",
}

// wholePositive reads a whole number, written as a JSON number or as
// decimal digits; whole is false for anything else (a fraction, a sign, a
// word). The range is the caller's to check.
func wholePositive(raw interface{}) (n int64, whole bool) {
	switch v := raw.(type) {
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > 1<<62 {
			return 0, false
		}
		return int64(v), true
	case string:
		if !wholeNumberText.MatchString(v) {
			return 0, false
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			// More digits than int64 holds: a whole number, and too large.
			return math.MaxInt64, true
		}
		return n, true
	}
	return 0, false
}

func isNumber(raw interface{}) bool {
	_, ok := raw.(float64)
	return ok
}

func checkUrlAuthType(s string) error {
	if s != "NONE" && s != "AWS_IAM" {
		return errors.New("must be NONE or AWS_IAM")
	}
	return nil
}

func checkEmail(s string) error {
	local, domain, found := strings.Cut(s, "@")
	if !found || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(s, " ,;<>\t") || strings.HasSuffix(domain, ".") {
		return errors.New("must be one email address, such as ops@example.com (SNS sends it a confirmation link)")
	}
	return nil
}

func checkZoneName(s string) error {
	if frontdoor.CheckDomainName(strings.TrimSuffix(s, ".")) != nil {
		return errors.New("must be the hosted zone's DNS name, lower case, such as example.com")
	}
	return nil
}

// checkCachedPaths checks a comma-separated list of path patterns.
func checkCachedPaths(s string) error {
	paths := splitList(s)
	if len(paths) == 0 {
		return errors.New("must name at least one path pattern, comma-separated, such as /static/*")
	}
	var problems []string
	for _, err := range frontdoor.CheckCachedPaths(paths) {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func checkEnvironmentName(s string) error {
	if !environmentName.MatchString(s) {
		return errors.New("must name an environment: 1 to 32 letters, digits or '_', starting with a letter")
	}
	return nil
}

func checkAdapter(s string) error {
	if s != string(fastapilambda.AdapterMangum) && s != string(fastapilambda.AdapterWebAdapter) {
		return fmt.Errorf("must be %s (buffered answers) or %s (uvicorn behind the Lambda Web Adapter, which streams)", fastapilambda.AdapterMangum, fastapilambda.AdapterWebAdapter)
	}
	return nil
}

func checkLogLevel(s string) error {
	switch s {
	case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL":
		return nil
	}
	return errors.New("must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL")
}

// isControlKey: keys the app reads that are not settings.
func isControlKey(key string) bool {
	return key == EnvironmentsKey || key == EnvironmentKey || key == PrintSummaryKey || key == BootstrapPolicyKey
}

// isCdkKey: the CDK's own context (feature flags "@aws-cdk/...", the CLI's
// "aws:cdk:..." keys, lookups cached in cdk.context.json as "provider:...").
// No setting of this app has '@' or ':' in its name but the bootstrap
// qualifier, which is the CDK's own key.
func isCdkKey(key string) bool {
	return strings.HasPrefix(key, "@") || strings.Contains(key, ":") || key == "acknowledged-issue-numbers"
}

func hint(word string, candidates []string) string {
	if near := suggest.Closest(word, candidates); near != "" {
		return fmt.Sprintf("; did you mean %q?", near)
	}
	return ""
}

// show renders a value as the user wrote it: text quoted, anything else as JSON.
func show(raw interface{}) string {
	if s, ok := raw.(string); ok {
		return strconv.Quote(s)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return fmt.Sprint(raw)
	}
	return string(b)
}

// plain renders a value for the summary, with long keys shortened.
func plain(raw interface{}) string {
	if s, ok := raw.(string); ok {
		return awsnames.Abbreviate(s)
	}
	return show(raw)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func quoteAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strconv.Quote(w)
	}
	return out
}

// DeployedFrom says whether CI deploys this environment on a push to branch:
// it has GitHub roles, and its deploy role trusts that branch (githubBranch,
// or the deploy identity's default branch) or a GitHub environment, whose
// own rules then say which branches may deploy.
func (e *Environment) DeployedFrom(branch string) bool {
	if e.GitHubRepository == "" {
		return false
	}
	if e.GitHubEnvironment != "" {
		return true
	}
	trusted := e.GitHubBranch
	if trusted == "" {
		trusted = deployidentity.DefaultGitHubBranch
	}
	return trusted == branch
}

// principalArns checks a comma-separated list of IAM role and user ARNs.
func principalArns(s string) error {
	arns := splitList(s)
	if len(arns) == 0 {
		return errors.New("must name at least one IAM role or user ARN, comma-separated")
	}
	for _, arn := range arns {
		if err := awsnames.IamPrincipalArn(arn); err != nil {
			return fmt.Errorf("lists %q, which %s", arn, err)
		}
	}
	return nil
}

// splitList splits a comma-separated setting, dropping blanks around items.
func splitList(s string) []string {
	var items []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}
