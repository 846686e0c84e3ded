package cdktest

import (
	"fmt"
	"strings"
	"testing"
)

// recorder keeps the first failure instead of stopping the test.
type recorder struct {
	testing.TB
	failure string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatal(args ...interface{}) {
	r.Fatalf("%s", fmt.Sprint(args...))
}
func (r *recorder) Fatalf(format string, args ...interface{}) {
	if r.failure == "" {
		r.failure = fmt.Sprintf(format, args...)
	}
}

func policy(statements ...map[string]interface{}) map[string]interface{} {
	list := make([]interface{}, len(statements))
	for i, s := range statements {
		list[i] = s
	}
	return map[string]interface{}{"Resources": map[string]interface{}{
		"Policy": map[string]interface{}{
			"Type":       "AWS::IAM::Policy",
			"Properties": map[string]interface{}{"PolicyDocument": map[string]interface{}{"Statement": list}},
		},
	}}
}

func TestNoWildcardGrants(t *testing.T) {
	cases := []struct {
		name     string
		template map[string]interface{}
		want     string // "" when the template passes
	}{
		{"ExactGrants", policy(
			map[string]interface{}{"Action": []interface{}{"lambda:GetAlias"}, "Resource": "arn:aws:lambda:eu-west-1:1:function:f"},
			map[string]interface{}{"Action": "ecr:GetAuthorizationToken", "Resource": "*"},
		), ""},
		{"StarAction", policy(map[string]interface{}{"Action": "*", "Resource": "arn:x"}), `grants wildcard action "*"`},
		{"ServiceStar", policy(map[string]interface{}{"Action": []interface{}{"s3:*"}, "Resource": "arn:x"}), `grants wildcard action "s3:*"`},
		{"StarResource", policy(map[string]interface{}{"Action": "lambda:UpdateAlias", "Resource": []interface{}{"*"}}), "on Resource *"},
		{"NoStatements", map[string]interface{}{"Resources": map[string]interface{}{}}, "no IAM statements"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			NoWildcardGrants(r, tc.template)
			if tc.want == "" && r.failure != "" {
				t.Fatalf("unexpected failure: %s", r.failure)
			}
			if tc.want != "" && !strings.Contains(r.failure, tc.want) {
				t.Fatalf("failure = %q, want it to contain %q", r.failure, tc.want)
			}
		})
	}
}
