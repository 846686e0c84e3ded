package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

const (
	repositoryName = "orders-api"
	digest         = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
	callerRoleName = "orders-client"
)

// The stack is synthesized once, with cdk.json's feature flags, and every
// test reads the same template: jsii runs one node process per test binary.
var (
	api         *privateApiStack
	template    assertions.Template
	assemblyDir string
)

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		context := cdkJSONContext()
		app := awscdk.NewApp(&awscdk.AppProps{Context: &context})
		api = newPrivateApiStack(app, "PrivateApi", &privateApiStackProps{
			RepositoryName: repositoryName,
			ImageDigest:    digest,
			CallerRoleName: callerRoleName,
		})
		assemblyDir = *app.Synth(nil).Directory()
		template = assertions.Template_FromStack(api.Stack, nil)
		return m.Run()
	}()
	os.Exit(code)
}

// The function runs the pushed image by its digest, from the repository
// named, which the stack does not create.
func TestImageByDigest(t *testing.T) {
	check(t, func() {
		template.HasResourceProperties(jsii.String("AWS::Lambda::Function"), assertions.Match_ObjectLike(&map[string]interface{}{
			"PackageType": "Image",
			"Code": map[string]interface{}{"ImageUri": map[string]interface{}{
				"Fn::Join": []interface{}{"", assertions.Match_ArrayWith(&[]interface{}{"/" + repositoryName + "@" + digest})},
			}},
		}))
	})
	check(t, func() { template.ResourceCountIs(jsii.String("AWS::ECR::Repository"), jsii.Number(0)) })
}

// Nothing is built: the cloud assembly holds no Docker image to publish.
func TestNoImageToBuild(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(assemblyDir, *api.ArtifactId()+".assets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		DockerImages map[string]interface{} `json:"dockerImages"`
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		t.Fatal(err)
	}
	if len(manifest.DockerImages) != 0 {
		t.Fatalf("the assembly builds Docker images: %v", manifest.DockerImages)
	}
}

// The URL takes signed requests only, and the caller's role may make them.
func TestPrivateUrlAndItsCaller(t *testing.T) {
	alias := logicalID(api.Api.Alias())
	check(t, func() {
		template.HasResourceProperties(jsii.String("AWS::Lambda::Url"), assertions.Match_ObjectLike(&map[string]interface{}{
			"AuthType":  "AWS_IAM",
			"Qualifier": *api.Api.Alias().AliasName(),
		}))
	})
	check(t, func() {
		template.HasResourceProperties(jsii.String("AWS::IAM::Policy"), assertions.Match_ObjectLike(&map[string]interface{}{
			"Roles": []interface{}{callerRoleName},
			"PolicyDocument": map[string]interface{}{
				"Statement": assertions.Match_ArrayWith(&[]interface{}{assertions.Match_ObjectLike(&map[string]interface{}{
					"Action":   "lambda:InvokeFunctionUrl",
					"Resource": map[string]interface{}{"Ref": alias},
				})}),
			},
		}))
	})
}

// check reports a failing assertion, which panics across jsii, as a test
// failure instead of aborting the test binary.
func check(t *testing.T, assertion func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%v", r)
		}
	}()
	assertion()
}

// cdkJSONContext is the context of cdk.json beside this file (go test runs
// in the package's directory): the feature flags `cdk synth` uses.
func cdkJSONContext() map[string]interface{} {
	raw, err := os.ReadFile("cdk.json")
	if err != nil {
		panic(err)
	}
	var config struct {
		Context map[string]interface{} `json:"context"`
	}
	if err := json.Unmarshal(raw, &config); err != nil {
		panic(err)
	}
	return config.Context
}

func logicalID(c constructs.IConstruct) string {
	element, ok := c.(awscdk.CfnElement)
	if !ok {
		element = c.Node().DefaultChild().(awscdk.CfnElement)
	}
	return *awscdk.Stack_Of(c).GetLogicalId(element)
}
