package review

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
)

// SpecFile is where the pinned CDK CLI keeps the CloudFormation resource
// specification it decides replacements with, relative to the repository.
const SpecFile = "node_modules/aws-cdk/db.json.gz"

// Spec tells, per resource type and top-level property, whether changing the
// property replaces the resource: "yes", "maybe" (conditional), or absent
// (updated in place). It is the data `cdk diff` marks "replace" with, so the
// risk summary and the diff above it agree.
type Spec map[string]map[string]string

// LoadSpec reads the CLI's resource specification.
func LoadSpec(path string) (Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("review: the CloudFormation resource specification: %w (run npm ci)", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("review: %s: %w", path, err)
	}
	var db struct {
		Schema struct {
			Resource struct {
				Entities []struct {
					CloudFormationType string `json:"cloudFormationType"`
					Properties         map[string]struct {
						CausesReplacement string `json:"causesReplacement"`
					} `json:"properties"`
				} `json:"entities"`
			} `json:"resource"`
		} `json:"schema"`
	}
	if err := json.NewDecoder(gz).Decode(&db); err != nil {
		return nil, fmt.Errorf("review: %s: %w", path, err)
	}
	spec := Spec{}
	for _, resource := range db.Schema.Resource.Entities {
		props := map[string]string{}
		for name, p := range resource.Properties {
			if p.CausesReplacement != "" {
				props[name] = p.CausesReplacement
			}
		}
		spec[resource.CloudFormationType] = props
	}
	if len(spec) == 0 {
		return nil, fmt.Errorf("review: %s holds no resource types: the CLI's format changed", path)
	}
	return spec, nil
}

// replaces reports how changing a property affects a resource of a type.
func (s Spec) replaces(resourceType, property string) impact {
	switch s[resourceType][property] {
	case "yes":
		return replaced
	case "maybe":
		return mayBeReplaced
	}
	return updated
}
