package stacks_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// The Guard rules: the project's own (rules/*.guard), and AWS Control
// Tower's proactive controls shipped with the pinned cfn-guard
// (package.json: @cdklabs/cdk-validator-cfnguard).
const guardPackage = "node_modules/@cdklabs/cdk-validator-cfnguard"

// cfnGuard is the path of the cfn-guard binary for this machine; the test
// skips, saying why, where the toolchain is not installed.
func cfnGuard(t *testing.T) string {
	t.Helper()
	system := map[string]string{"linux": "ubuntu", "darwin": "macos"}[runtime.GOOS]
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]
	path := filepath.Join(cdktest.RepoRoot(), guardPackage, "bin", system, arch, "cfn-guard")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("cfn-guard is not installed for %s/%s (%v): make test installs the pinned toolchain", runtime.GOOS, runtime.GOARCH, err)
	}
	return path
}

// guardRuleArgs are --rules flags for every Control Tower control but the
// skipped ones, and for the project's rules; public: for stacks whose
// Function URL is public, where the controls against public access are
// skipped too.
func guardRuleArgs(t *testing.T, public bool) []string {
	t.Helper()
	root := cdktest.RepoRoot()
	controls, err := filepath.Glob(filepath.Join(root, guardPackage, "rules", "control-tower", "cfn-guard", "*", "*.guard"))
	if err != nil || len(controls) < 200 {
		t.Fatalf("found %d Control Tower rule files (%v): the package's layout changed", len(controls), err)
	}
	skipped := map[string]bool{}
	for _, s := range controlTowerSkips {
		if public || !s.publicOnly {
			skipped[s.file] = true
		}
	}
	var args []string
	for _, file := range controls {
		name := strings.TrimSuffix(filepath.Base(file), ".guard")
		if skipped[name] {
			delete(skipped, name)
			continue
		}
		args = append(args, "--rules", file)
	}
	for name := range skipped {
		t.Errorf("controlTowerSkips names %s, which the package does not have", name)
	}
	return append(args, "--rules", filepath.Join(root, "rules"))
}

var resourcePath = regexp.MustCompile(`/Resources/([A-Za-z0-9]+)`)

// guardFailures runs cfn-guard once on several templates and returns, per
// template, each failed rule with the resources it failed on: "rule LogicalId".
func guardFailures(t *testing.T, guard string, rules []string, templates []string) map[string][]string {
	t.Helper()
	args := append([]string{"validate"}, rules...)
	for _, template := range templates {
		args = append(args, "--data", template)
	}
	cmd := exec.Command(guard, append(args, "--output-format", "json", "--show-summary", "none", "--structured")...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("cfn-guard: %v", err)
	}
	// 0: all passed; 19: some rule failed. Anything else, or a rule that does
	// not parse, is a broken gate, not a finding.
	if (code != 0 && code != 19) || strings.Contains(stderr.String(), "Parsing error") {
		t.Fatalf("cfn-guard exited %d:\n%s", code, stderr.String())
	}
	var reports []struct {
		Name         string            `json:"name"`
		NotCompliant []json.RawMessage `json:"not_compliant"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &reports); err != nil {
		t.Fatalf("cfn-guard output: %v\n%s", err, stdout.String())
	}
	failures := map[string][]string{}
	named := 0
	for _, report := range reports {
		seen := map[string]bool{}
		for _, raw := range report.NotCompliant {
			var failed struct {
				Rule struct {
					Name string `json:"name"`
				} `json:"Rule"`
			}
			if err := json.Unmarshal(raw, &failed); err != nil {
				t.Fatal(err)
			}
			matches := resourcePath.FindAllStringSubmatch(string(raw), -1)
			if len(matches) == 0 {
				// A failure on no resource (the template as a whole) still fails.
				matches = [][]string{{"", "(the template)"}}
			}
			for _, m := range matches {
				if line := failed.Rule.Name + " " + m[1]; !seen[line] {
					seen[line] = true
					failures[report.Name] = append(failures[report.Name], line)
					named++
				}
			}
		}
		sort.Strings(failures[report.Name])
	}
	if code == 19 && named == 0 {
		t.Fatalf("cfn-guard failed without naming a resource:\n%s", stdout.String())
	}
	return failures
}

// The project's rules hold on their fixtures: each passes and fails where
// it should (rules/tests).
func TestGuardRulesOnTheirFixtures(t *testing.T) {
	guard := cfnGuard(t)
	out, err := exec.Command(guard, "test", "--dir", filepath.Join(cdktest.RepoRoot(), "rules")).CombinedOutput()
	if err != nil {
		t.Fatalf("cfn-guard test --dir rules: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "Testing Guard File"); n < 3 {
		t.Fatalf("cfn-guard tested %d rule files, want every one in rules/:\n%s", n, out)
	}
}

// controlTowerSkip is a Control Tower control left out by design: its file
// name under rules/control-tower/cfn-guard, and why.
type controlTowerSkip struct {
	file, control, reason string
	// publicOnly: skipped only for stacks whose Function URL is public.
	publicOnly bool
}

var controlTowerSkips = []controlTowerSkip{
	{"ct-cloudwatch-pr-1", "CT.CLOUDWATCH.PR.1", "the alarms' action is CodeDeploy's: the deployment group watches them and rolls a release back when one fires; the alarmEmail setting adds an SNS notification, off by default", false},
	{"ct-cloudwatch-pr-2", "CT.CLOUDWATCH.PR.2", "the service's request logs are kept 30 days (a prop), not the year this control asks: they hold no audit trail, and a year of request logs is a cost few services want", false},
	{"ct-cloudwatch-pr-3", "CT.CLOUDWATCH.PR.3", "log groups are encrypted at rest with a CloudWatch Logs key by default; the customerManagedKey setting encrypts them with the stack's own KMS key, off by default (a key costs 1 USD a month)", false},
	{"ct-lambda-pr-3", "CT.LAMBDA.PR.3", "the function reaches no private network resource: a VPC would add NAT cost and cold-start time and isolate nothing", false},
	{"ct-lambda-pr-2", "CT.LAMBDA.PR.2", "a public website (urlAuthType NONE) needs Principal \"*\" on the URL's permissions, capped by reserved concurrency; checked for every private stack", true},
	{"ct-cloudfront-pr-1", "CT.CLOUDFRONT.PR.1", "a default root object is for a site of files: the front door's origin is an API, whose / is the app's own route", false},
	{"ct-cloudfront-pr-4", "CT.CLOUDFRONT.PR.4", "origin failover needs a second origin: the front door has one, the service's Function URL in one region (a second region is a second deployment of the stack)", false},
	{"ct-cloudfront-pr-5", "CT.CLOUDFRONT.PR.5", "standard access logs need an S3 bucket with ACLs, not a setting yet (the construct's AccessLogBucket turns them on): the app logs every request that reaches it with its request id, and the web ACL keeps per-rule metrics and sampled requests of what it blocks", false},
	{"ct-lambda-pr-5", "CT.LAMBDA.PR.5", "a public website (urlAuthType NONE) has a URL without IAM auth by choice; checked for every private stack", true},
}

// guardAcceptance is one finding of a Control Tower control accepted on
// review, on the resources of the variants it names, where the rest of the
// control still holds: the control's rule name, its ID, the logical IDs it
// covers (a regular expression), the variants, and why.
type guardAcceptance struct {
	rule, control, resource string
	variants                []string
	reason                  string
}

var guardAcceptances = []guardAcceptance{
	{"lambda_function_public_access_prohibited_check", "CT.LAMBDA.PR.2", "^FrontDoorDistributionOrigin1Invoke", []string{"FrontDoor", "FrontDoorEast"},
		"the front door's two permissions are for cloudfront.amazonaws.com with SourceArn this distribution's ARN, which the stack can only build with Fn::Join (a distribution has no Arn attribute): the rule reads that as neither a string nor a reference (the tests pin the condition)"},
	{"cloudfront_custom_ssl_certificate_check", "CT.CLOUDFRONT.PR.6", "^FrontDoorDistribution20F29BA2$", []string{"FrontDoor"},
		"the certificate is the edge stack's, read with Fn::GetStackOutput, which the rule cannot follow; it is an ACM certificate for the domain (the tests pin it)"},
	{"cloudfront_sni_enabled_check", "CT.CLOUDFRONT.PR.7", "^FrontDoorDistribution20F29BA2$", []string{"FrontDoor"},
		"sni-only with the edge stack's ACM certificate, read with Fn::GetStackOutput, which the rule cannot follow (the tests pin SslSupportMethod and the certificate)"},
	{"cloudfront_custom_ssl_certificate_check", "CT.CLOUDFRONT.PR.6", "^FrontDoorDistribution20F29BA2$", []string{"FrontDoorEast"},
		"no frontDoorDomain: clients call the distribution's *.cloudfront.net name, which only CloudFront's own certificate serves; frontDoorDomain brings an ACM certificate"},
	{"cloudfront_sni_enabled_check", "CT.CLOUDFRONT.PR.7", "^FrontDoorDistribution20F29BA2$", []string{"FrontDoorEast"},
		"no frontDoorDomain: CloudFront's *.cloudfront.net certificate, which it serves with SNI on its own terms; frontDoorDomain sets sni-only with an ACM certificate"},
	{"cloudfront_security_policy_check", "CT.CLOUDFRONT.PR.9", "^FrontDoorDistribution20F29BA2$", []string{"FrontDoorEast"},
		"no frontDoorDomain: CloudFront sets the security policy of its *.cloudfront.net certificate (TLSv1 minimum); with frontDoorDomain the stack sets TLSv1.2_2021"},
}

// guardAccepted says whether a failure ("rule LogicalId") of a variant is
// accepted, and by which acceptance.
func guardAccepted(variant, failure string) (int, bool) {
	rule, resource, _ := strings.Cut(failure, " ")
	for i, a := range guardAcceptances {
		if a.rule == rule && regexp.MustCompile(a.resource).MatchString(resource) && slices.Contains(a.variants, variant) {
			return i, true
		}
	}
	return 0, false
}
