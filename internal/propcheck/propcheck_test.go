package propcheck

import "testing"

func TestProblemsJoinsEveryOneInOrder(t *testing.T) {
	asked := 0
	path := func() string { asked++; return "Stack/Api" }
	p := New("pkg")
	if err := p.Err(path); err != nil || asked != 0 {
		t.Fatalf("Err() of no problems = %v (path asked %d times), want nil without asking", err, asked)
	}
	p.Add("First must be %d, got %q", 1, "x")
	p.Add("Second is required")
	want := "pkg: First must be 1, got \"x\" (at Stack/Api)\npkg: Second is required (at Stack/Api)"
	if err := p.Err(path); err == nil || err.Error() != want {
		t.Fatalf("Err() = %v, want\n%s", err, want)
	}
}
