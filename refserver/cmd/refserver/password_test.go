package main_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	main "github.com/govops-kit/govops/refserver/cmd/refserver"
)

// runMainEnv, set to 1, makes the test binary run the program itself
// (main.Exec) on its arguments instead of the tests: the tests that need
// a real process, its standard input and its exit status (the README tour,
// password-check's exit statuses) run it so.
const runMainEnv = "GOVOPS_TEST_RUN_REFSERVER"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(main.Exec(context.Background(), os.Args[1:]))
	}
	os.Exit(m.Run())
}

// refserverProcess returns the command that runs the program in a process
// of its own, on args.
func refserverProcess(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	return cmd
}

// TestPasswordCheck_ExitStatus pipes passwords into the program in a
// process of its own: 0 when the password passes, 1 when it fails, 2 on a
// usage error; the password shows in none of its output.
func TestPasswordCheck_ExitStatus(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		args        []string
		status      int
	}{
		{"Passes", "Vq7#tLm2!pZx9wRk\n", nil, 0},
		{"Fails", "Admin@123\n", nil, 1},
		{"Usage", "Vq7#tLm2!pZx9wRk\n", []string{"-min-score", "9"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := refserverProcess(append([]string{"password-check"}, tc.args...)...)
			cmd.Stdin = strings.NewReader(tc.input)
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			err := cmd.Run()
			status := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				status = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tc.status {
				t.Fatalf("exit status %d, want %d\n%s%s", status, tc.status, out.String(), errOut.String())
			}
			noPassword(t, strings.TrimSpace(tc.input), out.String(), errOut.String())
			if tc.status < 2 && !strings.Contains(out.String(), "结论: ") {
				t.Fatalf("no verdict:\n%s", out.String())
			}
		})
	}
}

// passwordCheck runs "refserver password-check args…" with input piped to
// it, and returns what it printed and the errors of its parse (a usage
// error: exit status 2) and of its run (a failing password: exit status 1).
func passwordCheck(t *testing.T, input string, args ...string) (out, errOut string, parseErr, runErr error) {
	t.Helper()
	m := main.NewMain()
	var o, e syncBuffer
	m.Stdin, m.Stdout, m.Stderr = strings.NewReader(input), &o, &e
	parseErr = m.ParseFlags(context.Background(), append([]string{"password-check"}, args...))
	if parseErr == nil {
		runErr = m.Run(context.Background())
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), parseErr, runErr
}

// noPassword fails when the password, or any run of 4 of its characters,
// shows in what the command printed.
func noPassword(t *testing.T, pw string, texts ...string) {
	t.Helper()
	rs := []rune(pw)
	for _, text := range texts {
		for i := 0; i+4 <= len(rs); i++ {
			if part := string(rs[i : i+4]); strings.Contains(text, part) {
				t.Fatalf("the output holds %q, a part of the password:\n%s", part, text)
			}
		}
	}
}

func TestPasswordCheck_Verdicts(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		args        []string
		pass        bool
		want        []string // lines of the verdict
	}{
		{"Strong", "Vq7#tLm2!pZx9wRk\n", nil, true, []string{"结论: 通过", "长度: 16（要求至少 8）", "字符类别: 4（要求至少 3 类）", "强度评分: 4/4", "常见或默认口令: 否"}},
		{"StrongNoNewline", "Vq7#tLm2!pZx9wRk", nil, true, []string{"结论: 通过", "长度: 16"}},
		{"FirstLineOnly", "Vq7#tLm2!pZx9wRk\r\nsecond line\n", nil, true, []string{"结论: 通过", "长度: 16"}},
		{"DefaultOfDevice", "Admin@123\n", nil, false, []string{"结论: 不通过", "常见或默认口令: 是", "原因: 属于常见口令或设备默认口令（blocklisted）"}},
		{"Short", "aB3$\n", nil, false, []string{"结论: 不通过", "长度: 4（要求至少 8）", "原因: 长度不足 8 位（too_short）"}},
		{"FewClasses", "correcthorsebatterystaple\n", nil, false, []string{"字符类别: 1（要求至少 3 类）", "（few_classes）"}},
		{"Empty", "", nil, false, []string{"结论: 不通过", "原因: 空口令：没有设置口令（empty）"}},
		{"TooLong", strings.Repeat("aB3$", 40) + "\n", nil, false, []string{"（too_long）"}},
		{"LooserPolicy", "correcthorsebatterystaple\n", []string{"-min-classes", "1", "-min-length", "12"}, true, []string{"结论: 通过", "字符类别: 1（要求至少 1 类）", "长度: 25（要求至少 12）"}},
		{"StricterScore", "Summer2026!x\n", []string{"-min-score", "4", "-min-length", "20"}, false, []string{"长度: 12（要求至少 20）", "（too_short）"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, perr, rerr := passwordCheck(t, tc.input, tc.args...)
			if perr != nil {
				t.Fatalf("usage error: %v", perr)
			}
			switch {
			case tc.pass && rerr != nil:
				t.Fatalf("fails (%v):\n%s", rerr, out)
			case !tc.pass && !errors.Is(rerr, main.ErrPasswordFails):
				t.Fatalf("run error %v, want ErrPasswordFails:\n%s", rerr, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("the verdict does not say %q:\n%s", w, out)
				}
			}
			pw, _, _ := strings.Cut(strings.TrimSuffix(tc.input, "\n"), "\r\n")
			noPassword(t, pw, out, errOut)
		})
	}
}

func TestPasswordCheck_Blocklist(t *testing.T) {
	const pw = "Liubei#Gov2026xq"
	out, _, perr, rerr := passwordCheck(t, pw+"\n")
	if perr != nil || rerr != nil {
		t.Fatalf("without the extra list: %v %v\n%s", perr, rerr, out)
	}
	file := filepath.Join(t.TempDir(), "extra.txt")
	if err := os.WriteFile(file, []byte("# the district's own\n\n"+pw+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, perr, rerr := passwordCheck(t, pw+"\n", "-blocklist", file)
	if perr != nil || !errors.Is(rerr, main.ErrPasswordFails) {
		t.Fatalf("with the extra list: %v %v\n%s", perr, rerr, out)
	}
	if !strings.Contains(out, "常见或默认口令: 是") {
		t.Fatalf("the extra list was not used:\n%s", out)
	}
	noPassword(t, pw, out, errOut)
	// The built-in list still applies beside the file.
	if _, _, _, rerr := passwordCheck(t, "Admin@123\n", "-blocklist", file); !errors.Is(rerr, main.ErrPasswordFails) {
		t.Fatalf("the built-in list was dropped: %v", rerr)
	}
}

// TestPasswordCheck_Usage: a usage error is a parse error (exit status
// 2), and never reads standard input.
func TestPasswordCheck_Usage(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.txt")
	if err := os.WriteFile(bad, []byte("ok\n\xff\xfe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"Argument", []string{"Admin@123"}, "takes no arguments"},
		{"MinClasses", []string{"-min-classes", "5"}, "-min-classes must be from 1 to 4"},
		{"MinScore", []string{"-min-score", "-1"}, "-min-score must be from 0 to 4"},
		{"MinLength", []string{"-min-length", "0"}, "-min-length must be from 1"},
		{"NoFile", []string{"-blocklist", filepath.Join(t.TempDir(), "none.txt")}, "-blocklist"},
		{"NotUTF8", []string{"-blocklist", bad}, "not UTF-8"},
		{"UnknownFlag", []string{"-password", "x"}, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, perr, _ := passwordCheck(t, "Vq7#tLm2!pZx9wRk\n", tc.args...)
			if perr == nil || !strings.Contains(perr.Error(), tc.want) {
				t.Fatalf("parse error %v, want one saying %q", perr, tc.want)
			}
			if out != "" {
				t.Fatalf("a usage error printed a verdict:\n%s", out)
			}
			noPassword(t, "Vq7#tLm2!pZx9wRk", perr.Error())
		})
	}
}
