// Package propcheck collects a construct's bad props, so that every one is
// reported at once, each line prefixed with the construct's package name and
// followed by the construct's path, the way every construct in this
// repository reports bad props at synth.
package propcheck

import (
	"errors"
	"fmt"
)

// Problems gathers the problems found in one set of props.
type Problems struct {
	pkg      string
	problems []string
}

// New starts an empty list for the package pkg.
func New(pkg string) *Problems {
	return &Problems{pkg: pkg}
}

// Add records one problem; it names the prop and the value received.
func (p *Problems) Add(format string, args ...interface{}) {
	p.problems = append(p.problems, fmt.Sprintf(format, args...))
}

// Err joins every problem, one line each, as "pkg: problem (at path)", or
// returns nil when there is none. path is asked for only when there are
// problems: reading a construct's path is a round trip to the jsii kernel.
func (p *Problems) Err(path func() string) error {
	if len(p.problems) == 0 {
		return nil
	}
	where := path()
	errs := make([]error, len(p.problems))
	for i, problem := range p.problems {
		errs[i] = fmt.Errorf("%s: %s (at %s)", p.pkg, problem, where)
	}
	return errors.Join(errs...)
}
