package review

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/deployidentity"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
	servicestacks "github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

// Real templates, before and after a change, synthesized once: the base is
// a public service whose deploy user has an access key.
var (
	// noSpec says why the tests cannot run: the CLI's specification is missing.
	noSpec                                          string
	spec                                            Spec
	base, memory, aliasRenamed, private, keyRemoved *Template
	// assemblyDir holds the synthesized variants, and a front door's two stacks.
	assemblyDir string
)

type variant struct {
	service  fastapilambda.ServiceProps
	identity deployidentity.DeployIdentityOptions
}

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		var err error
		if spec, err = LoadSpec(filepath.Join(cdktest.RepoRoot(), SpecFile)); err != nil {
			noSpec = err.Error() + ": make test installs the pinned CLI"
			return m.Run()
		}
		image := filepath.Join(cdktest.RepoRoot(), "constructs", "fastapilambda", "testdata", "image")
		app := cdktest.NewApp()
		// The CLI adds path metadata; these templates need it too.
		app.Node().SetContext(jsii.String("aws:cdk:enable-path-metadata"), true)
		build := func(name string, change func(*variant)) {
			v := variant{
				service: fastapilambda.ServiceProps{ImageDirectory: jsii.String(image),
					UrlAuthType: awslambda.FunctionUrlAuthType_NONE, ReservedConcurrentExecutions: jsii.Number(10)},
				identity: deployidentity.DeployIdentityOptions{AccessKey: jsii.Bool(true)},
			}
			if change != nil {
				change(&v)
			}
			// One stack name for all, as a change leaves it: the dashboard's
			// and the queries' names carry it.
			stack := awscdk.NewStack(app, jsii.String(name), &awscdk.StackProps{StackName: jsii.String("Base")})
			svc := fastapilambda.NewService(stack, "Service", &v.service)
			deployidentity.NewDeployIdentity(stack, "Deploy", &deployidentity.DeployIdentityProps{
				DeployIdentityOptions: v.identity, Services: []deployidentity.Releasable{svc}})
		}
		build("Base", nil)
		build("Memory", func(v *variant) { v.service.MemorySize = jsii.Number(1024) })
		build("Alias", func(v *variant) { v.service.AliasName = jsii.String("prod") })
		build("Private", func(v *variant) { v.service.UrlAuthType = awslambda.FunctionUrlAuthType_AWS_IAM })
		build("Key", func(v *variant) { v.identity.AccessKey = nil })
		// A front door outside us-east-1: the service's stack depends on its
		// edge stack.
		servicestacks.NewServiceStack(app, "Shop", &servicestacks.ServiceStackProps{
			StackProps:     awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}},
			ImageDirectory: jsii.String(image),
			FrontDoor:      &servicestacks.FrontDoorOptions{},
		})
		assembly := app.Synth(nil)
		assemblyDir = *assembly.Directory()
		template := func(name string) *Template {
			raw, err := os.ReadFile(filepath.Join(*assembly.Directory(), name+".template.json"))
			if err != nil {
				panic(err)
			}
			t, err := ParseTemplate(name, raw)
			if err != nil {
				panic(err)
			}
			return t
		}
		base, memory, aliasRenamed = template("Base"), template("Memory"), template("Alias")
		private, keyRemoved = template("Private"), template("Key")
		return m.Run()
	}()
	os.Exit(code)
}

func needSpec(t *testing.T) {
	t.Helper()
	if noSpec != "" {
		t.Skip(noSpec)
	}
}

// The keys are construct paths: the variants' stacks differ in name only,
// so compare them under the base's.
func rekey(risks []Risk, from string) []Risk {
	for i := range risks {
		risks[i].Key = strings.Replace(risks[i].Key, from+"/", "Base/", 1)
	}
	return risks
}

func blocking(risks []Risk) map[string]Risk {
	found := map[string]Risk{}
	for _, r := range risks {
		if r.Blocks {
			found[r.Key] = r
		}
	}
	return found
}

func TestMemoryChangeBlocksNothing(t *testing.T) {
	needSpec(t)
	risks := Compare("Base", base, memory, spec)
	if b := blocking(risks); len(b) != 0 {
		t.Fatalf("a memory change blocks: %+v", b)
	}
	// The function's configuration names a new version; the old one goes.
	if len(risks) != 1 || risks[0].Type != "AWS::Lambda::Version" || risks[0].What != "removed" {
		t.Fatalf("risks of a memory change = %+v, want only the old version removed", risks)
	}
}

func TestAliasRenameReplacesTheAliasAndTheUrl(t *testing.T) {
	needSpec(t)
	b := blocking(rekey(Compare("Base", base, aliasRenamed, spec), "Alias"))
	want := map[string]string{
		"Base/Service/Alias": "the alias is deleted and created again: a CodeDeploy release in flight breaks, and the URL and permissions on it are recreated",
		"Base/Service/Url":   "the Function URL (the public endpoint) changes: callers, bookmarks and any custom domain's CNAME pointing at the old URL stop working",
	}
	if len(b) != len(want) {
		t.Fatalf("blocking risks = %+v, want %v", b, want)
	}
	for key, consequence := range want {
		if b[key].What != "replaced" || b[key].Consequence != consequence {
			t.Fatalf("%s: %+v, want replaced: %s", key, b[key], consequence)
		}
	}
	if got := b["Base/Service/Alias"].Because; len(got) != 1 || got[0] != "Name" {
		t.Fatalf("the alias is replaced because of %v, want [Name]", got)
	}
	if got := b["Base/Service/Url"].Because; len(got) != 1 || got[0] != "Qualifier" {
		t.Fatalf("the URL is replaced because of %v, want [Qualifier]", got)
	}
}

func TestUrlAuthChangeBlocks(t *testing.T) {
	needSpec(t)
	b := blocking(rekey(Compare("Base", base, private, spec), "Private"))
	url, ok := b["Base/Service/Url"]
	if len(b) != 1 || !ok {
		t.Fatalf("blocking risks = %+v, want only the URL", b)
	}
	if url.What != "changed" || url.Because[0] != "AuthType NONE → AWS_IAM" ||
		url.Consequence != "the Function URL refuses unsigned requests (403): every caller that is not an AWS principal granted lambda:InvokeFunctionUrl breaks" {
		t.Fatalf("URL risk = %+v", url)
	}
	back := blocking(Compare("Private", private, base, spec))
	if url := back["Private/Service/Url"]; url.Consequence != "the Function URL becomes public: anyone on the internet can call it, and each call is billed" {
		t.Fatalf("making the URL public: %+v", back)
	}
}

func TestRemovedAccessKeyBlocks(t *testing.T) {
	needSpec(t)
	b := blocking(rekey(Compare("Base", base, keyRemoved, spec), "Key"))
	key, secret := b["Base/Deploy/AccessKey"], b["Base/Deploy/AccessKeySecret"]
	if len(b) != 2 {
		t.Fatalf("blocking risks = %+v, want the key and its secret", b)
	}
	if key.What != "removed" || key.Consequence != "the access key is deleted: whatever uses it (a CI system, a person) stops authenticating" {
		t.Fatalf("access key risk = %+v", key)
	}
	if secret.What != "removed" || secret.Consequence != "the secret is deleted with its value (the deploy access key)" {
		t.Fatalf("secret risk = %+v", secret)
	}
}

func TestIdenticalTemplatesHaveNoRisk(t *testing.T) {
	needSpec(t)
	if risks := Compare("Base", base, base, spec); len(risks) != 0 {
		t.Fatalf("risks = %+v", risks)
	}
	if risks := Compare("Base", nil, base, spec); len(risks) != 0 {
		t.Fatalf("a new stack has risks: %+v", risks)
	}
}

func TestRemovedStackBlocks(t *testing.T) {
	needSpec(t)
	risks := Compare("Base", base, nil, spec)
	if len(risks) != 1 || !risks[0].Blocks || risks[0].Key != "Base" || risks[0].What != "removed from the app" {
		t.Fatalf("risks = %+v", risks)
	}
}

// The log group outlives its stack (Retain): replacing it does not delete
// the logs, so it does not block.
func TestRetainedResourcesDoNotBlock(t *testing.T) {
	needSpec(t)
	head := &Template{Resources: map[string]Resource{}}
	for id, r := range base.Resources {
		if r.Type == "AWS::Logs::LogGroup" {
			r.Properties = map[string]any{"LogGroupName": "renamed"}
		}
		head.Resources[id] = r
	}
	risks := Compare("Base", base, head, spec)
	if len(risks) != 1 || risks[0].Blocks || risks[0].What != "replaced" ||
		!strings.Contains(risks[0].Consequence, "UpdateReplacePolicy Retain") {
		t.Fatalf("risks = %+v", risks)
	}
}

func TestReferences(t *testing.T) {
	value := map[string]any{"A": []any{
		map[string]any{"Ref": "Alias1"},
		map[string]any{"Ref": "AWS::Region"},
		map[string]any{"Fn::GetAtt": []any{"Fn2", "Arn"}},
		map[string]any{"Fn::Sub": "arn:${AWS::Partition}:x:${Role3.Arn}:${!Literal}"},
	}}
	got := strings.Join(references(value), ",")
	if got != "Alias1,Fn2,Role3" {
		t.Fatalf("references = %s", got)
	}
}

func TestAcknowledgementsAndReport(t *testing.T) {
	needSpec(t)
	report := Report{Environment: "default", Base: "abc (main)", Stacks: []StackDiff{{
		Stack: "Base", Diff: "[~] AWS::Lambda::Alias ...", Risks: rekey(Compare("Base", base, aliasRenamed, spec), "Alias"),
	}}, Acknowledged: ParseAcknowledgements("Base/Service/Alias\n\nBase/Service/alias\n")}
	open := report.Unacknowledged()
	if len(open) != 1 || open[0].Key != "Base/Service/Url" {
		t.Fatalf("unacknowledged = %+v, want only the URL", open)
	}
	var text, md bytes.Buffer
	report.WriteText(&text)
	for _, want := range []string{"acknowledged Base/Service/Alias", "BLOCKS       Base/Service/Url",
		"1 change blocks the merge",
		"git commit --allow-empty -m '<what changes, and why that is safe now>' -m 'Acknowledge-Risk: Base/Service/Url'\n",
		"warning: Acknowledge-Risk: Base/Service/alias matches no risk of this change"} {
		if !strings.Contains(text.String(), want) {
			t.Fatalf("text report lacks %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String(), "Acknowledge-Risk: Base/Service/Alias") {
		t.Fatalf("text report asks to acknowledge what is acknowledged:\n%s", text.String())
	}
	report.WriteMarkdown(&md, CommentMarker)
	for _, want := range []string{CommentMarker + "\n", "### ❌ `default`: 1 change(s)", "| BLOCKS | `Base/Service/Url` (AWS::Lambda::Url) | replaced: Qualifier |",
		"-m 'Acknowledge-Risk: Base/Service/Url'\n```", "<summary>cdk diff of Base</summary>"} {
		if !strings.Contains(md.String(), want) {
			t.Fatalf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

func TestHasEnvironment(t *testing.T) {
	dir := t.TempDir()
	if !hasEnvironment(dir, "prod") {
		t.Errorf("no cdk.json: the synthesis decides, want true")
	}
	write := func(content string) {
		if err := os.WriteFile(filepath.Join(dir, "cdk.json"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"context": {"environments": {"default": {}, "prod": {}}}}`)
	if !hasEnvironment(dir, "prod") || hasEnvironment(dir, "staging") {
		t.Errorf("environments default and prod: prod %v, staging %v", hasEnvironment(dir, "prod"), hasEnvironment(dir, "staging"))
	}
	write(`{"context": {"urlAuthType": "NONE"}}`)
	if !hasEnvironment(dir, "staging") {
		t.Errorf("a cdk.json from before environments: the synthesis decides, want true")
	}
}
