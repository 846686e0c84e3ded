package propcheck

import "testing"

func TestProblemsJoinsEveryOneInOrder(t *testing.T) {
	p := New("pkg")
	if err := p.Err(); err != nil {
		t.Fatalf("Err() of no problems = %v, want nil", err)
	}
	p.Add("First must be %d, got %q", 1, "x")
	p.Add("Second is required")
	want := "pkg: First must be 1, got \"x\"\npkg: Second is required"
	if err := p.Err(); err == nil || err.Error() != want {
		t.Fatalf("Err() = %v, want\n%s", err, want)
	}
}
