package suggest

import (
	"testing"
	"testing/quick"
)

func TestClosest(t *testing.T) {
	settings := []string{"stackName", "account", "region", "deployAccessKey", "deployAccessKeySerial"}
	tests := []struct {
		name       string
		word       string
		candidates []string
		want       string
	}{
		{"exact", "region", settings, "region"},
		{"case only", "STACKNAME", settings, "stackName"},
		{"case only wins over a nearer edit", "ab", []string{"ac", "AB"}, "AB"},
		{"one edit", "acount", settings, "account"},
		{"edits compared in lower case", "ACOUNT", settings, "account"},
		{"fewest edits wins", "abcdef", []string{"abxxef", "abcdex"}, "abcdex"},
		{"first of equally near", "eu-west-9", []string{"eu-west-1", "eu-west-2"}, "eu-west-1"},
		// len("abcdefghi")/3 = 3 edits allowed.
		{"third of the length", "abcdefghi", []string{"xyzdefghi"}, "xyzdefghi"},
		{"beyond a third of the length", "abcdefghi", []string{"wxyzefghi"}, ""},
		// len("abcdefghijkl")/3 = 4 edits allowed.
		{"a third of a longer word", "abcdefghijkl", []string{"wxyzefghijkl"}, "wxyzefghijkl"},
		// Short words still get 2 edits.
		{"at least two edits", "ab", []string{"xy"}, "xy"},
		{"at least two edits for three letters", "abc", []string{"axy"}, "axy"},
		{"three edits for a short word", "abc", []string{"xyz"}, ""},
		{"prefix of three letters", "reg", []string{"account", "region"}, "region"},
		{"shortest of the prefixed", "deploy", settings, "deployAccessKey"},
		{"prefix in any case", "DEPLOY", settings, "deployAccessKey"},
		{"no prefix rule under three letters", "re", []string{"region"}, ""},
		{"edits win over a prefix", "stack", []string{"stackName", "stick"}, "stick"},
		{"nothing near", "frankfurt", settings, ""},
		{"no candidates", "region", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Closest(tt.word, tt.candidates); got != tt.want {
				t.Errorf("Closest(%q, %q) = %q, want %q", tt.word, tt.candidates, got, tt.want)
			}
		})
	}
}

// Whatever the inputs, Closest answers "" or one of the candidates.
func TestClosestReturnsACandidate(t *testing.T) {
	property := func(word string, candidates []string) bool {
		got := Closest(word, candidates)
		if got == "" {
			return true
		}
		for _, c := range candidates {
			if c == got {
				return true
			}
		}
		return false
	}
	if err := quick.Check(property, nil); err != nil {
		t.Error(err)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"region", "region", 0},
		{"acount", "account", 1},
		{"account", "acount", 1},
		{"eu-west-1", "eu-west-9", 1},
		{"ab", "ba", 2},
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"Region", "region", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+"→"+tt.b, func(t *testing.T) {
			if got := distance(tt.a, tt.b); got != tt.want {
				t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestDistanceProperties(t *testing.T) {
	properties := []struct {
		name     string
		property interface{}
	}{
		{"symmetric", func(a, b string) bool { return distance(a, b) == distance(b, a) }},
		{"zero only for equal words", func(a, b string) bool { return (distance(a, b) == 0) == (a == b) }},
		{"at least the difference in length", func(a, b string) bool {
			return distance(a, b) >= abs(len(a)-len(b))
		}},
		{"at most the longer length", func(a, b string) bool { return distance(a, b) <= max(len(a), len(b)) }},
		{"triangle inequality", func(a, b, c string) bool { return distance(a, c) <= distance(a, b)+distance(b, c) }},
		{"one more byte is one edit", func(a string, c byte) bool {
			return distance(a, a+string([]byte{c})) == 1 && distance(string([]byte{c})+a, a) == 1
		}},
		{"a common prefix costs nothing", func(p, a, b string) bool { return distance(p+a, p+b) == distance(a, b) }},
	}
	for _, p := range properties {
		t.Run(p.name, func(t *testing.T) {
			if err := quick.Check(p.property, nil); err != nil {
				t.Error(err)
			}
		})
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
