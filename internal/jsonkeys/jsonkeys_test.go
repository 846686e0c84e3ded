package jsonkeys

import (
	"reflect"
	"testing"
)

const cdkJSON = `{
  "app": "go run .",
  "context": {
    "environments": {
      "default": {
        "stackName": "FastApiLambda",
        "urlAuthType": "NONE"
      },
      "staging": {
        "stackName": "FastApiLambdaStaging",
        "memorySize": 512,
        "urlAuthType": "AWS_IAM",
        "memorySize": 1024
      }
    },
    "@aws-cdk/core:enableStackNameDuplicates": true
  }
}
`

const twoStagings = `{
  "context": {
    "environments": {
      "staging": {
        "stackName": "A"
      },
      "prod": {
        "stackName": "P"
      },
      "staging": {
        "stackName": "B"
      }
    }
  }
}`

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []Duplicate
	}{
		{
			name: "no duplicates",
			data: `{"a": 1, "b": {"c": [1, {"d": 2}], "e": null}, "f": "a"}`,
		},
		{
			name: "top-level duplicate",
			data: "{\n\"a\": 1,\n\"b\": 2,\n\"a\": 3\n}",
			want: []Duplicate{{Path: "", Key: "a", Line: 4, First: 2}},
		},
		{
			name: "duplicate setting in an environment",
			data: cdkJSON,
			want: []Duplicate{{Path: "context.environments.staging", Key: "memorySize", Line: 13, First: 11}},
		},
		{
			name: "environment given twice",
			data: twoStagings,
			want: []Duplicate{{Path: "context.environments", Key: "staging", Line: 10, First: 4}},
		},
		{
			name: "escaped key equals plain key",
			data: "{\"a\": 1,\n \"\\u0061\": 2}",
			want: []Duplicate{{Path: "", Key: "a", Line: 2, First: 1}},
		},
		{
			name: "escaped quote in a key",
			data: "{\"x\\\"y\": 1,\n\n \"x\\u0022y\": 2}",
			want: []Duplicate{{Path: "", Key: `x"y`, Line: 3, First: 1}},
		},
		{
			name: "three occurrences",
			data: "{\"k\": 1,\n\"k\": 2,\n\"k\": 3}",
			want: []Duplicate{
				{Path: "", Key: "k", Line: 2, First: 1},
				{Path: "", Key: "k", Line: 3, First: 1},
			},
		},
		{
			name: "duplicate inside an array element",
			data: "{\"a\": [0, [], {\"x\": 1},\n{\"b\": {\"y\": 1,\n\"y\": 2}}]}",
			want: []Duplicate{{Path: "a[3].b", Key: "y", Line: 3, First: 2}},
		},
		{
			name: "duplicate in an object in a root array",
			data: `[{"a": 1}, {"a": 1, "a": 2}]`,
			want: []Duplicate{{Path: "[1]", Key: "a", Line: 1, First: 1}},
		},
		{
			name: "same key in sibling objects",
			data: `{"x": {"a": 1}, "y": {"a": 2}, "z": [{"a": 3}, {"a": 4}], "a": 5}`,
		},
		{
			name: "duplicates reported in order of second occurrence",
			data: "{\"o\": {\"p\": 1,\n\"q\": 1,\n\"q\": 2},\n\"p\": 1,\n\"o\": 2}",
			want: []Duplicate{
				{Path: "o", Key: "q", Line: 3, First: 2},
				{Path: "", Key: "o", Line: 5, First: 1},
			},
		},
		{name: "empty object", data: `{}`},
		{name: "empty array", data: ` [ ] `},
		{name: "string at the root", data: `"a"`},
		{name: "number at the root", data: `1e400`},
		{name: "true at the root", data: `true`},
		{name: "null at the root", data: "null\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Find([]byte(tt.data))
			if err != nil {
				t.Fatalf("Find: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Find = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestFindSyntaxError(t *testing.T) {
	for _, data := range []string{
		``,
		`   `,
		`{`,
		`{"a": 1`,
		`{"a": 1,}`,
		`{"a" 1}`,
		`{"a": 1 "b": 2}`,
		`{1: 2}`,
		`[1, 2`,
		`{"a": [1}`,
		`{"a": tru}`,
		`{} {}`,
		`{"a": 1} x`,
		"{\"a\n\": 1}",
	} {
		if got, err := Find([]byte(data)); err == nil {
			t.Errorf("Find(%q) = %v, nil; want an error", data, got)
		}
	}
}
