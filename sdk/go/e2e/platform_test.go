// Package e2e runs the SDK against a real `cpod dev`: `node bin/cpod.js dev` from the
// repository root on free ports with a throwaway data dir, started once for the package as
// test/helpers/dev-platform.ts and the Python SDK's e2e conftest start it. It is skipped only
// when node or bin/cpod.js is missing, and never under CI=true (there it fails instead), or
// on purpose with -short.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	banner       = "cPod dev is running"
	startTimeout = 150 * time.Second
)

// dropped: stores are the embedded ones, as on a fresh machine, whatever the shell exports.
var dropped = regexp.MustCompile(`^CPOD_(.*_URL|S3_.*|MASTER_KEY.*|ADMIN_TOKEN)$|^CORESDK_`)

// platform is the running dev platform's dev app, from <data dir>/dev-credentials.json.
type platform struct {
	BaseURL      string `json:"base_url"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	TenantID     string `json:"tenant_id"`
	AdminToken   string `json:"admin_token"`
}

var dev *platform

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		fmt.Fprintln(os.Stderr, "e2e: skipped: -short")
		return 0
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		panic(err)
	}
	if reason := unavailable(root); reason != "" {
		if os.Getenv("CI") == "true" {
			fmt.Fprintf(os.Stderr, "e2e: %s, and CI=true requires the end-to-end tests\n", reason)
			return 1
		}
		fmt.Fprintf(os.Stderr, "e2e: skipped: %s\n", reason)
		return 0
	}
	p, stop, err := start(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer stop()
	dev = p
	return m.Run()
}

func unavailable(root string) string {
	if _, err := exec.LookPath("node"); err != nil {
		return "node is not on PATH"
	}
	if _, err := os.Stat(filepath.Join(root, "bin", "cpod.js")); err != nil {
		return "bin/cpod.js not found"
	}
	return ""
}

func start(root string) (*platform, func(), error) {
	work, err := os.MkdirTemp("", "cpod-gosdk-")
	if err != nil {
		return nil, nil, err
	}
	// As root, cpod dev runs its embedded PostgreSQL as nobody, who must pass through here.
	if err := os.Chmod(work, 0o711); err != nil {
		return nil, nil, err
	}
	var log bytes.Buffer
	cmd := exec.Command("node", filepath.Join(root, "bin", "cpod.js"), "dev")
	cmd.Dir = root
	cmd.Env = childEnv(filepath.Join(work, "data"))
	w := &syncWriter{buf: &log}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGINT) // as Ctrl-C would
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		_ = os.RemoveAll(work)
	}
	deadline := time.Now().Add(startTimeout)
	for !strings.Contains(w.String(), banner) {
		select {
		case err := <-exited:
			_ = os.RemoveAll(work)
			return nil, nil, fmt.Errorf("cpod dev exited (%v):\n%s", err, w.String())
		case <-time.After(300 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			return nil, nil, fmt.Errorf("cpod dev did not start within %v:\n%s", startTimeout, w.String())
		}
	}
	raw, err := os.ReadFile(filepath.Join(work, "data", "dev-credentials.json"))
	var p platform
	if err == nil {
		err = json.Unmarshal(raw, &p)
	}
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("dev credentials: %w", err)
	}
	return &p, stop, nil
}

func childEnv(dataDir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !dropped.MatchString(name) {
			env = append(env, kv)
		}
	}
	return append(env,
		"CPOD_DATA_DIR="+dataDir,
		"CPOD_GATEWAY_ADDR=127.0.0.1:0",
		"CPOD_CONTROL_PLANE_ADDR=127.0.0.1:0",
		"CORESDK_LISTEN_ADDR=[::1]:0",
		"CORESDK_METRICS_ADDR=127.0.0.1:0",
	)
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
