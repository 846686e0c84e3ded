// Package review compares what a change synthesizes with what its base
// synthesizes, offline: it runs `cdk diff` of each stack against the base's
// template and ends with a risk summary, every resource the change replaces
// or removes with its consequence in plain words. Replacing or removing what
// callers, releases or credentials depend on blocks, until a commit on the
// branch acknowledges it.
package review

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Template is the part of a CloudFormation template the risk rules read.
type Template struct {
	Resources map[string]Resource `json:"Resources"`
}

// Resource is one resource of a Template.
type Resource struct {
	Type                string         `json:"Type"`
	Properties          map[string]any `json:"Properties"`
	Metadata            map[string]any `json:"Metadata"`
	DeletionPolicy      string         `json:"DeletionPolicy"`
	UpdateReplacePolicy string         `json:"UpdateReplacePolicy"`
}

// ParseTemplate reads a synthesized template.
func ParseTemplate(name string, raw []byte) (*Template, error) {
	var t Template
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, fmt.Errorf("review: %s: %w", name, err)
	}
	return &t, nil
}

type impact int

const (
	updated impact = iota
	mayBeReplaced
	replaced
	removed
)

// Risk is one resource that a change replaces, removes or reconfigures in a
// way its users notice.
type Risk struct {
	// Key names the resource as an acknowledgement does: the stack and the
	// construct path, e.g. FastApiLambda/Service/Alias.
	Key       string
	LogicalID string
	Type      string
	// What happens: "replaced", "may be replaced", "removed", "changed" (in
	// place, with a consequence of its own) or "removed from the app" (a stack).
	What string
	// Because lists what causes it: the properties that changed, or the
	// replaced resources a property refers to.
	Because []string
	// Consequence says, in plain words, what breaks or is lost.
	Consequence string
	// Blocks is true when the change must be acknowledged before merging.
	Blocks bool
}

// Compare returns the risks of deploying head over base, one stack's
// templates, sorted blocking first, then by key. A nil base is a new stack.
func Compare(stack string, base, head *Template, spec Spec) []Risk {
	if base == nil {
		return nil
	}
	if head == nil {
		return []Risk{{
			Key: stack, Type: "AWS::CloudFormation::Stack", What: "removed from the app",
			Consequence: "cdk deploy no longer updates this stack: its resources stay in the account, unmanaged, " +
				"until someone deletes the stack by hand, and then everything in it (URL, logs, keys) goes",
			Blocks: true,
		}}
	}
	effects := map[string]impact{}
	because := map[string][]string{}
	for id, old := range base.Resources {
		now, kept := head.Resources[id]
		switch {
		case !kept:
			effects[id] = removed
		case old.Type != now.Type:
			effects[id] = replaced
			because[id] = []string{fmt.Sprintf("its type changed from %s to %s", old.Type, now.Type)}
		default:
			for _, name := range changedProperties(old, now) {
				if i := spec.replaces(now.Type, name); i > updated {
					effects[id] = max(effects[id], i)
					because[id] = append(because[id], name)
				}
			}
		}
	}
	// A property that refers to a replaced resource changes at deploy time
	// even though its text does not: replacement spreads, as cdk diff shows
	// with "(replaced)".
	for spread := true; spread; {
		spread = false
		for id, now := range head.Resources {
			old, kept := base.Resources[id]
			if !kept || effects[id] >= replaced {
				continue
			}
			for _, name := range sortedKeys(now.Properties) {
				for _, target := range references(now.Properties[name]) {
					if effects[target] != replaced || spec.replaces(now.Type, name) != replaced {
						continue
					}
					if _, had := old.Properties[name]; !had {
						continue
					}
					effects[id] = replaced
					because[id] = append(because[id], fmt.Sprintf("%s (refers to %s, which is replaced)", name, target))
					spread = true
				}
			}
		}
	}

	var risks []Risk
	for id, effect := range effects {
		old := base.Resources[id]
		r := Risk{Key: key(stack, id, old), LogicalID: id, Type: old.Type, Because: because[id]}
		r.What, r.Consequence, r.Blocks = consequence(old, effect)
		risks = append(risks, r)
	}
	for id, now := range head.Resources {
		old, kept := base.Resources[id]
		if !kept || effects[id] != updated || now.Type != "AWS::Lambda::Url" {
			continue
		}
		if from, to := old.Properties["AuthType"], now.Properties["AuthType"]; !reflect.DeepEqual(from, to) {
			r := Risk{Key: key(stack, id, old), LogicalID: id, Type: now.Type, What: "changed",
				Because: []string{fmt.Sprintf("AuthType %v → %v", from, to)}, Blocks: true}
			if to == "NONE" {
				r.Consequence = "the Function URL becomes public: anyone on the internet can call it, and each call is billed"
			} else {
				r.Consequence = "the Function URL refuses unsigned requests (403): every caller that is not an AWS principal granted lambda:InvokeFunctionUrl breaks"
			}
			risks = append(risks, r)
		}
	}
	sort.Slice(risks, func(i, j int) bool {
		if risks[i].Blocks != risks[j].Blocks {
			return risks[i].Blocks
		}
		if risks[i].Key != risks[j].Key {
			return risks[i].Key < risks[j].Key
		}
		return risks[i].LogicalID < risks[j].LogicalID
	})
	return risks
}

// changedProperties lists the top-level properties whose value differs.
func changedProperties(old, now Resource) []string {
	var names []string
	for _, name := range sortedKeys(old.Properties, now.Properties) {
		if !reflect.DeepEqual(old.Properties[name], now.Properties[name]) {
			names = append(names, name)
		}
	}
	return names
}

func sortedKeys(maps ...map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range maps {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// references lists the logical IDs a property value refers to with Ref,
// Fn::GetAtt or Fn::Sub.
func references(value any) []string {
	var ids []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if len(v) == 1 {
				if ref, ok := v["Ref"].(string); ok && !strings.HasPrefix(ref, "AWS::") {
					ids = append(ids, ref)
				}
				if att, ok := v["Fn::GetAtt"].([]any); ok && len(att) > 0 {
					if id, ok := att[0].(string); ok {
						ids = append(ids, id)
					}
				}
				if sub, ok := v["Fn::Sub"].(string); ok {
					ids = append(ids, subReferences(sub)...)
				}
			}
			for _, inner := range v {
				walk(inner)
			}
		case []any:
			for _, inner := range v {
				walk(inner)
			}
		}
	}
	walk(value)
	return ids
}

// subReferences lists the ${Name} and ${Name.Attribute} of an Fn::Sub string.
func subReferences(s string) []string {
	var ids []string
	for {
		start := strings.Index(s, "${")
		if start < 0 {
			return ids
		}
		end := strings.Index(s[start:], "}")
		if end < 0 {
			return ids
		}
		name := s[start+2 : start+end]
		if name != "" && !strings.HasPrefix(name, "!") && !strings.HasPrefix(name, "AWS::") {
			ids = append(ids, strings.SplitN(name, ".", 2)[0])
		}
		s = s[start+end+1:]
	}
}

// key names a resource by its stack and construct path, without the
// trailing "Resource" of L1 constructs; a resource without path metadata
// goes by its logical ID.
func key(stack, id string, r Resource) string {
	path, _ := r.Metadata["aws:cdk:path"].(string)
	if path == "" {
		return stack + "/" + id
	}
	return strings.TrimSuffix(path, "/Resource")
}

// consequences are the plain-words effect of replacing or removing each kind
// of resource that callers, releases or credentials depend on: these block.
var consequences = map[string]struct{ replaced, removed string }{
	"AWS::Lambda::Url": {
		"the Function URL (the public endpoint) changes: callers, bookmarks and any custom domain's CNAME pointing at the old URL stop working",
		"the Function URL (the public endpoint) is deleted: every caller breaks",
	},
	"AWS::Lambda::Alias": {
		"the alias is deleted and created again: a CodeDeploy release in flight breaks, and the URL and permissions on it are recreated",
		"the alias is deleted: a release in flight breaks, and whatever invokes it breaks",
	},
	"AWS::Lambda::Function": {
		"the function is replaced: its published versions are lost with it, a release in flight breaks, and there is no older version to roll back to",
		"the function is deleted with its versions",
	},
	"AWS::Logs::LogGroup": {
		"a new, empty log group takes over: the old logs are deleted with the old group",
		"the log group is deleted with its logs",
	},
	"AWS::SecretsManager::Secret": {
		"the secret is replaced: its value (the deploy access key) is deleted with the old one",
		"the secret is deleted with its value (the deploy access key)",
	},
	"AWS::IAM::AccessKey": {
		"a new access key is created and the old one deleted: whatever uses the old key (a CI system, a person) stops authenticating until it reads the new one",
		"the access key is deleted: whatever uses it (a CI system, a person) stops authenticating",
	},
	"AWS::IAM::OIDCProvider": {
		"the GitHub OIDC provider is replaced: GitHub Actions cannot assume any role that trusts the old provider's ARN",
		"the GitHub OIDC provider is deleted: GitHub Actions can no longer deploy or diff any stack in the account through it",
	},
	"AWS::IAM::User": {
		"the deploy user is replaced: its access keys and SSH keys are deleted with it",
		"the deploy user is deleted with its access keys and SSH keys",
	},
	"AWS::CodeDeploy::Application": {
		"the CodeDeploy application is replaced: a release in flight stops and the deployment history is lost",
		"the CodeDeploy application is deleted: releases stop, the deployment history is lost",
	},
	"AWS::CodeDeploy::DeploymentGroup": {
		"the deployment group is replaced: a release in flight stops and its deployment history is lost",
		"the deployment group is deleted: the alias is no longer shifted by CodeDeploy, the history is lost",
	},
	"AWS::CloudFront::Distribution": {
		"the distribution's domain changes: DNS records and callers pointing at the old domain break",
		"the distribution is deleted: the site's domain stops answering",
	},
	"AWS::ECR::Repository": {
		"the image repository is replaced: the images in it are deleted",
		"the image repository is deleted with its images",
	},
}

// notes say what replacing or removing the resources that do not block means.
var notes = map[string]struct{ replaced, removed string }{
	"AWS::Lambda::Permission": {
		"the permission is granted again, to the new resource it names",
		"the permission is revoked: the principal it names can no longer invoke through it",
	},
	"AWS::IAM::Policy": {
		"the policy is attached again: its permissions stay",
		"the policy is detached and deleted: its permissions are revoked",
	},
	"AWS::IAM::ManagedPolicy": {
		"a new managed policy takes over: its permissions stay",
		"the managed policy is deleted: its permissions are revoked",
	},
	"AWS::IAM::Role": {
		"the role is replaced: a new ARN, so whatever names the old ARN outside this stack loses access",
		"the role is deleted: whatever assumes it loses access",
	},
	"AWS::CloudWatch::Alarm": {
		"the alarm is created again: its history starts empty",
		"the alarm is deleted: CodeDeploy no longer rolls back on it",
	},
}

// consequence says what happens to a resource, in plain words, and whether
// it blocks.
func consequence(old Resource, effect impact) (what, consequence string, blocks bool) {
	retained := old.DeletionPolicy == "Retain" || old.DeletionPolicy == "RetainExceptOnCreate"
	if effect != removed {
		retained = old.UpdateReplacePolicy == "Retain"
	}
	switch effect {
	case removed:
		what = "removed"
	case replaced:
		what = "replaced"
	default:
		what = "may be replaced"
	}
	known, blocking := consequences[old.Type]
	switch {
	case retained && effect == removed:
		return what, "it leaves the stack but stays in the account (DeletionPolicy Retain), no longer managed", false
	case retained:
		return what, "a new one takes over; the old one stays in the account (UpdateReplacePolicy Retain), no longer managed", false
	case blocking && effect == removed:
		return what, known.removed, true
	case blocking:
		return what, known.replaced, true
	case old.Type == "AWS::Lambda::Version" && effect == removed:
		return what, "the new configuration publishes a new version; CloudFormation deletes the old one once the alias has moved on", false
	}
	if note, ok := notes[old.Type]; ok {
		if effect == removed {
			return what, note.removed, false
		}
		return what, note.replaced, false
	}
	if effect == removed {
		return what, "it is deleted", false
	}
	return what, "a new one is created, then the old one deleted", false
}
