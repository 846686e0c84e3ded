// Command fastapi-lambda-cdk is the CDK app: it synthesizes the stack that runs
// lambda-app on AWS Lambda, for one environment of the committed configuration
// (cdk.json's context, "environments"). It is the only place that reads the
// process environment, the CDK context and the working directory.
//
// Run by the CDK CLI (cdk synth, diff, deploy), it synthesizes. Run as
// `fastapi-lambda-cdk environments -branch BRANCH`, it prints, as JSON, the
// environments that CI deploys on a push to BRANCH; as `fastapi-lambda-cdk
// bootstrap-args -env NAME`, the `cdk bootstrap` flags that environment needs;
// as `fastapi-lambda-cdk review -env NAME [-base REF]`, the offline diff of
// the working tree against its base, with the risk summary (make diff).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/jsonkeys"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/review"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/summary"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// The file holding the committed configuration, in the working directory.
const configFile = "cdk.json"

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "environments":
			os.Exit(listEnvironments(os.Args[2:], os.Stdout, os.Stderr))
		case "bootstrap-args":
			os.Exit(bootstrapArgs(os.Args[2:], os.Stdout, os.Stderr))
		case "review":
			os.Exit(runReview(os.Args[2:], os.Stdout, os.Stderr))
		}
	}
	os.Exit(synth(os.Stderr))
}

// synth checks every setting, then builds and synthesizes the selected
// environment's stack. Any problem is printed as "error: ..." lines and
// exits 1, leaving no template in the output directory.
func synth(stderr io.Writer) int {
	context, committed, err := readContext()
	var env *settings.Environment
	if err == nil {
		env, err = settings.Resolve(context, committed)
	}
	if err == nil {
		// An earlier run's stacks that this one no longer has (another
		// environment, a front door turned off) must not stay beside it.
		removeAssembly(os.Getenv("CDK_OUTDIR"))
		err = build(env, context, stderr)
	}
	if err != nil {
		printErrors(stderr, err)
		removeAssembly(os.Getenv("CDK_OUTDIR"))
		return 1
	}
	return 0
}

// build synthesizes env's stack. A construct reports a bad prop by panicking,
// as CDK constructs do; that becomes an error here, not a Go trace.
func build(env *settings.Environment, context map[string]interface{}, stderr io.Writer) (err error) {
	defer jsii.Close()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	app := awscdk.NewApp(nil)
	// The stacks the summary lists: the service's, and its front door's edge
	// when that is a stack of its own.
	var built []awscdk.Stack
	notes := map[awscdk.Stack]string{}
	if context[settings.BootstrapPolicyKey] == "true" || context[settings.BootstrapPolicyKey] == true {
		if err := noOverrides(env); err != nil {
			return err
		}
		all, err := settings.All(context)
		if err != nil {
			return err
		}
		policy, err := env.BootstrapPolicyProps(all)
		if err != nil {
			return err
		}
		built = append(built, stacks.NewBootstrapPolicyStack(app, env.BootstrapPolicyStackName(), policy).Stack())
	} else {
		// lambda-app is built from the working directory unless the
		// environment names an ECR repository.
		imageDir, err := filepath.Abs("lambda-app")
		if err != nil {
			return fmt.Errorf("cannot resolve the image directory lambda-app: %v", err)
		}
		props := env.StackProps(imageDir)
		service := stacks.NewServiceStack(app, env.StackName, props)
		built = append(built, service.Stack())
		if edge := service.EdgeStack(); edge != nil {
			built = append(built, edge)
			notes[edge] = fmt.Sprintf("  deploys to %s of account %s, before %s: the front door's edge, whose outputs %s reads",
				*edge.Region(), env.Account, env.StackName, env.StackName)
		}
	}
	dir := *app.Synth(nil).Directory()
	if err := validationFailures(dir); err != nil {
		return err
	}

	// In process, the summary costs a file read; a separate program would
	// cost a process start on every `make synth`.
	if context[settings.PrintSummaryKey] == "true" || context[settings.PrintSummaryKey] == true {
		// Named as the CLI's output directory was given (cdk.out), not as
		// the absolute path the assembly reports.
		outdir := os.Getenv("CDK_OUTDIR")
		if outdir == "" {
			outdir = dir
		}
		for _, stack := range built {
			template := *stack.TemplateFile()
			raw, err := os.ReadFile(filepath.Join(dir, template))
			if err != nil {
				return err
			}
			if err := summary.Write(stderr, filepath.Join(outdir, template), raw); err != nil {
				return err
			}
			if note, ok := notes[stack]; ok {
				fmt.Fprintln(stderr, note)
			}
		}
		fmt.Fprintln(stderr, describe(env))
	}
	return nil
}

// noOverrides refuses a one-off setting for the bootstrap policy stack:
// the policy covers the committed environments' stacks, so a stack name or
// account given for one run would deploy a policy that misses it. The
// message names the setting as the user gave it: on the command line.
func noOverrides(env *settings.Environment) error {
	if len(env.Overrides) == 0 {
		return nil
	}
	var given []string
	for _, kv := range env.Overrides {
		key, value, _ := strings.Cut(kv, "=")
		if key == settings.StackName {
			given = append(given, fmt.Sprintf("STACK=%s (-c %s)", value, kv))
		} else {
			given = append(given, "-c "+kv)
		}
	}
	it := "it"
	if len(given) > 1 {
		it = "them"
	}
	return fmt.Errorf("%s: the bootstrap policy covers the stacks committed in %s, so it takes no one-off setting, got %s: commit %s in %s.%s, then bootstrap again",
		settings.BootstrapPolicyKey, configFile, strings.Join(given, ", "), it, settings.EnvironmentsKey, env.Name)
}

// validationFailures reads the report of the CloudFormation validation that
// aws-cdk-lib runs while synthesizing, which the CLI would otherwise turn into
// an error only after the app has exited, leaving the template behind.
func validationFailures(assemblyDir string) error {
	raw, err := os.ReadFile(filepath.Join(assemblyDir, "validation-report.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var report struct {
		PluginReports []struct {
			PluginName string `json:"pluginName"`
			Conclusion string `json:"conclusion"`
			Violations []struct {
				Description         string `json:"description"`
				ViolatingConstructs []struct {
					ConstructPath string `json:"constructPath"`
				} `json:"violatingConstructs"`
			} `json:"violations"`
		} `json:"pluginReports"`
	}
	if err := json.Unmarshal(raw, &report); err != nil {
		return fmt.Errorf("validation-report.json: %v", err)
	}
	var problems []error
	for _, plugin := range report.PluginReports {
		if plugin.Conclusion != "failure" {
			continue
		}
		for _, v := range plugin.Violations {
			var paths []string
			for _, c := range v.ViolatingConstructs {
				paths = append(paths, c.ConstructPath)
			}
			problems = append(problems, fmt.Errorf("%s (%s, %s)", v.Description, strings.Join(paths, ", "), plugin.PluginName))
		}
	}
	return errors.Join(problems...)
}

// describe is the summary's last line: which environment, where, and what
// the command line changed.
func describe(env *settings.Environment) string {
	where := "environment-agnostic: deploys to the account and region of the credentials"
	if env.Account != "" {
		where = fmt.Sprintf("account %s, region %s", env.Account, env.Region)
	}
	line := fmt.Sprintf("  environment %s (%s, %s.%s): %s", env.Name, configFile, settings.EnvironmentsKey, env.Name, where)
	if len(env.Overrides) > 0 {
		line += fmt.Sprintf("\n  overridden with -c, not from %s: %s", configFile, strings.Join(env.Overrides, ", "))
	}
	return line
}

// listEnvironments prints the environments CI deploys on a push to a branch
// (with -all, every environment):
// [{"environment": NAME, "variable": NAME in upper case, "region": REGION,
// "githubEnvironment": ENV}, ...], region and githubEnvironment empty when
// not set. With -waves it prints, as lines for $GITHUB_OUTPUT, the image to
// build once (build=, empty when no environment is promoted) and the
// deploy workflow's waves, wave1= to wave4= (see promotion).
func listEnvironments(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("environments", flag.ContinueOnError)
	branch := flags.String("branch", deployidentity.DefaultGitHubBranch, "the branch pushed to")
	all := flags.Bool("all", false, "every committed environment, deployed from CI or not (what pull requests review)")
	waves := flags.Bool("waves", false, "the image to build and the waves of deploys, as $GITHUB_OUTPUT lines")
	envs, code := commandEnvironments(flags, args, stderr)
	if code != 0 {
		return code
	}
	if *waves {
		if *all {
			printErrors(stderr, errors.New("environments: -waves and -all do not go together: waves are what a push to -branch deploys"))
			return 2
		}
		writePromotion(stdout, envs, *branch)
		return 0
	}
	targets := []target{}
	for _, env := range envs {
		if *all || env.DeployedFrom(*branch) {
			targets = append(targets, newTarget(env))
		}
	}
	out, _ := json.Marshal(targets)
	fmt.Fprintln(stdout, string(out))
	return 0
}

// target is one environment as the deploy workflow's matrix reads it.
// variable: the environment's name as GitHub stores variable names, upper case.
type target struct {
	Environment       string `json:"environment"`
	Variable          string `json:"variable"`
	Region            string `json:"region"`
	GitHubEnvironment string `json:"githubEnvironment"`
}

func newTarget(env *settings.Environment) target {
	return target{env.Name, strings.ToUpper(env.Name), env.Region, env.GitHubEnvironment}
}

// waveTarget is a target of a wave: the runner its deploy job runs on (the
// function's architecture, so that an image built at deploy is built
// natively), its imageRepository, whether it deploys the build's digest (promoted), the
// environment it follows and those that follow it (comma-separated), for
// the job's summary.
type waveTarget struct {
	target
	Runner       string `json:"runner"`
	Repository   string `json:"repository"`
	Promoted     bool   `json:"promoted"`
	PromotedFrom string `json:"promotedFrom"`
	PromotesTo   string `json:"promotesTo"`
}

// buildTarget is the image CI builds once a commit: pushed by digest to the
// repository of the environments that start the promotion, with the build
// role of the first of them.
type buildTarget struct {
	Environment string `json:"environment"`
	Variable    string `json:"variable"`
	Region      string `json:"region"`
	Repository  string `json:"repository"`
	Runner      string `json:"runner"`
	Platform    string `json:"platform"`
}

// writePromotion prints build= and wave1= to waveN= (settings.MaxWaves).
func writePromotion(w io.Writer, envs []*settings.Environment, branch string) {
	waves := settings.Waves(envs, branch)
	build := ""
	lines := make([]string, settings.MaxWaves)
	for i := range lines {
		targets := []waveTarget{}
		if i < len(waves) {
			for _, env := range waves[i] {
				var next []string
				for _, other := range envs {
					if other.PromoteAfter == env.Name && other.DeployedFrom(branch) {
						next = append(next, other.Name)
					}
				}
				targets = append(targets, waveTarget{newTarget(env), stacks.Runner, env.ImageRepository, env.DeploysPromotedImages, env.PromoteAfter, strings.Join(next, ",")})
				if env.StartsPromotion && build == "" {
					raw, _ := json.Marshal(buildTarget{env.Name, strings.ToUpper(env.Name), env.Region, env.ImageRepository, stacks.Runner, stacks.Platform})
					build = string(raw)
				}
			}
		}
		raw, _ := json.Marshal(targets)
		lines[i] = fmt.Sprintf("wave%d=%s", i+1, raw)
	}
	fmt.Fprintf(w, "build=%s\n%s\n", build, strings.Join(lines, "\n"))
}

// bootstrapArgs prints the flags `cdk bootstrap` needs for an environment:
// the CLI reads the qualifier only from the top of the context or from
// --qualifier, not from an environment. For an environment with
// bootstrapExecutionPolicy (the default), -policy-stack prints the name of the policy stack
// to deploy first, and -outputs (that deploy's --outputs-file) adds the
// execution policies and the permissions boundary to the flags.
func bootstrapArgs(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("bootstrap-args", flag.ContinueOnError)
	name := flags.String("env", settings.DefaultEnvironment, "the environment to bootstrap")
	policyStack := flags.Bool("policy-stack", false, "print only the name of the bootstrap policy stack, if the environment has one")
	outputs := flags.String("outputs", "", "the outputs file of the policy stack's deploy")
	envs, code := commandEnvironments(flags, args, stderr)
	if code != 0 {
		return code
	}
	for _, env := range envs {
		if env.Name != *name {
			continue
		}
		if *policyStack {
			if env.BootstrapExecutionPolicy {
				fmt.Fprintln(stdout, env.BootstrapPolicyStackName())
			}
			return 0
		}
		if env.BootstrapQualifier != "" {
			fmt.Fprintf(stdout, "--qualifier %s\n", env.BootstrapQualifier)
		}
		if !env.BootstrapExecutionPolicy {
			return 0
		}
		arns, err := policyArns(*outputs, env.BootstrapPolicyStackName(), env.FrontDoorInQualifier(envs))
		if err != nil {
			printErrors(stderr, err)
			return 1
		}
		for _, arn := range arns {
			fmt.Fprintf(stdout, "--cloudformation-execution-policies %s\n", arn)
		}
		fmt.Fprintf(stdout, "--custom-permissions-boundary %s\n", stacks.BoundaryPolicyName(env.Qualifier()))
		return 0
	}
	printErrors(stderr, fmt.Errorf("bootstrap-args: unknown environment %q", *name))
	return 1
}

// policyArns reads the execution policies' ARNs from the outputs file of the
// policy stack's deploy.
func policyArns(file, stack string, frontDoor bool) ([]string, error) {
	if file == "" {
		return nil, fmt.Errorf("bootstrap-args: bootstrapExecutionPolicy needs -outputs, the outputs file of the deploy of %s", stack)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("bootstrap-args: %v (deploy %s first: make bootstrap does)", err, stack)
	}
	var outputs map[string]map[string]string
	if err := json.Unmarshal(raw, &outputs); err != nil {
		return nil, fmt.Errorf("bootstrap-args: %s: %v", file, err)
	}
	var arns []string
	keys := []string{"ServicesPolicyArn", "IamPolicyArn"}
	if frontDoor {
		keys = append(keys, "FrontDoorPolicyArn")
	}
	for _, key := range keys {
		arn := outputs[stack][key]
		if arn == "" {
			return nil, fmt.Errorf("bootstrap-args: %s has no output %s of stack %s", file, key, stack)
		}
		arns = append(arns, arn)
	}
	return arns, nil
}

// commandEnvironments parses a command's flags and reads every committed
// environment; a non-zero code means either failed, and the problem is printed.
func commandEnvironments(flags *flag.FlagSet, args []string, stderr io.Writer) ([]*settings.Environment, int) {
	flags.SetOutput(stderr)
	if err := flags.Parse(args); err != nil {
		return nil, 2
	}
	envs, err := committedEnvironments()
	if err != nil {
		printErrors(stderr, err)
		return nil, 1
	}
	return envs, 0
}

// committedEnvironments returns every environment in cdk.json, checked.
func committedEnvironments() ([]*settings.Environment, error) {
	context, err := readConfigFile()
	if err != nil {
		return nil, err
	}
	return settings.All(context)
}

// readContext returns the context the CDK CLI hands the app (cdk.json,
// cdk.context.json and -c flags, merged), read the way aws-cdk-lib's App reads
// it: CDK_CONTEXT_JSON, plus the file CONTEXT_OVERFLOW_LOCATION_ENV names when
// the context is too large for the environment. Reading it here, before any
// CDK call, keeps a bad setting from starting node. Run without the CLI
// (`go run .`), the context is cdk.json's. committed holds the keys at the top
// of cdk.json's own context.
func readContext() (context map[string]interface{}, committed map[string]bool, err error) {
	config, err := readConfigFile()
	if err != nil {
		return nil, nil, err
	}
	committed = map[string]bool{}
	for k := range config {
		committed[k] = true
	}
	raw, inEnv := os.LookupEnv("CDK_CONTEXT_JSON")
	overflow := os.Getenv("CONTEXT_OVERFLOW_LOCATION_ENV")
	if !inEnv && overflow == "" && os.Getenv("CDK_OUTDIR") == "" {
		return config, committed, nil
	}
	// Run by the CLI: the context is in CDK_CONTEXT_JSON, or, when it is too
	// large for the environment, partly or wholly in the overflow file.
	context = map[string]interface{}{}
	if inEnv {
		if err := json.Unmarshal([]byte(raw), &context); err != nil {
			return nil, nil, fmt.Errorf("CDK_CONTEXT_JSON: %v", err)
		}
	}
	if overflow != "" {
		more, err := readJSONObject(overflow)
		if err != nil {
			return nil, nil, err
		}
		for k, v := range more {
			context[k] = v
		}
	}
	return context, committed, nil
}

// readConfigFile returns cdk.json's context, refusing a key given twice in
// one object: JSON lets the last win, so a reviewer reading the first would
// see a setting that is not the one deployed.
func readConfigFile() (map[string]interface{}, error) {
	file, raw, err := readJSONFile(configFile)
	if err != nil {
		return nil, err
	}
	duplicates, err := jsonkeys.Find(raw)
	if err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %v", configFile, err)
	}
	var problems []error
	for _, d := range duplicates {
		what := fmt.Sprintf("key %q is given twice in %s", d.Key, orRoot(d.Path))
		if d.Path == "context."+settings.EnvironmentsKey {
			what = fmt.Sprintf("environment %q is defined twice in %s", d.Key, settings.EnvironmentsKey)
		} else if strings.HasPrefix(d.Path, "context.") {
			what = fmt.Sprintf("setting %q is given twice in %s", d.Key, strings.TrimPrefix(d.Path, "context."))
		}
		problems = append(problems, fmt.Errorf("%s:%d: %s (first on line %d): the last one would win silently; keep one", configFile, d.Line, what, d.First))
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	context, ok := file["context"].(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s: it has no \"context\" object", configFile)
	}
	return context, nil
}

func orRoot(path string) string {
	if path == "" {
		return "the top-level object"
	}
	return path
}

func readJSONObject(path string) (map[string]interface{}, error) {
	out, _, err := readJSONFile(path)
	return out, err
}

// readJSONFile returns the JSON object in the file at path, and the file's bytes.
func readJSONFile(path string) (map[string]interface{}, []byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %v (run from the repository root)", path, errors.Unwrap(err))
	}
	var out map[string]interface{}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, nil, fmt.Errorf("%s is not valid JSON: %v", path, err)
	}
	return out, raw, nil
}

// printErrors writes one "error: " line per problem.
func printErrors(w io.Writer, err error) {
	for _, line := range strings.Split(strings.TrimSpace(err.Error()), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			fmt.Fprintf(w, "error: %s\n", line)
		}
	}
}

// removeAssembly deletes the cloud assembly files an earlier run left in the
// CLI's output directory, so a failed run leaves no template that looks valid.
func removeAssembly(outdir string) {
	if outdir == "" {
		return
	}
	for _, pattern := range []string{"manifest.json", "tree.json", "*.template.json", "*.assets.json", "*.metadata.json", "validation-report.json"} {
		matches, _ := filepath.Glob(filepath.Join(outdir, pattern))
		for _, m := range matches {
			os.Remove(m)
		}
	}
}

// runReview diffs the working tree's stacks against the base's, offline, and
// prints the risk summary; it exits 1 when a replacement or removal that
// breaks callers, releases or credentials is not acknowledged.
func runReview(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("review", flag.ContinueOnError)
	flags.SetOutput(stderr)
	env := flags.String("env", settings.DefaultEnvironment, "the environment to synthesize on both sides")
	base := flags.String("base", "", "the git revision to compare with (default: the merge-base with the default branch)")
	markdown := flags.String("markdown", "", "also write the report as a pull-request comment to this file")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 2
	}
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 2
	}
	return review.Run(review.Options{Dir: dir, Environment: *env, Base: *base, App: self,
		Markdown: *markdown, Stdout: stdout, Stderr: stderr})
}
