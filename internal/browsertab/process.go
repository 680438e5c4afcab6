package browsertab

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"
)

// startupTimeout bounds every wait for a browser, driver or display to come up: on a busy
// 2-core machine Firefox takes a few seconds, and a browser that never answers must fail
// the run with a message, not hang it.
const startupTimeout = 90 * time.Second

// findBinary returns $env when set, else the first of names on PATH.
func findBinary(env string, names ...string) (string, error) {
	if p := os.Getenv(env); p != "" {
		return p, nil
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("browsertab: none of %v found: install it (make test does) or set %s", names, env)
}

// process is a child the engine owns: the browser, its driver or the display server.
type process struct {
	cmd  *exec.Cmd
	done chan struct{}

	mu   sync.Mutex // guards tail
	tail []string   // the last lines of its output, for error messages
}

// startProcess runs cmd with its stdout and stderr read line by line; watch, when not nil,
// sees every line.
func startProcess(cmd *exec.Cmd, watch func(line string)) (*process, error) {
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("browsertab: starting %s: %w", cmd.Path, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		pw.Close()
		close(p.done)
	}()
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			if p.tail = append(p.tail, line); len(p.tail) > 20 {
				p.tail = p.tail[1:]
			}
			p.mu.Unlock()
			if watch != nil {
				watch(line)
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	return p, nil
}

// output is the last lines the process printed.
func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.tail, "\n")
}

// stop kills the process and waits for it.
func (p *process) stop() {
	if p == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// waitForLine starts cmd and returns the first submatch of re in its output, or an error
// that quotes the output when the process exits or the timeout passes first.
func waitForLine(ctx context.Context, cmd *exec.Cmd, re *regexp.Regexp) (*process, string, error) {
	found := make(chan string, 1)
	p, err := startProcess(cmd, func(line string) {
		if m := re.FindStringSubmatch(line); m != nil {
			select {
			case found <- m[1]:
			default:
			}
		}
	})
	if err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	select {
	case s := <-found:
		return p, s, nil
	case <-p.done:
		return nil, "", fmt.Errorf("browsertab: %s exited before it was ready:\n%s", cmd.Path, p.output())
	case <-ctx.Done():
		p.stop()
		return nil, "", fmt.Errorf("browsertab: %s not ready after %v: %w\n%s", cmd.Path, startupTimeout, ctx.Err(), p.output())
	}
}

// errStopped is returned for commands sent after an engine's Close.
var errStopped = errors.New("browsertab: the engine is closed")
