package stacks_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/docgen"
)

var securityDoc = filepath.Join("..", "docs", "security.md")

// docs/security.md's table of cdk-nag suppressions is generated from the
// list the security gate applies.
func TestDocsNagSuppressions(t *testing.T) {
	var rows [][]string
	for _, s := range nagSuppressions {
		rows = append(rows, []string{docgen.Code(s.rule), docgen.Code(s.path), s.reason})
	}
	docgen.Check(t, securityDoc, "nag-suppressions", docgen.Table([]string{"Rule", "Resource", "Why it is accepted"}, rows))
}

// docs/security.md's table of the Control Tower controls left out is
// generated from the list the cfn-guard run skips.
func TestDocsSkippedControls(t *testing.T) {
	var rows [][]string
	for _, s := range controlTowerSkips {
		rows = append(rows, []string{docgen.Code(s.control) + " (" + docgen.Code(s.file) + ")", s.reason})
	}
	docgen.Check(t, securityDoc, "skipped-controls", docgen.Table([]string{"Control", "Why it is left out"}, rows))
}

// docs/security.md's table of accepted cfn-guard findings is generated from
// the list the cfn-guard run accepts.
func TestDocsGuardAcceptances(t *testing.T) {
	var rows [][]string
	for _, a := range guardAcceptances {
		rows = append(rows, []string{docgen.Code(a.control), docgen.Code(a.resource), strings.Join(a.variants, ", "), a.reason})
	}
	docgen.Check(t, securityDoc, "guard-acceptances", docgen.Table([]string{"Control", "Resources (logical ID)", "Variants", "Why it is accepted"}, rows))
}
