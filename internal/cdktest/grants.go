package cdktest

import (
	"strings"
	"testing"
)

// NoWildcardGrants fails the test if any IAM statement in a synthesized
// template (inline or managed policy) grants an action with a wildcard, or
// grants Resource "*" to anything but ecr:GetAuthorizationToken, the one action
// here that acts on the registry rather than a resource. It fails too when
// the template holds no statement at all, so a scan of the wrong template
// cannot pass.
func NoWildcardGrants(t testing.TB, template map[string]interface{}) {
	t.Helper()
	checked := 0
	for id, r := range template["Resources"].(map[string]interface{}) {
		resource := r.(map[string]interface{})
		if resource["Type"] != "AWS::IAM::Policy" && resource["Type"] != "AWS::IAM::ManagedPolicy" {
			continue
		}
		doc := resource["Properties"].(map[string]interface{})["PolicyDocument"].(map[string]interface{})
		for _, st := range doc["Statement"].([]interface{}) {
			checked++
			statement := st.(map[string]interface{})
			actions := asList(statement["Action"])
			for _, action := range actions {
				if strings.Contains(action.(string), "*") {
					t.Fatalf("%s grants wildcard action %q", id, action)
				}
			}
			for _, r := range asList(statement["Resource"]) {
				if r == "*" && (len(actions) != 1 || actions[0] != "ecr:GetAuthorizationToken") {
					t.Fatalf("%s grants %v on Resource *", id, actions)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no IAM statements in the template: the scan is not looking at the right one")
	}
}

// asList reads a policy field that is a single value or a list of them.
func asList(v interface{}) []interface{} {
	if list, ok := v.([]interface{}); ok {
		return list
	}
	return []interface{}{v}
}
