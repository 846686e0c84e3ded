package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// The stack is synthesized once, with cdk.json's feature flags, and every
// test reads the same template: jsii runs one node process per test binary.
var (
	shop     *shopStack
	template assertions.Template
)

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		context := cdkJSONContext()
		app := awscdk.NewApp(&awscdk.AppProps{Context: &context})
		shop = newShopStack(app, "Shop", &shopStackProps{
			ImageDirectory:   imageDirectory(),
			GitHubRepository: "acme/shop",
		})
		template = assertions.Template_FromStack(shop.Stack, nil)
		return m.Run()
	}()
	os.Exit(code)
}

func TestTwoServices(t *testing.T) {
	check(t, func() { template.ResourceCountIs(jsii.String("AWS::Lambda::Function"), jsii.Number(2)) })
	check(t, func() { template.ResourceCountIs(jsii.String("AWS::CodeDeploy::DeploymentGroup"), jsii.Number(2)) })
	check(t, func() { template.ResourceCountIs(jsii.String("AWS::DynamoDB::GlobalTable"), jsii.Number(1)) })
}

func TestOrdersReadsAndWritesTheTable(t *testing.T) {
	table := logicalID(shop.Table)
	check(t, func() {
		template.HasResourceProperties(jsii.String("AWS::IAM::Policy"), assertions.Match_ObjectLike(&map[string]interface{}{
			"Roles": []interface{}{map[string]interface{}{"Ref": logicalID(shop.Orders.Function().Role())}},
			"PolicyDocument": map[string]interface{}{
				"Statement": assertions.Match_ArrayWith(&[]interface{}{assertions.Match_ObjectLike(&map[string]interface{}{
					"Action":   assertions.Match_ArrayWith(&[]interface{}{"dynamodb:GetItem", "dynamodb:PutItem"}),
					"Resource": map[string]interface{}{"Fn::GetAtt": []interface{}{table, "Arn"}},
				})}),
			},
		}))
	})
	check(t, func() {
		template.HasResourceProperties(jsii.String("AWS::Lambda::Function"), assertions.Match_ObjectLike(&map[string]interface{}{
			"Role":        map[string]interface{}{"Fn::GetAtt": []interface{}{logicalID(shop.Orders.Function().Role()), "Arn"}},
			"Environment": map[string]interface{}{"Variables": map[string]interface{}{"TABLE_NAME": map[string]interface{}{"Ref": table}}},
		}))
	})
}

// The catalog's execution role holds its log-writing policy and nothing that
// names DynamoDB.
func TestCatalogGetsNoDynamoDbRights(t *testing.T) {
	role := logicalID(shop.Catalog.Function().Role())
	policies := 0
	for id, resource := range resources() {
		doc := toJSON(t, resource)
		if id != role && !strings.Contains(doc, `{"Ref":"`+role+`"}`) {
			continue
		}
		if resource["Type"] == "AWS::IAM::Policy" {
			policies++
		}
		if strings.Contains(doc, "dynamodb:") {
			t.Errorf("%s gives the catalog's role DynamoDB rights: %s", id, doc)
		}
	}
	if policies == 0 {
		t.Fatalf("no policy names the catalog's role %s: the check looked in the wrong place", role)
	}
}

// One deploy identity releases both services: its group may start a
// deployment in each deployment group.
func TestOneIdentityReleasesBoth(t *testing.T) {
	group := logicalID(shop.Deploy.Group())
	for id, resource := range resources() {
		if resource["Type"] != "AWS::IAM::Policy" || !strings.Contains(toJSON(t, resource), `"Groups":[{"Ref":"`+group+`"}]`) {
			continue
		}
		statements := resource["Properties"].(map[string]interface{})["PolicyDocument"].(map[string]interface{})["Statement"].([]interface{})
		for _, statement := range statements {
			doc := toJSON(t, statement)
			if !strings.Contains(doc, `"codedeploy:CreateDeployment"`) {
				continue
			}
			for _, svc := range []constructs.IConstruct{shop.Orders.DeploymentGroup(), shop.Catalog.DeploymentGroup()} {
				if !strings.Contains(doc, `{"Ref":"`+logicalID(svc)+`"}`) {
					t.Errorf("%s lets the deploy group create deployments without %s: %s", id, logicalID(svc), doc)
				}
			}
			return
		}
	}
	t.Fatal("no policy of the deploy group allows codedeploy:CreateDeployment")
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

func resources() map[string]map[string]interface{} {
	out := map[string]map[string]interface{}{}
	for id, r := range (*template.ToJSON())["Resources"].(map[string]interface{}) {
		out[id] = r.(map[string]interface{})
	}
	return out
}

func toJSON(t *testing.T, v interface{}) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
