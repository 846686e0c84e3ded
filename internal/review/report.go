package review

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// AckTrailer is the commit-message trailer that acknowledges a blocking
// risk: "Acknowledge-Risk: FastApiLambda/Service/Alias". It lives in the
// branch's history, so the reviewer sees who accepted what, and why, in the
// commit that says so.
const AckTrailer = "Acknowledge-Risk"

// StackDiff is one stack's side of a review: the `cdk diff` text and the risks.
type StackDiff struct {
	Stack string
	// Diff is the output of `cdk diff --template` against the base.
	Diff  string
	Risks []Risk
	// New is true for a stack the base does not have.
	New bool
}

// Report is the whole review of a change.
type Report struct {
	Environment string
	// Base describes the commit compared against, e.g. "3f2a9c1e0b7d (merge-base of HEAD and origin/main)".
	Base   string
	Stacks []StackDiff
	// Acknowledged holds the keys acknowledged by trailers on the branch.
	Acknowledged map[string]bool
}

// Unacknowledged returns the blocking risks no trailer acknowledges.
func (r Report) Unacknowledged() []Risk {
	var open []Risk
	for _, s := range r.Stacks {
		for _, risk := range s.Risks {
			if risk.Blocks && !r.Acknowledged[risk.Key] {
				open = append(open, risk)
			}
		}
	}
	return open
}

func (r Report) status(risk Risk) string {
	switch {
	case !risk.Blocks:
		return "ok"
	case r.Acknowledged[risk.Key]:
		return "acknowledged"
	}
	return "BLOCKS"
}

func describe(risk Risk) string {
	line := fmt.Sprintf("%s (%s", risk.Key, risk.Type)
	if risk.LogicalID != "" {
		line += " " + risk.LogicalID
	}
	line += ") " + risk.What
	if len(risk.Because) > 0 {
		line += ": " + strings.Join(risk.Because, ", ")
	}
	return line
}

// WriteText prints the diffs and the risk summary for a terminal.
func (r Report) WriteText(w io.Writer) {
	for _, s := range r.Stacks {
		fmt.Fprintf(w, "=== %s: cdk diff against %s\n", s.Stack, r.Base)
		if s.New {
			fmt.Fprintln(w, "(a new stack: the base does not synthesize it)")
		}
		fmt.Fprintln(w, strings.TrimRight(s.Diff, "\n"))
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Risk summary: environment %s, against %s\n", r.Environment, r.Base)
	any := false
	for _, s := range r.Stacks {
		for _, risk := range s.Risks {
			any = true
			fmt.Fprintf(w, "  %-12s %s\n  %-12s   %s\n", r.status(risk), describe(risk), "", risk.Consequence)
		}
	}
	if !any {
		fmt.Fprintln(w, "  nothing is replaced, removed or reconfigured in a way callers notice")
	}
	for _, key := range r.unmatched() {
		fmt.Fprintf(w, "  warning: %s: %s matches no risk of this change (keys are printed as above: stack/construct path)\n", AckTrailer, key)
	}
	open := r.Unacknowledged()
	if len(open) == 0 {
		fmt.Fprintln(w, "Nothing blocks the merge.")
		return
	}
	noun := "change blocks"
	if len(open) > 1 {
		noun = "changes block"
	}
	fmt.Fprintf(w, "\n%d %s the merge. If intended, acknowledge in a commit on the branch, the reason in its\n", len(open), noun)
	fmt.Fprintln(w, "subject and every trailer in one last paragraph (git reads trailers from the last paragraph only):")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  git commit --allow-empty -m '<what changes, and why that is safe now>' -m '%s'\n", strings.Join(trailers(open), "\n"))
}

// trailers are the acknowledgement lines for the open risks.
func trailers(open []Risk) []string {
	var lines []string
	for _, key := range openKeys(open) {
		lines = append(lines, AckTrailer+": "+key)
	}
	return lines
}

// unmatched lists acknowledged keys that name no risk of this change: a typo,
// or a risk that is gone.
func (r Report) unmatched() []string {
	risky := map[string]bool{}
	for _, s := range r.Stacks {
		for _, risk := range s.Risks {
			risky[risk.Key] = true
		}
	}
	var keys []string
	for key := range r.Acknowledged {
		if !risky[key] {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	return keys
}

// WriteMarkdown renders the same for a pull-request comment, starting with
// marker (a hidden line the workflow finds the comment by).
func (r Report) WriteMarkdown(w io.Writer, marker string) {
	fmt.Fprintln(w, marker)
	open := r.Unacknowledged()
	switch {
	case len(open) > 0:
		fmt.Fprintf(w, "### ❌ `%s`: %d change(s) need acknowledging before merge\n\n", r.Environment, len(open))
	default:
		fmt.Fprintf(w, "### ✅ `%s`: nothing replaced or removed needs acknowledging\n\n", r.Environment)
	}
	fmt.Fprintf(w, "Compared offline with %s.\n\n", r.Base)
	rows := 0
	for _, s := range r.Stacks {
		for _, risk := range s.Risks {
			if rows == 0 {
				fmt.Fprintln(w, "| | Resource | Change | Consequence |")
				fmt.Fprintln(w, "| --- | --- | --- | --- |")
			}
			rows++
			what := risk.What
			if len(risk.Because) > 0 {
				what += ": " + strings.Join(risk.Because, ", ")
			}
			fmt.Fprintf(w, "| %s | `%s` (%s) | %s | %s |\n", r.status(risk), risk.Key, risk.Type, cell(what), cell(risk.Consequence))
		}
	}
	if len(open) > 0 {
		fmt.Fprintf(w, "\nIf intended, acknowledge in a commit on the branch, the reason in its subject, the trailers in one last paragraph:\n\n```sh\n")
		fmt.Fprintf(w, "git commit --allow-empty -m '<what changes, and why that is safe now>' -m '%s'\n", strings.Join(trailers(open), "\n"))
		fmt.Fprintln(w, "```")
	}
	for _, s := range r.Stacks {
		fmt.Fprintf(w, "\n<details><summary>cdk diff of %s</summary>\n\n```\n%s\n```\n</details>\n", s.Stack, strings.TrimRight(s.Diff, "\n"))
	}
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func openKeys(open []Risk) []string {
	var keys []string
	seen := map[string]bool{}
	for _, risk := range open {
		if !seen[risk.Key] {
			seen[risk.Key] = true
			keys = append(keys, risk.Key)
		}
	}
	return keys
}

// ParseAcknowledgements reads the trailer values of `git log
// --format=%(trailers:key=Acknowledge-Risk,valueonly)`: one key per line.
func ParseAcknowledgements(log string) map[string]bool {
	acks := map[string]bool{}
	for _, line := range strings.Split(log, "\n") {
		if key := strings.TrimSpace(line); key != "" {
			acks[key] = true
		}
	}
	return acks
}
