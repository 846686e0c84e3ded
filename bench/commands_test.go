package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// run executes a command from the repository root with the repository's
// toolchain first on PATH, failing the benchmark if it fails.
func run(b *testing.B, root string, name string, args ...string) {
	b.Helper()
	toolchain := filepath.Join(root, "node_modules", ".bin")
	if _, err := os.Stat(filepath.Join(toolchain, name)); err == nil {
		name = filepath.Join(toolchain, name)
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		"PATH="+toolchain+string(os.PathListSeparator)+os.Getenv("PATH"),
		"CDK_DISABLE_CLI_TELEMETRY=true",
	)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// BenchmarkSynth times `make synth` and the `cdk synth` inside it (the Go
// app's binary) against `cdk synth` of the same resources written in
// TypeScript (bench/typescript/app.ts), with the same CLI, the same
// aws-cdk-lib and CloudFormation validation on in both. The three alternate
// in each iteration, so drift on a shared machine hits all alike; it reports
// the median seconds of each and the ratios to TypeScript.
func BenchmarkSynth(b *testing.B) {
	root := cdktest.RepoRoot()
	apps := []string{
		filepath.Join(root, "bin", "fastapi-lambda-cdk"),
		"node bench/typescript/app.ts",
	}
	out := b.TempDir()
	synth := func(app string) time.Duration {
		start := time.Now()
		run(b, root, "cdk", "--no-notices", "synth", "--quiet", "--app", app, "-o", out)
		return time.Since(start)
	}
	for _, app := range apps {
		synth(app) // warm caches
	}
	makeSynth := func() time.Duration {
		start := time.Now()
		run(b, root, "make", "--no-print-directory", "synth")
		return time.Since(start)
	}
	makeSynth()
	var makeTimes, goTimes, tsTimes []float64
	b.ResetTimer()
	for range b.N {
		makeTimes = append(makeTimes, makeSynth().Seconds())
		goTimes = append(goTimes, synth(apps[0]).Seconds())
		tsTimes = append(tsTimes, synth(apps[1]).Seconds())
	}
	makeMedian, goMedian, tsMedian := median(makeTimes), median(goTimes), median(tsTimes)
	b.ReportMetric(makeMedian, "make-synth-s")
	b.ReportMetric(goMedian, "go-cdk-synth-s")
	b.ReportMetric(tsMedian, "typescript-cdk-synth-s")
	b.ReportMetric(makeMedian/tsMedian, "make-synth/typescript")
	b.ReportMetric(goMedian/tsMedian, "go/typescript")
}

// BenchmarkSynthScale times `cdk synth` of 1, 10 and 50 services, one stack
// each, written in Go (bench/goapp, through stacks.NewServiceStack) and in
// TypeScript (bench/typescript/app.ts with FASTAPI_SERVICES), same CLI, same
// aws-cdk-lib, CloudFormation validation on. The two alternate in each round;
// it reports the median seconds of each, their ratio, and the cost of each
// service beyond the first (the slope between 1 and 50 services).
func BenchmarkSynthScale(b *testing.B) {
	root := cdktest.RepoRoot()
	goApp := filepath.Join(root, "bin", "bench-goapp")
	run(b, root, "go", "build", "-o", goApp, "./bench/goapp")
	out := b.TempDir()
	synth := func(app string, services int) time.Duration {
		os.Setenv("FASTAPI_SERVICES", strconv.Itoa(services))
		start := time.Now()
		run(b, root, "cdk", "--no-notices", "synth", "--quiet", "--app", app, "-o", out)
		return time.Since(start)
	}
	medians := map[int][2]float64{}
	for _, services := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("services=%d", services), func(b *testing.B) {
			synth(goApp, services) // warm caches
			synth("node bench/typescript/app.ts", services)
			var goTimes, tsTimes []float64
			for range b.N {
				goTimes = append(goTimes, synth(goApp, services).Seconds())
				tsTimes = append(tsTimes, synth("node bench/typescript/app.ts", services).Seconds())
			}
			goMedian, tsMedian := median(goTimes), median(tsTimes)
			medians[services] = [2]float64{goMedian, tsMedian}
			b.ReportMetric(goMedian, "go-s")
			b.ReportMetric(tsMedian, "typescript-s")
			b.ReportMetric(goMedian/tsMedian, "go/typescript")
		})
	}
	if one, fifty := medians[1], medians[50]; one[0] > 0 && fifty[0] > 0 {
		b.ReportMetric((fifty[0]-one[0])/49*1000, "go-ms/service")
		b.ReportMetric((fifty[1]-one[1])/49*1000, "typescript-ms/service")
	}
}

func median(values []float64) float64 {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// BenchmarkMakeTest times the README's test command on a warm machine (build
// cache filled): "rerun" lets go test reuse the results of unchanged packages,
// as a developer rerunning it sees; "full" runs every test (-count=1).
func BenchmarkMakeTest(b *testing.B) {
	root := cdktest.RepoRoot()
	run(b, root, "make", "test") // warm the build cache
	for _, mode := range []struct{ name, goflags string }{{"rerun", ""}, {"full", "-count=1"}} {
		b.Run(mode.name, func(b *testing.B) {
			b.Setenv("GOFLAGS", mode.goflags)
			for range b.N {
				run(b, root, "make", "test")
			}
		})
	}
}
