// Package propcheck runs a construct's prop checks in order and reports the
// first failure, prefixed with the construct's package name, the way every
// construct in this repository reports bad props at synth.
package propcheck

import "fmt"

// First returns the first error among checks, as "pkg: message", or nil.
func First(pkg string, checks ...func() error) error {
	for _, check := range checks {
		if err := check(); err != nil {
			return fmt.Errorf("%s: %w", pkg, err)
		}
	}
	return nil
}
