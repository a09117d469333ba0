package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/govops-kit/govops/security"
)

// passwordCheck is what "password-check" reads: the policy of its flags
// and the extra blocklist file.
type passwordCheck struct {
	policy    security.PasswordPolicy
	blocklist string // the -blocklist file, "" for none
}

// ErrPasswordFails is the error of a password-check whose password fails
// the policy: the program exits with status 1, after the verdict.
var ErrPasswordFails = errors.New("the password fails the policy")

// maxPasswordLine bounds what password-check reads from a pipe: a longer
// line is cut there, and anything past security.MaxPasswordLen is refused
// unscored anyway.
const maxPasswordLine = 4 << 10

// parsePasswordCheck reads "password-check" and its flags. Every mistake
// here is a usage error (exit status 2), the -blocklist file included.
func (m *Main) parsePasswordCheck(args []string) error {
	m.cmd = "password-check"
	sub := m.flagSet(m.cmd)
	sub.IntVar(&m.pw.policy.MinLength, "min-length", security.DefaultMinLength, "the fewest characters")
	sub.IntVar(&m.pw.policy.MinClasses, "min-classes", security.DefaultMinClasses, "the fewest classes of lower case, upper case, digits and others (1–4)")
	sub.IntVar(&m.pw.policy.MinScore, "min-score", security.DefaultMinScore, "the lowest zxcvbn strength score (0–4)")
	sub.StringVar(&m.pw.blocklist, "blocklist", "", "a `file` of passwords refused whatever their score, one a line, added to the built-in list")
	if err := sub.Parse(args); err != nil {
		return err
	}
	if sub.NArg() > 0 {
		return errors.New("password-check takes no arguments: it reads the password from standard input, so that it never shows in the process list or the shell history")
	}
	switch p := m.pw.policy; {
	case p.MinLength < 1 || p.MinLength > security.MaxPasswordLen:
		return fmt.Errorf("-min-length must be from 1 to %d, not %d", security.MaxPasswordLen, p.MinLength)
	case p.MinClasses < 1 || p.MinClasses > 4:
		return fmt.Errorf("-min-classes must be from 1 to 4, not %d", p.MinClasses)
	case p.MinScore < 0 || p.MinScore > 4:
		return fmt.Errorf("-min-score must be from 0 to 4, not %d", p.MinScore)
	}
	m.pw.policy.Blocklist = security.DefaultBlocklist()
	if m.pw.blocklist != "" {
		data, err := os.ReadFile(m.pw.blocklist)
		if err != nil {
			return fmt.Errorf("-blocklist: %w", err)
		}
		// ReadBlocklist checks the file (UTF-8, one password a line); the
		// words it holds extend the built-in list.
		extra, err := security.ReadBlocklist(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("-blocklist %s: %w", m.pw.blocklist, err)
		}
		words := make([]string, 0, extra.Len())
		for _, line := range strings.Split(string(data), "\n") {
			if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
				words = append(words, w)
			}
		}
		m.pw.policy.Blocklist = m.pw.policy.Blocklist.With(words...)
	}
	return nil
}

// readPassword reads one password from standard input: without echo when
// it is a terminal (the prompt goes to standard error), else its first
// line, without the line ending.
func (m *Main) readPassword() (string, error) {
	if f, ok := m.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(m.Stderr, "口令（输入时不显示）: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(m.Stderr)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(io.LimitReader(m.Stdin, maxPasswordLine)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// passwordCheckRun checks the password read against the policy and prints
// the verdict: its length, classes, score, whether it is blocklisted and
// the reasons it fails, never the password. It returns ErrPasswordFails
// when the password fails.
func (m *Main) passwordCheckRun() error {
	pw, err := m.readPassword()
	if err != nil {
		return err
	}
	c := security.CheckPassword(pw, m.pw.policy)
	w := m.Stdout
	verdict := "通过"
	if !c.OK {
		verdict = "不通过"
	}
	fmt.Fprintf(w, "结论: %s\n", verdict)
	fmt.Fprintf(w, "长度: %d（要求至少 %d）\n", c.Length, m.pw.policy.MinLength)
	fmt.Fprintf(w, "字符类别: %d（要求至少 %d 类）\n", c.Classes, m.pw.policy.MinClasses)
	fmt.Fprintf(w, "强度评分: %d/4（要求至少 %d；约 10^%.2f 次猜测）\n", c.Score, m.pw.policy.MinScore, c.GuessesLog10)
	blocked := "否"
	if c.Blocklisted {
		blocked = "是"
	}
	fmt.Fprintf(w, "常见或默认口令: %s\n", blocked)
	for _, r := range c.Reasons {
		fmt.Fprintf(w, "原因: %s（%s）\n", r.Message, r.Code)
	}
	if !c.OK {
		return ErrPasswordFails
	}
	return nil
}
