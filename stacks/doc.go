// Package stacks composes the constructs of this repository into deployable
// stacks. It reads no environment, context or files of its own: app.go passes
// everything in through props.
package stacks
