package bench

import (
	"fmt"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
)

// BenchmarkJsiiRoundTrip times single jsii requests from Go, in process: a
// static call and a property read (the least a request costs), and creating
// a role with its service principal (two creates, the kind most of a
// service's requests are). What a service costs in Go beyond TypeScript is
// about its requests times these.
func BenchmarkJsiiRoundTrip(b *testing.B) {
	b.Cleanup(jsii.Close)
	awscdk.Token_IsUnresolved(jsii.String("warm up the kernel"))
	b.Run("static-call", func(b *testing.B) {
		for range b.N {
			awscdk.Token_IsUnresolved(jsii.String("x"))
		}
	})
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("RoundTrip"), nil)
	b.Run("property-read", func(b *testing.B) {
		for range b.N {
			stack.Account()
		}
	})
	roles := 0
	b.Run("role-and-principal", func(b *testing.B) {
		for range b.N {
			roles++
			awsiam.NewRole(stack, jsii.String(fmt.Sprintf("Role%d", roles)), &awsiam.RoleProps{
				AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			})
		}
	})
}
