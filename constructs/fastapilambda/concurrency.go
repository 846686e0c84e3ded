package fastapilambda

import "fmt"

// The rules between the concurrency props, stated once. They need no
// construct: a program that reads the props from its own settings runs
// CheckConcurrency first, to name its settings in the message (package
// settings does). Each value's own range (whole, from 1; the utilization's
// unit) is the caller's to check, as it writes the value its own way.

// ConcurrencyNames are the caller's names for the fields CheckConcurrency
// reads, used in its messages.
type ConcurrencyNames struct {
	// Floor is ProvisionedConcurrency's name; Ceiling,
	// ProvisionedConcurrencyMax's; Utilization,
	// ProvisionedConcurrencyUtilization's.
	Floor, Ceiling, Utilization string
	// Reserved names the reservation as the messages show it, with its
	// value, such as "ReservedConcurrentExecutions (10)".
	Reserved string
}

// Concurrency is what CheckConcurrency reads.
type Concurrency struct {
	// FloorSet, CeilingSet and UtilizationSet say the field is set, whatever
	// its value.
	FloorSet, CeilingSet, UtilizationSet bool
	// Floor, Ceiling and Reserved are the values to compare: nil when not
	// set, not known at synth, or refused by the value's own check (so that
	// a bad value gets one message, not a second one about what follows).
	Floor, Ceiling, Reserved *float64
}

// propNames are the construct's own names, as ServiceProps spells them.
func propNames(reserved float64) ConcurrencyNames {
	return ConcurrencyNames{
		Floor:       "ProvisionedConcurrency",
		Ceiling:     "ProvisionedConcurrencyMax",
		Utilization: "ProvisionedConcurrencyUtilization",
		Reserved:    fmt.Sprintf("ReservedConcurrentExecutions (%g)", reserved),
	}
}

// CheckConcurrency reports every rule the concurrency values break, one
// message each: auto scaling's ceiling needs its floor and its target
// needs the ceiling, the ceiling is not below the floor, and Lambda cannot
// keep more warm than the function may run (which Lambda itself refuses
// only half-way through a deploy).
func CheckConcurrency(c Concurrency, n ConcurrencyNames) []string {
	var problems []string
	if c.CeilingSet && !c.FloorSet {
		problems = append(problems, fmt.Sprintf("%s needs %s, the floor auto scaling keeps", n.Ceiling, n.Floor))
	}
	if c.UtilizationSet && !c.CeilingSet {
		problems = append(problems, fmt.Sprintf("%s needs %s: it is auto scaling's target", n.Utilization, n.Ceiling))
	}
	if c.Floor != nil && c.Ceiling != nil && *c.Ceiling < *c.Floor {
		problems = append(problems, fmt.Sprintf("%s must be at least %s (%g), got %g", n.Ceiling, n.Floor, *c.Floor, *c.Ceiling))
	}
	if c.Reserved == nil {
		return problems
	}
	for _, limit := range []struct {
		name  string
		value *float64
	}{{n.Floor, c.Floor}, {n.Ceiling, c.Ceiling}} {
		if limit.value != nil && *limit.value > *c.Reserved {
			problems = append(problems, fmt.Sprintf("%s must be at most %s: Lambda cannot keep more warm than the function may run, got %g",
				limit.name, n.Reserved, *limit.value))
		}
	}
	return problems
}

// SnapStartRule is the rule between SnapStart and provisioned concurrency,
// as CheckSnapStart words it.
const SnapStartRule = "Lambda restores a version from its snapshot or keeps it warm, not both"

// CheckSnapStart reports SnapStart with provisioned concurrency, which
// Lambda refuses on one version; snapStart and floor are the caller's
// names for the two.
func CheckSnapStart(snapStart, provisioned bool, snapStartName, floorName string) []string {
	if snapStart && provisioned {
		return []string{fmt.Sprintf("%s cannot be combined with %s: %s", snapStartName, floorName, SnapStartRule)}
	}
	return nil
}
