package fastapilambda_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// The web adapter streams by default: the URL's invoke mode is
// RESPONSE_STREAM, the adapter is told to answer in that mode, and the image
// is the Dockerfile's web-adapter stage; Mangum's default image is built
// without a target.
func TestWebAdapterStreams(t *testing.T) {
	cdktest.Has(t, streamed.template, "AWS::Lambda::Url", obj{"InvokeMode": "RESPONSE_STREAM"})
	cdktest.Has(t, streamed.template, "AWS::Lambda::Function", obj{"Environment": obj{"Variables": obj{"AWS_LWA_INVOKE_MODE": "response_stream"}}})
	cdktest.Has(t, custom.template, "AWS::Lambda::Function", obj{"Environment": obj{"Variables": obj{"AWS_LWA_INVOKE_MODE": "response_stream", "STAGE": "prod"}}})
	cdktest.Has(t, defaults.template, "AWS::Lambda::Url", obj{"InvokeMode": "BUFFERED"})
	// Same directory and platform: only the build target tells the images apart.
	image := func(b struct {
		stack    awscdk.Stack
		svc      fastapilambda.Service
		template assertions.Template
	}) string {
		for _, fn := range cdktest.Resources(*b.template.ToJSON(), "AWS::Lambda::Function") {
			return cdktest.MustJSON(fn["Properties"].(map[string]interface{})["Code"])
		}
		return ""
	}
	if a, b := image(streamed), image(defaults); a == "" || a == b {
		t.Errorf("the web adapter's image %s is the default image %s: the build target did not reach the asset", a, b)
	}
	if strings.Contains(cdktest.MustJSON(*defaults.template.ToJSON()), "AWS_LWA_") {
		t.Errorf("the Mangum function has web adapter settings")
	}
}
