package settings

import (
	"fmt"
	"strings"
)

// MaxWaves is how many waves the deploy workflow runs, one job each
// (.github/workflows/deploy.yml): a promotion chain holds at most this many
// environments.
const MaxWaves = 4

// promotionProblems checks promoteAfter across the committed environments:
// each names an environment, no chain loops or outgrows the workflow's
// waves, and a chain stays inside what one workflow run can promote: one
// GitHub repository, and one image pushed by digest to one repository.
func promotionProblems(envs map[string]*Environment) []string {
	var problems []string
	names := sortedKeys(envs)
	for _, name := range names {
		env := envs[name]
		after := env.PromoteAfter
		if after == "" {
			continue
		}
		where := EnvironmentsKey + "." + name
		followed, ok := envs[after]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: %s names no environment, got %q (%s has %s)%s",
				where, PromoteAfter, after, EnvironmentsKey, strings.Join(quoteAll(names), ", "), hint(after, names)))
			continue
		}
		if chain, loops := chainOf(envs, name); loops {
			// Reported once, by the chain's first name in order.
			if first := firstOfLoop(chain); first == name {
				problems = append(problems, fmt.Sprintf("%s: %s makes a loop, %s: one of them must follow none",
					EnvironmentsKey, PromoteAfter, strings.Join(chain, " after ")))
			}
			continue
		} else if len(chain) > MaxWaves {
			problems = append(problems, fmt.Sprintf("%s: %s makes a chain of %d environments (%s); the deploy workflow runs at most %d waves",
				where, PromoteAfter, len(chain), strings.Join(reversed(chain), ", then "), MaxWaves))
		}
		switch {
		case env.GitHubRepository == "":
			problems = append(problems, fmt.Sprintf("%s: %s needs %s: only CI promotes, got %s %q", where, PromoteAfter, GitHubRepository, PromoteAfter, after))
		case followed.GitHubRepository == "":
			problems = append(problems, fmt.Sprintf("%s: %s %q names an environment CI does not deploy: %s.%s sets no %s",
				where, PromoteAfter, after, EnvironmentsKey, after, GitHubRepository))
		case followed.GitHubRepository != env.GitHubRepository:
			problems = append(problems, fmt.Sprintf("%s: %s %q names an environment of another repository, %q, not %q: one workflow run promotes within one repository",
				where, PromoteAfter, after, followed.GitHubRepository, env.GitHubRepository))
		}
	}
	for _, name := range names {
		env := envs[name]
		if env.ImageRepository != "" || !env.DeploysPromotedImages {
			continue
		}
		role := fmt.Sprintf("it follows %s", env.PromoteAfter)
		if env.PromoteAfter == "" {
			role = "others follow it"
		}
		problems = append(problems, fmt.Sprintf("%s.%s: %s needs %s on every environment of a promotion (%s): CI builds the image once and pushes it there by digest, and each environment deploys that digest",
			EnvironmentsKey, name, PromoteAfter, ImageRepository, role))
	}
	if len(problems) == 0 {
		problems = append(problems, sharedReleaseRepository(envs)...)
	}
	return problems
}

// chainOf is the chain that ends at name: name, the environment it
// follows, the one that one follows, and so on; loops is true when the
// chain comes back to a name it holds, the chain then being the loop.
func chainOf(envs map[string]*Environment, name string) (chain []string, loops bool) {
	seen := map[string]int{}
	for current := name; current != ""; {
		env, ok := envs[current]
		if !ok {
			break
		}
		if at, again := seen[current]; again {
			return chain[at:], true
		}
		seen[current] = len(chain)
		chain = append(chain, current)
		current = env.PromoteAfter
	}
	return chain, false
}

// firstOfLoop is the name, in order, that reports a loop.
func firstOfLoop(loop []string) string {
	first := loop[0]
	for _, name := range loop {
		if name < first {
			first = name
		}
	}
	return first
}

func reversed(names []string) []string {
	out := make([]string, len(names))
	for i, name := range names {
		out[len(names)-1-i] = name
	}
	return out
}

// sharedReleaseRepository refuses two chains that start from different
// image repositories: CI builds one image a commit and pushes it to one.
func sharedReleaseRepository(envs map[string]*Environment) []string {
	var first *Environment
	for _, name := range sortedKeys(envs) {
		root := envs[name]
		if root.PromoteAfter != "" || !isFollowed(envs, name) {
			continue
		}
		if first == nil {
			first = root
			continue
		}
		if root.ImageRepository != first.ImageRepository || root.Account != first.Account || root.Region != first.Region {
			return []string{fmt.Sprintf("%s.%s and %s.%s both start a promotion, from image repositories %s and %s: CI builds one image a commit and pushes it to one repository; let one follow the other, or give both the same %s, %s and %s",
				EnvironmentsKey, first.Name, EnvironmentsKey, root.Name, first.imageRepositoryPlace(), root.imageRepositoryPlace(), ImageRepository, Account, Region)}
		}
	}
	return nil
}

// envList is envs sorted by name.
func envList(envs map[string]*Environment) []*Environment {
	out := make([]*Environment, 0, len(envs))
	for _, name := range sortedKeys(envs) {
		out = append(out, envs[name])
	}
	return out
}

func isFollowed(envs map[string]*Environment, name string) bool {
	for _, env := range envs {
		if env.PromoteAfter == name {
			return true
		}
	}
	return false
}

func (e *Environment) imageRepositoryPlace() string {
	if e.Account == "" {
		return fmt.Sprintf("%q wherever the credentials point", e.ImageRepository)
	}
	return fmt.Sprintf("%q in %s/%s", e.ImageRepository, e.Account, e.Region)
}

// Waves orders the environments CI deploys on a push to branch: the first
// wave holds those that follow none; each later wave, those that follow an
// environment of the wave before, so that a wave deploys only after the
// previous one succeeded. An environment whose predecessor is not deployed
// on branch is left out with it. envs must have passed the checks (All).
func Waves(envs []*Environment, branch string) [][]*Environment {
	byName := map[string]*Environment{}
	for _, env := range envs {
		byName[env.Name] = env
	}
	level := map[string]int{}
	var levelOf func(env *Environment) int
	levelOf = func(env *Environment) int {
		if l, ok := level[env.Name]; ok {
			return l
		}
		l := 0 // not deployed on branch
		switch {
		case !env.DeployedFrom(branch):
		case env.PromoteAfter == "":
			l = 1
		default:
			if before := levelOf(byName[env.PromoteAfter]); before > 0 {
				l = before + 1
			}
		}
		level[env.Name] = l
		return l
	}
	var waves [][]*Environment
	for _, env := range envs {
		l := levelOf(env)
		if l == 0 {
			continue
		}
		for len(waves) < l {
			waves = append(waves, nil)
		}
		waves[l-1] = append(waves[l-1], env)
	}
	return waves
}
