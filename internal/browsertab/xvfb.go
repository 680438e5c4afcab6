package browsertab

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// startXvfb runs a virtual X display for WebKitGTK's MiniBrowser, which has no headless
// mode. Xvfb picks a free display number itself and writes it to -displayfd, so two runs
// on one machine never collide; it listens on no TCP port.
func startXvfb(ctx context.Context) (*process, string, error) {
	bin, err := findBinary("WASMGEAR_XVFB", "Xvfb")
	if err != nil {
		return nil, "", err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	cmd := exec.Command(bin, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w} // fd 3 in the child
	p, err := startProcess(cmd, nil)
	w.Close()
	if err != nil {
		return nil, "", err
	}
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	select {
	case n := <-got:
		if n == "" {
			p.stop()
			return nil, "", fmt.Errorf("browsertab: Xvfb gave no display number:\n%s", p.output())
		}
		return p, ":" + n, nil
	case <-ctx.Done():
		p.stop()
		return nil, "", fmt.Errorf("browsertab: Xvfb not ready after %v:\n%s", startupTimeout, p.output())
	}
}
