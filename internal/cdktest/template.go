package cdktest

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Has fails the test unless tpl has a resourceType whose properties include props.
func Has(t testing.TB, tpl assertions.Template, resourceType string, props map[string]interface{}) {
	t.Helper()
	Check(t, func() { tpl.HasResourceProperties(jsii.String(resourceType), assertions.Match_ObjectLike(&props)) })
}

// Count fails the test unless tpl has exactly n resources of resourceType.
func Count(t testing.TB, tpl assertions.Template, resourceType string, n int) {
	t.Helper()
	Check(t, func() { tpl.ResourceCountIs(jsii.String(resourceType), jsii.Number(float64(n))) })
}

// LogicalID is the logical ID of the CloudFormation resource behind c (its
// default child, or c itself when it is one), in its stack.
func LogicalID(c constructs.IConstruct) string {
	if element, ok := c.(awscdk.CfnElement); ok {
		return *awscdk.Stack_Of(c).GetLogicalId(element)
	}
	return *awscdk.Stack_Of(c).GetLogicalId(c.Node().DefaultChild().(awscdk.CfnElement))
}

// Resources returns the resources of resourceType in a template's JSON, by
// logical ID.
func Resources(template map[string]interface{}, resourceType string) map[string]map[string]interface{} {
	out := map[string]map[string]interface{}{}
	for id, r := range template["Resources"].(map[string]interface{}) {
		if r.(map[string]interface{})["Type"] == resourceType {
			out[id] = r.(map[string]interface{})
		}
	}
	return out
}

// Grant is one allowed action on one resource under a condition, each as
// JSON: policy statements flattened, so that a comparison does not depend on
// how IAM policy minimization merged them.
type Grant struct{ Action, Resource, Condition string }

// Grants flattens the statements of every inline policy (AWS::IAM::Policy)
// attached, through Groups, Roles or Users, to the resource whose logical ID
// is principal.
func Grants(template map[string]interface{}, principal string) map[Grant]bool {
	out := map[Grant]bool{}
	for _, policy := range Resources(template, "AWS::IAM::Policy") {
		props := policy["Properties"].(map[string]interface{})
		attached := MustJSON(props["Groups"]) + MustJSON(props["Roles"]) + MustJSON(props["Users"])
		if !strings.Contains(attached, `{"Ref":"`+principal+`"}`) {
			continue
		}
		for _, s := range props["PolicyDocument"].(map[string]interface{})["Statement"].([]interface{}) {
			st := s.(map[string]interface{})
			for _, action := range asList(st["Action"]) {
				for _, resource := range asList(st["Resource"]) {
					out[Grant{MustJSON(action), MustJSON(resource), MustJSON(st["Condition"])}] = true
				}
			}
		}
	}
	return out
}

// SameGrants fails the test unless got and want hold the same grants, listing
// each one missing and each one extra.
func SameGrants(t testing.TB, got, want map[Grant]bool) {
	t.Helper()
	for g := range want {
		if !got[g] {
			t.Errorf("missing %s on %s (condition %s)", g.Action, g.Resource, g.Condition)
		}
	}
	for g := range got {
		if !want[g] {
			t.Errorf("extra %s on %s (condition %s)", g.Action, g.Resource, g.Condition)
		}
	}
}

// MustJSON is v as JSON, for comparing template fragments and printing
// them in failures.
func MustJSON(v interface{}) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// ReleaseGrants is exactly what releasing a fastapilambda service takes, for
// the ARNs of its CodeDeploy service role, deployment group, deployment
// configuration and application, resolved in stack.
func ReleaseGrants(stack awscdk.Stack, serviceRole, group, config, application *string) map[Grant]bool {
	resolve := func(token *string) string { return MustJSON(stack.Resolve(token)) }
	out := map[Grant]bool{
		{Action: `"iam:PassRole"`, Resource: resolve(serviceRole),
			Condition: `{"StringEquals":{"iam:PassedToService":"codedeploy.amazonaws.com"}}`}: true,
		{Action: `"codedeploy:GetDeploymentConfig"`, Resource: resolve(config), Condition: "null"}: true,
	}
	for _, action := range []string{"CreateDeployment", "GetDeployment", "ListDeployments", "StopDeployment"} {
		out[Grant{Action: `"codedeploy:` + action + `"`, Resource: resolve(group), Condition: "null"}] = true
	}
	for _, action := range []string{"RegisterApplicationRevision", "GetApplicationRevision"} {
		out[Grant{Action: `"codedeploy:` + action + `"`, Resource: resolve(application), Condition: "null"}] = true
	}
	return out
}

// Difference lists the words of a that b lacks, sorted.
func Difference(a, b []string) []string {
	inB := map[string]bool{}
	for _, w := range b {
		inB[w] = true
	}
	var out []string
	for _, w := range a {
		if !inB[w] {
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}
