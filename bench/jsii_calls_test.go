package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fastapi-lambda-cdk/fastapi-lambda-cdk/internal/cdktest"
)

// maxJsiiCallsPerService bounds the jsii kernel requests that one more
// service (stack, service construct, deploy identity, outputs) costs: each is
// a round trip from Go to node, the part of synth time that TypeScript does
// not pay. Measured 77: 85 before the constructs read each CDK value once,
// 66 after the deploy identity took its stack and policy without extra calls,
// 69 with the confused-deputy conditions on the CodeDeploy role's trust (the
// application's name, its deployment groups' ARN, the account), 114 with the
// dashboard, saved queries and JSON log format, 100 once the service's
// name, stack and metric period were read once, 77 with the dashboard's
// body and the queries' text written in Go and handed over whole. A change that adds calls
// must raise this on purpose.
const maxJsiiCallsPerService = 77

// jsiiRequests runs bench/goapp for n services with the kernel's debug log on
// and counts the requests the Go side sent.
func jsiiRequests(t *testing.T, goApp string, n int) int {
	t.Helper()
	cmd := exec.Command(goApp)
	cmd.Dir = cdktest.RepoRoot()
	cmd.Env = append(os.Environ(), "JSII_DEBUG=1", "CDK_VALIDATION=false",
		"FASTAPI_SERVICES="+strconv.Itoa(n), "CDK_OUTDIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("bench/goapp with %d services: %v\n%s", n, err, stderr.String())
	}
	return strings.Count(stderr.String(), "\n> {")
}

func TestJsiiCallsPerService(t *testing.T) {
	goApp := filepath.Join(t.TempDir(), "goapp")
	build := exec.Command("go", "build", "-o", goApp, "./bench/goapp")
	build.Dir = cdktest.RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./bench/goapp: %v\n%s", err, out)
	}
	one, three := jsiiRequests(t, goApp, 1), jsiiRequests(t, goApp, 3)
	perService := (three - one) / 2
	t.Logf("jsii requests: %d for 1 service, %d for 3: %d per extra service", one, three, perService)
	if perService <= 0 {
		t.Fatalf("counted %d and %d requests: the debug log format changed", one, three)
	}
	if perService > maxJsiiCallsPerService {
		t.Fatalf("each service costs %d jsii requests, more than %d: every request is a round trip to node", perService, maxJsiiCallsPerService)
	}
}
