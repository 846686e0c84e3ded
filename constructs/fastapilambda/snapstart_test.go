package fastapilambda_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// SnapStart applies to published versions, the alias's, which CodeDeploy
// shifts; without it the function has no SnapStart property at all, and
// the CDK's warning about published versions is acknowledged, not shown.
func TestSnapStartOnPublishedVersions(t *testing.T) {
	cdktest.Has(t, snapped.template, "AWS::Lambda::Function", obj{"SnapStart": obj{"ApplyOn": "PublishedVersions"}})
	for _, c := range []struct {
		name     string
		template assertions.Template
	}{{"defaults", defaults.template}, {"custom", custom.template}, {"tuned", tuned.template}} {
		if strings.Contains(cdktest.MustJSON(*c.template.ToJSON()), "SnapStart") {
			t.Errorf("%s: SnapStart without the prop", c.name)
		}
	}
	warnings := assertions.Annotations_FromStack(snapped.stack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("SnapStart")))
	if len(*warnings) != 0 {
		t.Errorf("SnapStart warnings shown: %v", cdktest.MustJSON(*warnings))
	}
}
