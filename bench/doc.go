// Package bench holds the benchmarks whose figures the README quotes. They
// time whole commands (cdk synth, make test) as a person runs them, so they
// run only with -bench, through `make bench`. The one test here counts the
// jsii requests each service costs.
package bench
