package frontdoor

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// These checks need no construct: a program that reads the props from its
// own settings runs them first, to name its setting in the message. Each
// error says the rule the value breaks; the caller adds the name of its prop
// or setting, and the value (CheckCachedPaths names the pattern at fault).

// Route 53 and ACM accept lower-case labels of letters, digits and hyphens.
var domainName = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// CheckDomainName checks a domain name the front door may answer to.
func CheckDomainName(name string) error {
	switch {
	case strings.Contains(name, "://"):
		return errors.New("must be a host name without the scheme, such as api.example.com")
	case strings.HasPrefix(name, "*."):
		return errors.New("must be one host name, not a wildcard (a wildcard certificate may be brought for it), such as api.example.com")
	case strings.HasSuffix(name, "."):
		return errors.New("must be written without the trailing dot, such as api.example.com")
	case len(name) > 253 || !domainName.MatchString(name):
		return errors.New("must be a lower-case DNS name such as api.example.com")
	}
	return nil
}

// InZone says whether name is zone (with or without its trailing dot) or
// a name below it.
func InZone(name, zone string) bool {
	zone = strings.TrimSuffix(zone, ".")
	return name == zone || strings.HasSuffix(name, "."+zone)
}

// RateLimitRule is the rule a rate limit obeys, as CheckRateLimit words it.
const RateLimitRule = "must be a whole number of requests from 10 to 2000000000"

// CheckRateLimit checks a rate limit: WAF counts from 10 to 2,000,000,000
// requests, whole.
func CheckRateLimit(limit float64) error {
	if limit < 10 || limit > 2e9 || limit != float64(int64(limit)) {
		return errors.New(RateLimitRule)
	}
	return nil
}

// CheckCachedPaths checks the path patterns to cache: each problem once.
func CheckCachedPaths(paths []string) []error {
	var problems []error
	seen := map[string]bool{}
	for _, path := range paths {
		switch {
		case path == "" || len(path) > 255 || strings.ContainsAny(path, " \t\"'"):
			problems = append(problems, fmt.Errorf("must hold CloudFront path patterns of 1 to 255 characters, such as /static/*, got %q", path))
		case path == "*" || path == "/*":
			problems = append(problems, fmt.Errorf("must not cache every path (%q): the API's answers differ per request; name the paths that may be cached", path))
		case seen[path]:
			problems = append(problems, fmt.Errorf("lists %q twice", path))
		}
		seen[path] = true
	}
	return problems
}
