package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is the reference server's real binary, running as a child
// process on loopback with a fresh SQLite file.
type server struct {
	cmd   *exec.Cmd
	base  string // http://127.0.0.1:port
	admin string // the admin token it printed on its first start
	db    string // the SQLite file
	log   string // where its standard error goes
	done  chan struct{}
	err   error // its exit, once done is closed
}

var listeningLine = regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)

// adminLine is how the first start prints its one-time admin token.
const adminLine = "admin token (shown once): "

// startServer starts bin on 127.0.0.1 with a fresh SQLite file in dir and
// no portal probes (they would reach the internet), and waits until it
// listens, has printed its admin token and answers /readyz.
func startServer(ctx context.Context, bin, dir string) (*server, error) {
	s := &server{db: filepath.Join(dir, "govops.db"), log: filepath.Join(dir, "refserver.log"), done: make(chan struct{})}
	logFile, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, "-addr", "127.0.0.1:0", "-db", s.db, "-log-format", "json", "-probe-every", "0")
	s.cmd.Env = append(os.Environ(), "GOVOPS_LOG_LEVEL=info")
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	admin, addr := make(chan string, 1), make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if tok, ok := strings.CutPrefix(sc.Text(), adminLine); ok {
				admin <- tok
			}
		}
	}()
	go func() {
		// Every line goes to the log file; the first "listening" line
		// gives the address.
		defer logFile.Close()
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		found := false
		for sc.Scan() {
			line := sc.Bytes()
			logFile.Write(line)
			logFile.Write([]byte{'\n'})
			if !found {
				if m := listeningLine.FindSubmatch(line); m != nil {
					addr <- string(m[1])
					found = true
				}
			}
		}
		_, _ = io.Copy(logFile, stderr)
	}()
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	fail := func(err error) (*server, error) {
		s.kill()
		return nil, err
	}
	select {
	case a := <-addr:
		s.base = "http://" + a
	case <-s.done:
		return fail(fmt.Errorf("the server exited before it listened (%v); its log: %s", s.err, s.log))
	case <-time.After(60 * time.Second):
		return fail(fmt.Errorf("the server logged no listening address within 60 s; its log: %s", s.log))
	case <-ctx.Done():
		return fail(ctx.Err())
	}
	select {
	case tok := <-admin:
		s.admin = tok
	case <-time.After(10 * time.Second):
		return fail(errors.New("the server printed no admin token on its first start"))
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(s.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			return fail(fmt.Errorf("the server was not ready within 30 s (%v)", err))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pid is the server's process ID.
func (s *server) pid() int { return s.cmd.Process.Pid }

// stop sends SIGTERM and waits up to 30 s for the server to end. It
// returns nil only when the server ended with exit status 0.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case <-s.done:
		if s.err != nil {
			return fmt.Errorf("the server ended with %v after SIGTERM", s.err)
		}
		return nil
	case <-time.After(30 * time.Second):
		s.kill()
		return errors.New("the server did not end within 30 s of SIGTERM")
	}
}

// kill ends the server at once, if it still runs.
func (s *server) kill() {
	select {
	case <-s.done:
	default:
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// dbBytes is the size of the SQLite file with its write-ahead log.
func (s *server) dbBytes() int64 {
	var n int64
	for _, p := range []string{s.db, s.db + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// procStatus returns a memory figure of pid from /proc/<pid>/status in
// bytes: VmRSS (its resident set), RssAnon (the anonymous part of it) or
// VmHWM (the most it has held).
func procStatus(pid int, field string) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), field+":")
		if !ok {
			continue
		}
		f := strings.Fields(rest) // "52480 kB"
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("/proc/%d/status: %s line %q", pid, field, sc.Text())
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/status: %s line %q", pid, field, sc.Text())
		}
		return kb << 10, nil
	}
	return 0, fmt.Errorf("/proc/%d/status has no %s", pid, field)
}

// runtimeState is the answer of GET /api/v1/admin/runtime.
type runtimeState struct {
	Goroutines    int   `json:"goroutines"`
	HeapBytes     int64 `json:"heap_bytes"`
	HeapGoalBytes int64 `json:"heap_goal_bytes"`
	RuntimeBytes  int64 `json:"runtime_bytes"`
	GCCycles      int64 `json:"gc_cycles"`
	RSSBytes      int64 `json:"rss_bytes"`
}

// runtimeOf reads the server's runtime endpoint on a connection of its own,
// closed after, so that the reading leaves no idle connection behind.
func (s *server) runtimeOf(ctx context.Context) (runtimeState, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/api/v1/admin/runtime", nil)
	if err != nil {
		return runtimeState{}, err
	}
	req.Header.Set("Authorization", "Bearer "+s.admin)
	req.Close = true
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return runtimeState{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return runtimeState{}, err
	}
	if res.StatusCode != http.StatusOK {
		return runtimeState{}, fmt.Errorf("GET /api/v1/admin/runtime: %s: %s", res.Status, body)
	}
	var st runtimeState
	if err := json.Unmarshal(body, &st); err != nil {
		return runtimeState{}, fmt.Errorf("GET /api/v1/admin/runtime: %w", err)
	}
	return st, nil
}
