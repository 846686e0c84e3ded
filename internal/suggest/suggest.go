// Package suggest finds the known word a user most likely meant, for "did you
// mean" hints in error messages.
package suggest

import "strings"

// Closest returns the candidate nearest to word: one that differs only in
// case; else the one fewest single-character edits away, if that is at most a
// third of the word's length (at least 2); else the shortest that starts with
// word, if word has three or more letters. It returns "" when none is near.
func Closest(word string, candidates []string) string {
	lower := strings.ToLower(word)
	for _, c := range candidates {
		if strings.ToLower(c) == lower {
			return c
		}
	}
	limit := max(len(word)/3, 2)
	best, bestDistance := "", 0
	for _, c := range candidates {
		d := distance(lower, strings.ToLower(c))
		if d <= limit && (best == "" || d < bestDistance) {
			best, bestDistance = c, d
		}
	}
	if best != "" || len(word) < 3 {
		return best
	}
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToLower(c), lower) && (best == "" || len(c) < len(best)) {
			best = c
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
