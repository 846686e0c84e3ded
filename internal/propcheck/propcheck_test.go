package propcheck

import (
	"errors"
	"testing"
)

func TestFirstStopsAtTheFirstFailure(t *testing.T) {
	ran := 0
	pass := func() error { ran++; return nil }
	fail := func(msg string) func() error { return func() error { ran++; return errors.New(msg) } }

	err := First("pkg", pass, fail("first"), fail("second"))
	if err == nil || err.Error() != "pkg: first" {
		t.Fatalf("err = %v, want pkg: first", err)
	}
	if ran != 2 {
		t.Fatalf("%d checks ran, want 2: checks after a failure must not run", ran)
	}
	if err := First("pkg", pass, pass); err != nil {
		t.Fatalf("err = %v, want nil", err)
	}
}
