package summary

import (
	"bytes"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	raw := []byte(`{
		"Resources": {
			"Fn": {"Type": "AWS::Lambda::Function"},
			"Alias": {"Type": "AWS::Lambda::Alias"},
			"LogGroup": {"Type": "AWS::Logs::LogGroup"},
			"Alias2": {"Type": "AWS::Lambda::Alias"}
		},
		"Outputs": {
			"Url": {"Description": "the URL", "Value": "x"},
			"App": {"Description": "the app", "Value": "y"},
			"Bare": {"Value": "z"}
		}
	}`)
	var out bytes.Buffer
	if err := Write(&out, "Stack.template.json", raw); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"Stack.template.json: 4 resources",
		"  AWS::Lambda::Alias                   Alias",
		"  AWS::Lambda::Alias                   Alias2",
		"  AWS::Lambda::Function                Fn",
		"  AWS::Logs::LogGroup                  LogGroup",
		"  output App: the app",
		"  output Bare",
		"  output Url: the URL",
		"",
	}, "\n")
	if out.String() != want {
		t.Fatalf("summary =\n%s\nwant\n%s", out.String(), want)
	}
}

func TestWriteRejectsBadJSON(t *testing.T) {
	err := Write(&bytes.Buffer{}, "broken.json", []byte(`{"Resources": [`))
	if err == nil || !strings.Contains(err.Error(), "summary: broken.json:") {
		t.Fatalf("err = %v, want a summary error naming the file", err)
	}
}
