package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// maxTrackedFileSize is the largest file the repository may track: source,
// settings and small test data fit far below it; a compiled binary, a cloud
// assembly or a vendored tree does not.
const maxTrackedFileSize = 1 << 20

// oversizedTrackedFiles lists the files git tracks (in the index) under dir
// that are larger than limit, as "path (N bytes)".
func oversizedTrackedFiles(dir string, limit int64) ([]string, error) {
	cmd := exec.Command("git", "ls-files", "-z", "--cached")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files in %s: %w", dir, err)
	}
	var paths []string
	var query bytes.Buffer
	for _, name := range bytes.Split(out, []byte{0}) {
		if len(name) > 0 {
			paths = append(paths, string(name))
			query.WriteString(":" + string(name) + "\n")
		}
	}
	cmd = exec.Command("git", "cat-file", "--batch-check=%(objectsize)")
	cmd.Dir = dir
	cmd.Stdin = &query
	sizes, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git cat-file in %s: %w", dir, err)
	}
	counts := strings.Fields(string(sizes))
	if len(paths) != len(counts) {
		return nil, fmt.Errorf("git cat-file gave %d sizes for %d files", len(counts), len(paths))
	}
	var big []string
	for i, path := range paths {
		var n int64
		if _, err := fmt.Sscan(counts[i], &n); err != nil {
			return nil, fmt.Errorf("size of %s: %q: %w", path, counts[i], err)
		}
		if n > limit {
			big = append(big, fmt.Sprintf("%s (%d bytes)", path, n))
		}
	}
	return big, nil
}

func gitAvailable(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	if err := exec.Command("git", "rev-parse", "--git-dir").Run(); err != nil {
		t.Skip("not a git checkout (a source archive): there is no index to read")
	}
}

// Nothing built is tracked: every file git tracks is at most 1 MiB.
func TestNoTrackedFileOverOneMiB(t *testing.T) {
	gitAvailable(t)
	big, err := oversizedTrackedFiles(".", maxTrackedFileSize)
	if err != nil {
		t.Fatal(err)
	}
	if len(big) > 0 {
		t.Errorf("tracked files over 1 MiB (a build output? untrack it with git rm --cached and ignore it):\n  %s",
			strings.Join(big, "\n  "))
	}
}

// The guard sees a large file as soon as it is staged, and lets a small one
// pass: it is checked against a repository of its own.
func TestOversizedTrackedFilesFindsAStagedBinary(t *testing.T) {
	gitAvailable(t)
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	write := func(name string, size int) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), bytes.Repeat([]byte{0x7f}, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("small.txt", maxTrackedFileSize)
	write("fastapi-lambda-cdk", maxTrackedFileSize+1)
	git("add", "small.txt", "fastapi-lambda-cdk")

	big, err := oversizedTrackedFiles(dir, maxTrackedFileSize)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("fastapi-lambda-cdk (%d bytes)", maxTrackedFileSize+1)
	if len(big) != 1 || big[0] != want {
		t.Errorf("oversizedTrackedFiles = %q, want [%q]", big, want)
	}
}

// Every tracked Go file is as gofmt writes it.
func TestGoFilesAreFormatted(t *testing.T) {
	gofmt, err := exec.LookPath("gofmt")
	if err != nil {
		t.Skip("gofmt is not on PATH (it ships with Go)")
	}
	listed, err := exec.Command("git", "ls-files", "*.go").Output()
	if err != nil {
		t.Fatal(err)
	}
	files := strings.Fields(string(listed))
	if len(files) < 50 {
		t.Fatalf("git ls-files found %d Go files: not the repository", len(files))
	}
	out, err := exec.Command(gofmt, append([]string{"-l"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("gofmt: %v\n%s", err, out)
	}
	if unformatted := strings.TrimSpace(string(out)); unformatted != "" {
		t.Errorf("not gofmt'd (run gofmt -w):\n%s", unformatted)
	}
}
