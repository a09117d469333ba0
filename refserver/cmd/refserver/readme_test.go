package main_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// readmeCommand is one line of a README code block that runs refserver.
type readmeCommand struct {
	line int    // where it starts in README.md
	text string // as written, continuation lines joined
}

// refserverPrefixes are the ways the README invokes the command.
var refserverPrefixes = [][]string{{"go", "run", "./refserver/cmd/refserver"}, {"refserver"}}

// TestREADME_Commands runs, in order and on one fresh database, every line
// of README.md's sh (bash, shell) code blocks that invokes refserver (`go run
// ./refserver/cmd/refserver …`), through the in-process Main, so that the
// README cannot show a command that fails. The first start ("serve") runs
// on port 0 and is stopped once it listens. The lines may use the little
// shell the README needs: quotes, trailing comments, continuation lines,
// `NAME=$(refserver … | filter)` (the filter runs in sh) and `$NAME`.
// Anything else on a refserver line fails the test rather than being
// skipped.
func TestREADME_Commands(t *testing.T) {
	cmds := readmeCommands(t, filepath.Join("..", "..", "..", "README.md"))
	if len(cmds) < 8 {
		t.Fatalf("found %d refserver commands in README.md; the extraction is broken: %v", len(cmds), cmds)
	}
	db := tempDB(t)
	sh := &readmeShell{t: t, db: db, vars: map[string]string{}}
	served := 0
	for _, c := range cmds {
		out, err := sh.run(c)
		if err != nil {
			t.Fatalf("README.md:%d: %s\n%v\n%s", c.line, c.text, err, out)
		}
		t.Logf("README.md:%d: %s\n%s", c.line, c.text, out)
		if sh.served > served {
			served = sh.served
			if served == 1 && !strings.Contains(out, "admin token (shown once): gvo_") {
				t.Fatalf("README.md:%d: the first start printed no admin token: %q", c.line, out)
			}
		}
	}
	if served == 0 {
		t.Fatal("README.md shows no command that starts the server")
	}
	// What the README says its commands did.
	list, err := runCommand(t, db, "department", "list")
	if err != nil || !strings.Contains(list, "跃进街道") {
		t.Fatalf("department list after the README: %q, %v", list, err)
	}
	tokens, err := runCommand(t, db, "token", "list")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range strings.Split(tokens, "\n") {
		if f := strings.Fields(row); len(f) > 2 && f[1] == "跃进街道" && strings.Count(row, "+08:00") != 2 {
			t.Fatalf("the README's token revoke did not revoke 跃进街道's token:\n%s", tokens)
		}
	}
}

// readmeCommands returns the refserver lines of path's sh, bash and shell
// code blocks.
func readmeCommands(tb testing.TB, path string) []readmeCommand {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out []readmeCommand
	inSh, fence := false, ""
	var cur *readmeCommand
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			switch {
			case fence == "":
				lang := strings.TrimPrefix(trimmed, "```")
				fence, inSh = "```", lang == "sh" || lang == "bash" || lang == "shell"
			default:
				fence, inSh = "", false
			}
			cur = nil
			continue
		}
		if !inSh {
			continue
		}
		if cur != nil {
			cur.text += " " + strings.TrimSuffix(trimmed, `\`)
		} else {
			cur = &readmeCommand{line: n, text: strings.TrimSuffix(trimmed, `\`)}
		}
		if strings.HasSuffix(trimmed, `\`) {
			continue
		}
		if invokesRefserver(cur.text) {
			out = append(out, *cur)
		}
		cur = nil
	}
	return out
}

var refserverCall = regexp.MustCompile(`(^|\$\(|[;&|]\s*)\s*(go run \./refserver/cmd/refserver|refserver)(\s|\)|$)`)

func invokesRefserver(text string) bool { return refserverCall.MatchString(text) }

// readmeShell runs README lines: refserver in-process on db, filters in sh.
type readmeShell struct {
	t      *testing.T
	db     string
	vars   map[string]string
	served int    // how many times serve ran
	stdin  string // the standard input of the command run
}

// echoInto matches a line that pipes a quoted literal into refserver
// (echo 'secret' | refserver password-check): the literal is its standard
// input.
var echoInto = regexp.MustCompile(`^echo '([^']*)' \| (.*)$`)

// run runs one line and returns what it printed.
func (s *readmeShell) run(c readmeCommand) (string, error) {
	text := stripComment(c.text)
	if m := echoInto.FindStringSubmatch(text); m != nil {
		words, err := s.words(m[2])
		if err != nil {
			return "", err
		}
		s.stdin = m[1] + "\n"
		defer func() { s.stdin = "" }()
		return s.refserver(words)
	}
	words, err := s.words(text)
	if err != nil {
		return "", err
	}
	if len(words) == 1 {
		if name, value, ok := strings.Cut(words[0], "="); ok && validVarName(name) {
			s.vars[name] = value
			return name + "=" + value, nil
		}
	}
	return s.refserver(words)
}

// refserver runs words, which must invoke refserver, in-process.
func (s *readmeShell) refserver(words []string) (string, error) {
	var args []string
	for _, p := range refserverPrefixes {
		if len(words) >= len(p) && slices.Equal(words[:len(p)], p) {
			args = words[len(p):]
			break
		}
	}
	if args == nil {
		return "", fmt.Errorf("not a refserver command the test can run: %q", words)
	}
	if commandOf(args) == "serve" {
		s.served++
		p := MustRunMain(s.t, s.db, args...)
		out := p.Stdout.String()
		return out, p.Stop(s.t)
	}
	if s.stdin != "" {
		return runCommandIn(s.t, s.db, s.stdin, args...)
	}
	return runCommand(s.t, s.db, args...)
}

// commandOf returns the command of a refserver command line: its first
// argument that is neither a global flag nor a flag's value, "serve" when
// there is none. Every global flag takes a value.
func commandOf(args []string) string {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case strings.HasPrefix(a, "-"):
			if !strings.Contains(a, "=") {
				i++
			}
		default:
			return a
		}
	}
	return "serve"
}

// words splits a line as sh would, for the syntax the README uses:
// whitespace, '…' and "…" quotes, $NAME, ${NAME} and $(…) (in which a
// refserver command may be piped into a filter). Anything else that sh
// would treat specially is an error, so that a README line the test cannot
// run is not passed over.
func (s *readmeShell) words(line string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			out = append(out, cur.String())
		}
		cur.Reset()
		inWord = false
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			flush()
		case c == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated ' in %q", line)
			}
			cur.WriteString(line[i+1 : i+1+j])
			inWord, i = true, i+1+j
		case c == '"':
			j := strings.IndexByte(line[i+1:], '"')
			if j < 0 {
				return nil, fmt.Errorf("unterminated \" in %q", line)
			}
			v, err := s.expand(line[i+1 : i+1+j])
			if err != nil {
				return nil, err
			}
			cur.WriteString(v)
			inWord, i = true, i+1+j
		case c == '$':
			v, n, err := s.dollar(line[i:])
			if err != nil {
				return nil, err
			}
			i += n - 1
			// An unquoted expansion is split into fields.
			fields := strings.Fields(v)
			for k, f := range fields {
				if k > 0 {
					flush()
				}
				cur.WriteString(f)
				inWord = true
			}
		case strings.IndexByte("|&;<>()`\\*?[]{}~", c) >= 0:
			return nil, fmt.Errorf("the README test does not run %q: %q in %q", string(c), line[i:], line)
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	flush()
	return out, nil
}

// expand expands $NAME, ${NAME} and $(…) inside double quotes.
func (s *readmeShell) expand(text string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			b.WriteByte(text[i])
			continue
		}
		v, n, err := s.dollar(text[i:])
		if err != nil {
			return "", err
		}
		b.WriteString(v)
		i += n - 1
	}
	return b.String(), nil
}

var varRef = regexp.MustCompile(`^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})`)

// dollar evaluates the expansion at the start of text and returns its
// value and length.
func (s *readmeShell) dollar(text string) (string, int, error) {
	if m := varRef.FindStringSubmatch(text); m != nil {
		name := m[1] + m[2]
		v, ok := s.vars[name]
		if !ok {
			return "", 0, fmt.Errorf("$%s is used before the README sets it", name)
		}
		return v, len(m[0]), nil
	}
	if !strings.HasPrefix(text, "$(") {
		return "", 0, fmt.Errorf("the README test does not run %q", text)
	}
	end, err := closingParen(text)
	if err != nil {
		return "", 0, err
	}
	out, err := s.substitute(text[2:end])
	if err != nil {
		return "", 0, err
	}
	return strings.TrimRight(out, "\n"), end + 1, nil
}

// closingParen returns the index of the ")" that closes the "$(" at the
// start of text, skipping quoted text.
func closingParen(text string) (int, error) {
	depth := 0
	for i := 1; i < len(text); i++ {
		switch text[i] {
		case '\'', '"':
			j := strings.IndexByte(text[i+1:], text[i])
			if j < 0 {
				return 0, fmt.Errorf("unterminated %c in %q", text[i], text)
			}
			i += 1 + j
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("unterminated $( in %q", text)
}

// substitute runs the text of a $(…): a refserver command, which may be
// piped into a filter that sh runs on its output.
func (s *readmeShell) substitute(text string) (string, error) {
	cmd, filter := splitPipe(text)
	words, err := s.words(cmd)
	if err != nil {
		return "", err
	}
	out, err := s.refserver(words)
	if err != nil || filter == "" {
		return out, err
	}
	sh := exec.Command("sh", "-c", filter)
	sh.Stdin = strings.NewReader(out)
	var stderr bytes.Buffer
	sh.Stderr = &stderr
	filtered, err := sh.Output()
	if err != nil {
		return "", fmt.Errorf("%s: %v: %s", filter, err, stderr.String())
	}
	return string(filtered), nil
}

// splitPipe splits text at its first "|" outside quotes.
func splitPipe(text string) (cmd, filter string) {
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\'', '"':
			if j := strings.IndexByte(text[i+1:], text[i]); j >= 0 {
				i += 1 + j
			}
		case '|':
			return strings.TrimSpace(text[:i]), strings.TrimSpace(text[i+1:])
		}
	}
	return strings.TrimSpace(text), ""
}

// stripComment drops a trailing "# …" that stands outside quotes after
// whitespace, as sh does.
func stripComment(line string) string {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\'', '"':
			if j := strings.IndexByte(line[i+1:], line[i]); j >= 0 {
				i += 1 + j
			}
		case '#':
			if i == 0 || line[i-1] == ' ' || line[i-1] == '\t' {
				return strings.TrimSpace(line[:i])
			}
		}
	}
	return strings.TrimSpace(line)
}

var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func validVarName(s string) bool { return varName.MatchString(s) }

// TestREADME_Tour runs the sh blocks of README.md's "A 60-second tour",
// "The hotline in the same terminal", "Licenses in the same terminal",
// "Data sharing in the same terminal", "The extranet and its operations in
// the same terminal", "Network security in the same terminal" and
// "Government websites and new media in the same terminal" with bash, curl
// and jq against the server in-process (with -portal-allow-private, as the
// README says to start it for the portal steps), on 27 November 2026 (the
// run the README quotes), with refserver the program itself in a process
// of its own and the site of step 42 served from the folder the tour
// writes, and checks that every request but step 8's deliberate stale
// write, step 29's overlapping prefix and step 40's credential succeeded,
// that the case trail reads as the README shows it, that the roster of
// step 33 finds the gap the README quotes, and that the security and
// portal steps print what the README quotes. It is skipped where bash,
// curl or jq is missing.
func TestREADME_Tour(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the README tour needs bash, curl and jq", tool)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	tour := sectionBlocks(t, string(readme), "### A 60-second tour", "sh") +
		sectionBlocks(t, string(readme), "### The hotline in the same terminal", "sh") +
		sectionBlocks(t, string(readme), "### Licenses in the same terminal", "sh") +
		sectionBlocks(t, string(readme), "### Data sharing in the same terminal", "sh") +
		sectionBlocks(t, string(readme), "### The extranet and its operations in the same terminal", "sh") +
		sectionBlocks(t, string(readme), "### Network security in the same terminal", "sh") +
		sectionBlocks(t, string(readme), "### Government websites and new media in the same terminal", "sh")
	if !strings.Contains(tour, "export ADMIN=") || !strings.Contains(tour, "http://localhost:8080/api/v1") {
		t.Fatalf("the tour no longer sets ADMIN and API as this test expects:\n%s", tour)
	}
	start := time.Date(2026, 11, 27, 15, 30, 0, 0, time.FixedZone("CST", 8*3600))
	// The portal steps crawl a site on this machine, as the README says to
	// start the server for them.
	p := MustRunMainAt(t, tempDB(t), start, "-portal-allow-private")
	// The site of step 42, which the tour writes into its folder: served
	// here instead of by Python's http.server, on a port of its own.
	dir := t.TempDir()
	site := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(dir, "portal-site"))))
	t.Cleanup(site.Close)
	var script strings.Builder
	statusLog := filepath.Join(t.TempDir(), "status")
	fmt.Fprintf(&script, "set -euo pipefail\nexport ADMIN=%s\n", p.AdminToken(t))
	// The shell's "this month" is the server's.
	fmt.Fprintf(&script, "date() { command date -d @%d \"$@\"; }\n", start.Unix())
	// refserver is this test binary, running the program (see TestMain).
	fmt.Fprintf(&script, "refserver() { %s=1 %q \"$@\"; }\n", runMainEnv, os.Args[0])
	// Each answer's status goes to the log, out of jq's way.
	fmt.Fprintf(&script, "curl() { command curl --write-out '%%{stderr}%%{http_code}\\n' \"$@\" 2>>%q; }\n", statusLog)
	for _, line := range strings.Split(tour, "\n") {
		if strings.HasPrefix(line, "export ADMIN=") || strings.HasPrefix(line, "python3 -m http.server") || line == "kill $SITE_PID" {
			continue
		}
		line = strings.ReplaceAll(line, "http://127.0.0.1:8000", site.URL)
		script.WriteString(strings.ReplaceAll(line, "http://localhost:8080", p.URL) + "\n")
	}
	cmd := exec.Command("bash", "-c", script.String())
	cmd.Dir = dir // the files the tour writes
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		statuses, _ := os.ReadFile(statusLog)
		t.Fatalf("the tour failed: %v\n%s\nstatuses, in order: %s\nit printed:\n%s", err, stderr.String(), strings.Fields(string(statuses)), stdout.String())
	}
	t.Logf("the tour printed:\n%s", stdout.String())
	statuses, err := os.ReadFile(statusLog)
	if err != nil {
		t.Fatal(err)
	}
	var conflicts, refused, requests int
	for _, s := range strings.Fields(string(statuses)) {
		requests++
		switch {
		case s == "409":
			conflicts++
		case s == "400":
			refused++
		case !strings.HasPrefix(s, "2"):
			t.Errorf("a tour request answered %s (all statuses, in order: %s)", s, strings.Fields(string(statuses)))
		}
	}
	if conflicts != 2 || refused != 1 || requests < 15 {
		t.Errorf("%d requests with %d conflicts and %d refusals; want step 8's stale write, step 29's overlapping prefix and step 40's credential: %s",
			requests, conflicts, refused, strings.Fields(string(statuses)))
	}
	// What the README quotes of the security steps.
	for _, quoted := range []string{"Step 36 raises both findings, which stay open until remediated:",
		"Step 39 counts the year's work, the firewall's record verified and the switch's still open:", "Step 41 prints:"} {
		for _, line := range strings.Split(strings.TrimSpace(blockAfter(t, string(readme), quoted)), "\n") {
			if !strings.Contains(stdout.String(), line+"\n") {
				t.Errorf("the tour did not print the README's line %q (after %q)", line, quoted)
			}
		}
	}
	if !strings.Contains(stdout.String(), `"fields":{"device.admin_password":`) || strings.Contains(stdout.String(), "Admin@123") {
		t.Errorf("step 40 did not answer as the README says")
	}
	// What the README quotes of the portal steps.
	for _, quoted := range []string{"Step 44 waits for the crawl and steps 45 and 46 print:", "Step 48 fails the site on one single-veto item"} {
		for _, line := range strings.Split(strings.TrimSpace(blockAfter(t, string(readme), quoted)), "\n") {
			if !strings.Contains(stdout.String(), line+"\n") {
				t.Errorf("the tour did not print the README's line %q (after %q)", line, quoted)
			}
		}
	}
	if !strings.Contains(stdout.String(), "办结\n已整改待复核\n已复核\n") {
		t.Errorf("step 47 did not close the case, mark the task fixed and verify it")
	}
	// The roster gap that the README quotes after step 33.
	for _, line := range strings.Split(strings.TrimSpace(blockAfter(t, string(readme), "Step 33 finds the night nobody covers:")), "\n") {
		if !strings.Contains(stdout.String(), line+"\n") {
			t.Errorf("the tour did not print the README's roster line %q", line)
		}
	}
	// The trail that the README quotes after the tour.
	trail := blockAfter(t, string(readme), "The trail (step 7) reads:")
	for _, line := range strings.Split(strings.TrimSpace(trail), "\n") {
		if !strings.Contains(stdout.String(), line+"\n") {
			t.Errorf("the tour did not print the README's trail line %q", line)
		}
	}
}

// sectionBlocks returns the code blocks of info string lang in the section
// of readme that starts with heading and ends at the next heading.
func sectionBlocks(tb testing.TB, readme, heading, lang string) string {
	tb.Helper()
	var out strings.Builder
	in, found, fence := false, false, ""
	for _, line := range strings.Split(readme, "\n") {
		switch {
		case fence != "":
			if line == "```" {
				fence = ""
			} else if in && fence == lang {
				out.WriteString(line + "\n")
			}
		case strings.HasPrefix(line, "```"):
			fence = strings.TrimPrefix(line, "```")
			if fence == "" {
				fence = "text"
			}
		case strings.HasPrefix(line, "#"):
			in = line == heading
			found = found || in
		}
	}
	if !found {
		tb.Fatalf("README.md has no %q section", heading)
	}
	if out.Len() == 0 {
		tb.Fatalf("README.md's %q section has no %s block", heading, lang)
	}
	return out.String()
}

// blockAfter returns the first code block after the text marker.
func blockAfter(tb testing.TB, readme, marker string) string {
	tb.Helper()
	_, rest, ok := strings.Cut(readme, marker)
	if !ok {
		tb.Fatalf("README.md no longer says %q", marker)
	}
	_, rest, ok = strings.Cut(rest, "```\n")
	if !ok {
		tb.Fatalf("no code block after %q", marker)
	}
	block, _, ok := strings.Cut(rest, "\n```")
	if !ok {
		tb.Fatalf("an unterminated code block after %q", marker)
	}
	return block
}
