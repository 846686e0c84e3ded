// Command goapp synthesizes FASTAPI_SERVICES copies of the stack that the app
// builds for the default environment, Service1 to ServiceN, one stack each:
// the Go side of `make bench-scale`, against bench/typescript/app.ts.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/stacks"
)

func main() {
	defer jsii.Close()
	n, err := strconv.Atoi(os.Getenv("FASTAPI_SERVICES"))
	if err != nil || n < 1 {
		fmt.Fprintf(os.Stderr, "error: FASTAPI_SERVICES must be a whole number from 1, got %q\n", os.Getenv("FASTAPI_SERVICES"))
		os.Exit(1)
	}
	imageDir, err := filepath.Abs("lambda-app")
	if err != nil {
		panic(err)
	}
	app := awscdk.NewApp(nil)
	for i := 1; i <= n; i++ {
		stacks.NewServiceStack(app, fmt.Sprintf("Service%d", i), &stacks.ServiceStackProps{
			StackProps: awscdk.StackProps{
				Description: jsii.String("FastAPI on AWS Lambda behind a Function URL, released by CodeDeploy (fastapi-lambda-cdk)"),
			},
			ImageDirectory: jsii.String(imageDir),
		})
	}
	app.Synth(nil)
}
