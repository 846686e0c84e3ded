// Package summary renders the one-screen summary of a synthesized template
// that `make synth` ends with: each resource's type and logical ID, then the
// outputs with their descriptions.
package summary

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

type template struct {
	Resources map[string]struct {
		Type string `json:"Type"`
	} `json:"Resources"`
	Outputs map[string]struct {
		Description string `json:"Description"`
	} `json:"Outputs"`
}

// Write prints the summary of the template read from raw, resources sorted by
// type then logical ID, outputs by name.
func Write(w io.Writer, name string, raw []byte) error {
	var t template
	if err := json.Unmarshal(raw, &t); err != nil {
		return fmt.Errorf("summary: %s: %w", name, err)
	}
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := t.Resources[ids[i]].Type, t.Resources[ids[j]].Type
		if a != b {
			return a < b
		}
		return ids[i] < ids[j]
	})
	fmt.Fprintf(w, "%s: %d resources\n", name, len(ids))
	for _, id := range ids {
		fmt.Fprintf(w, "  %-36s %s\n", t.Resources[id].Type, id)
	}
	outputs := make([]string, 0, len(t.Outputs))
	for id := range t.Outputs {
		outputs = append(outputs, id)
	}
	sort.Strings(outputs)
	for _, id := range outputs {
		if description := t.Outputs[id].Description; description != "" {
			fmt.Fprintf(w, "  output %s: %s\n", id, description)
		} else {
			fmt.Fprintf(w, "  output %s\n", id)
		}
	}
	return nil
}
