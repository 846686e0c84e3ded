// Command dockerfile-check runs BuildKit's Dockerfile checks, the ones behind
// `docker build --check`, on Dockerfiles, with no Docker daemon and no
// registry: base images resolve to an empty configuration. It prints each
// finding as FILE:LINE: RULE: detail and exits 1 if there is any.
//
//	dockerfile-check lambda-app/Dockerfile
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	digest "github.com/opencontainers/go-digest"
)

// offline answers every base image with an empty configuration, so the
// checks need no registry.
type offline struct{}

func (offline) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	return ref, digest.FromString(ref), []byte(`{"architecture":"arm64","os":"linux","config":{}}`), nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: dockerfile-check DOCKERFILE...")
		os.Exit(2)
	}
	findings := 0
	for _, file := range os.Args[1:] {
		n, err := check(os.Stdout, file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %s: %v\n", file, err)
			os.Exit(2)
		}
		findings += n
	}
	if findings > 0 {
		os.Exit(1)
	}
}

// check prints the findings on one Dockerfile and returns how many.
func check(w io.Writer, file string) (int, error) {
	dt, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	sourceMap := llb.NewSourceMap(nil, file, "Dockerfile", dt)
	sourceMap.Definition = &llb.Definition{}
	results, err := dockerfile2llb.DockerfileLint(context.Background(), dt, dockerfile2llb.ConvertOpt{
		SourceMap:    sourceMap,
		MetaResolver: offline{},
	})
	if err != nil {
		return 0, err
	}
	for _, warning := range results.Warnings {
		line := 0
		if warning.Location != nil && len(warning.Location.Ranges) > 0 {
			line = int(warning.Location.Ranges[0].Start.Line)
		}
		fmt.Fprintf(w, "%s:%d: %s: %s\n", file, line, warning.RuleName, warning.Detail)
	}
	if results.Error != nil {
		fmt.Fprintf(w, "%s: %s\n", file, results.Error.Message)
		return len(results.Warnings) + 1, nil
	}
	return len(results.Warnings), nil
}
