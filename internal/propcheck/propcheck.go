// Package propcheck collects a construct's bad props, so that every one is
// reported at once, each line prefixed with the construct's package name, the
// way every construct in this repository reports bad props at synth.
package propcheck

import (
	"errors"
	"fmt"
)

// Problems gathers the problems found in one set of props.
type Problems struct {
	pkg  string
	errs []error
}

// New starts an empty list for the package pkg.
func New(pkg string) *Problems {
	return &Problems{pkg: pkg}
}

// Add records one problem; it names the prop and the value received.
func (p *Problems) Add(format string, args ...interface{}) {
	p.errs = append(p.errs, fmt.Errorf("%s: %s", p.pkg, fmt.Sprintf(format, args...)))
}

// Err joins every problem, one per line, or returns nil when there is none.
func (p *Problems) Err() error {
	return errors.Join(p.errs...)
}
