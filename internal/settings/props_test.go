package settings_test

import (
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/settings"
)

// The settings reach the stack's props in the props' units, and an unset
// setting leaves the prop nil (the stack's or the construct's default).
func TestStackPropsMapsEachSetting(t *testing.T) {
	env, err := settings.Resolve(context(obj{"default": obj{
		"stackName": "Api", "account": "123456789012", "region": "eu-west-1", "urlAuthType": "AWS_IAM",
		"provisionedConcurrency": 2.0, "provisionedConcurrencyMax": 4.0, "provisionedConcurrencyUtilization": 60.0,
		"frontDoor": true, "frontDoorRateLimit": 500.0,
	}}, nil))
	if err != nil {
		t.Fatal(err)
	}
	props := env.StackProps("/abs/lambda-app")
	for _, c := range []struct {
		name      string
		got, want interface{}
	}{
		{"account", *props.Env.Account, "123456789012"},
		{"image directory", *props.ImageDirectory, "/abs/lambda-app"},
		{"floor", *props.Service.ProvisionedConcurrency, 2.0},
		{"utilization, a share", *props.Service.ProvisionedConcurrencyUtilization, 0.6},
		{"rate limit", *props.FrontDoor.RateLimit, 500.0},
		{"reserved concurrency unset", props.ReservedConcurrency == nil, true},
		{"alarm email unset", props.AlarmEmail == nil, true},
		{"image repository unset", props.ImageRepositoryName == nil, true},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}

	env, err = settings.Resolve(context(obj{"default": obj{"stackName": "Api", "imageRepository": "repo"}}, nil))
	if err != nil {
		t.Fatal(err)
	}
	props = env.StackProps("/abs/lambda-app")
	if props.ImageDirectory != nil || *props.ImageRepositoryName != "repo" || props.Env != nil || props.FrontDoor != nil {
		t.Errorf("an image from ECR: got directory %v, repository %v, env %v, front door %v",
			props.ImageDirectory, props.ImageRepositoryName, props.Env, props.FrontDoor)
	}
}
