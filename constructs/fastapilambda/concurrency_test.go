package fastapilambda_test

import (
	"reflect"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/constructs/fastapilambda"
)

// The concurrency rules in a caller's own names, as package settings runs
// them: every rule broken at once, and none about a value left out.
func TestCheckConcurrencyNamesTheCallersFields(t *testing.T) {
	names := fastapilambda.ConcurrencyNames{Floor: "floor", Ceiling: "ceiling", Utilization: "target", Reserved: "cap (3)"}
	for _, c := range []struct {
		name string
		in   fastapilambda.Concurrency
		want []string
	}{
		{"nothing set", fastapilambda.Concurrency{Reserved: jsii.Number(3)}, nil},
		{"within the cap", fastapilambda.Concurrency{FloorSet: true, CeilingSet: true, UtilizationSet: true,
			Floor: jsii.Number(1), Ceiling: jsii.Number(3), Reserved: jsii.Number(3)}, nil},
		{"ceiling and target alone", fastapilambda.Concurrency{CeilingSet: true, UtilizationSet: true, Ceiling: jsii.Number(2)}, []string{
			"ceiling needs floor, the floor auto scaling keeps",
		}},
		{"target alone", fastapilambda.Concurrency{UtilizationSet: true}, []string{
			"target needs ceiling: it is auto scaling's target",
		}},
		{"ceiling below floor, both above the cap", fastapilambda.Concurrency{FloorSet: true, CeilingSet: true,
			Floor: jsii.Number(5), Ceiling: jsii.Number(4), Reserved: jsii.Number(3)}, []string{
			"ceiling must be at least floor (5), got 4",
			"floor must be at most cap (3): Lambda cannot keep more warm than the function may run, got 5",
			"ceiling must be at most cap (3): Lambda cannot keep more warm than the function may run, got 4",
		}},
		{"a value refused by its own check is set but not compared", fastapilambda.Concurrency{FloorSet: true, CeilingSet: true,
			Ceiling: jsii.Number(9), Reserved: jsii.Number(10)}, nil},
		{"no reservation, no cap", fastapilambda.Concurrency{FloorSet: true, Floor: jsii.Number(500)}, nil},
	} {
		if got := fastapilambda.CheckConcurrency(c.in, names); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
