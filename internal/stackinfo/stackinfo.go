// Package stackinfo reads what the constructs need of their stack (account,
// region, partition, name) from CDK once per stack, for every construct in
// it: each read is a round trip from Go to the jsii kernel, the part of
// synth time that grows with each service.
package stackinfo

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// Info is one stack's values, each read when first asked for. A value may
// be a token (an environment-agnostic stack's account or region), which CDK
// resolves wherever the string is used.
type Info struct {
	stack                            awscdk.Stack
	mu                               sync.Mutex
	account, region, partition, name *string
}

var (
	mu      sync.Mutex
	byStack = map[awscdk.Stack]*Info{}
)

// Of returns the Info of stack, shared by every caller that passes the same
// stack value.
func Of(stack awscdk.Stack) *Info {
	mu.Lock()
	defer mu.Unlock()
	info, ok := byStack[stack]
	if !ok {
		info = &Info{stack: stack}
		byStack[stack] = info
	}
	return info
}

func (i *Info) read(field **string, get func() *string) string {
	i.mu.Lock()
	defer i.mu.Unlock()
	if *field == nil {
		*field = get()
	}
	return **field
}

// Account is the stack's account.
func (i *Info) Account() string { return i.read(&i.account, i.stack.Account) }

// Region is the stack's region.
func (i *Info) Region() string { return i.read(&i.region, i.stack.Region) }

// Partition is the stack's partition.
func (i *Info) Partition() string { return i.read(&i.partition, i.stack.Partition) }

// Name is the stack's name.
func (i *Info) Name() string { return i.read(&i.name, i.stack.StackName) }
