package main_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/govops-kit/govops"
	main "github.com/govops-kit/govops/refserver/cmd/refserver"
)

func TestMain_DepartmentCLI(t *testing.T) {
	db := tempDB(t)
	out, err := runCommand(t, db, "department", "create", "-code", "yuejin", "-name", "跃进街道", "-kind", "township")
	if err != nil {
		t.Fatal(err)
	}
	if out != "created township yuejin \"跃进街道\"\n" {
		t.Fatalf("department create printed %q", out)
	}
	// Flags may also stand before the command.
	if _, err := runCommand(t, db, "-log-level", "warn", "department", "create", "-code", "yuejin-1", "-name", "跃进社区", "-kind", "community", "-parent", "yuejin"); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrNamesTheFlags", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			args []string
			want []string
		}{
			{"Code", []string{"-code", "跃进", "-name", "x", "-kind", "township"}, []string{`-code: "跃进" must be 1 to 64 letters`}},
			{"Name", []string{"-code", "x1", "-name", " ", "-kind", "township"}, []string{"-name: required"}},
			{"Kind", []string{"-code", "x1", "-name", "x", "-kind", "street"}, []string{`-kind: unknown kind "street"`}},
			{"NoKind", []string{"-code", "x1", "-name", "x"}, []string{"-kind: is required", "township"}},
			{"Parent", []string{"-code", "x1", "-name", "x", "-kind", "village", "-parent", "nowhere"}, []string{`-parent: no department has code "nowhere"`}},
			{"Several", []string{"-code", "a b", "-name", "", "-kind", "street"}, []string{"-code: ", "-kind: ", "-name: "}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := runCommand(t, db, append([]string{"department", "create"}, tc.args...)...)
				if err == nil {
					t.Fatal("department create succeeded")
				}
				msg, last := err.Error(), -1
				for _, w := range tc.want {
					i := strings.Index(msg, w)
					if i < 0 || i < last {
						t.Fatalf("err = %q, want %q in this order", msg, tc.want)
					}
					last = i
				}
			})
		}
	})
	t.Run("ErrConflictIgnoresCase", func(t *testing.T) {
		for _, code := range []string{"yuejin", "YUEJIN", "YueJin"} {
			out, err := runCommand(t, db, "department", "create", "-code", code, "-name", "重复", "-kind", "township")
			if govops.ErrorCode(err) != govops.ECONFLICT || !strings.Contains(err.Error(), "yuejin") || out != "" {
				t.Fatalf("create %s: %q, %v; want a conflict naming yuejin", code, out, err)
			}
		}
	})

	list, err := runCommand(t, db, "department", "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "yuejin  ") || !strings.Contains(lines[1], "township") ||
		!strings.HasPrefix(lines[2], "yuejin-1  ") || !strings.Contains(lines[2], "跃进社区") || !strings.Contains(lines[2], " yuejin ") {
		t.Fatalf("department list:\n%s", list)
	}

	// The API refuses a clash with 409, and the audit log holds the
	// command line's departments.
	p := MustRunMain(t, db)
	admin := p.AdminToken(t)
	r := mustStatus(t, do(t, p.URL, "POST", "/api/v1/departments", admin,
		map[string]string{"code": "YUEJIN", "name": "跃进街道", "kind": "township"}), http.StatusConflict)
	if r.str(t, "code") != govops.ECONFLICT || !strings.Contains(r.str(t, "detail"), "yuejin") {
		t.Fatalf("POST YUEJIN: %s", r.body)
	}
	mustStatus(t, do(t, p.URL, "POST", "/api/v1/departments", admin,
		map[string]string{"code": "YUEJIN2", "name": "跃进二街", "kind": "township"}), http.StatusCreated)
	page, body := listAudit(t, p.URL, admin, "actor=cli")
	if len(page.Items) != 2 {
		t.Fatalf("cli audit events: %s", body)
	}
	for i, code := range []string{"yuejin-1", "yuejin"} {
		if ev := page.Items[i]; ev.Route != "cli department create" || ev.Subject != code || ev.Status != http.StatusCreated || ev.TokenID != "" {
			t.Fatalf("event %d = %+v, want department %s created from the command line", i, ev, code)
		}
	}
}

// TestMain_ListingsAlignByWidth lists tokens and departments whose names
// mix Chinese, which a terminal draws two columns wide, with ASCII: every
// column starts at the same display column on every line.
func TestMain_ListingsAlignByWidth(t *testing.T) {
	db := tempDB(t)
	for _, d := range [][]string{
		{"yuejin", "跃进街道", "township"},
		{"a", "x", "department"},
		{"liubei-zhengwu-fuwu-zhongxin", "柳北区政务服务中心(12345热线)", "department"},
	} {
		if _, err := runCommand(t, db, "department", "create", "-code", d[0], "-name", d[1], "-kind", d[2]); err != nil {
			t.Fatal(err)
		}
	}
	for _, tok := range [][]string{
		{"值班长", "admin", ""},
		{"跃进街道值班", "dept", "yuejin"},
		{"ops", "viewer", ""},
		{"督查室 Duty-2", "viewer", ""},
	} {
		args := []string{"token", "create", "-name", tok[0], "-role", tok[1]}
		if tok[2] != "" {
			args = append(args, "-dept", tok[2])
		}
		if _, err := runCommand(t, db, args...); err != nil {
			t.Fatal(err)
		}
	}
	for _, listing := range [][]string{{"token", "list"}, {"department", "list"}} {
		out, err := runCommand(t, db, listing...)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		want := columnStarts(lines[0])
		for _, l := range lines[1:] {
			if got := columnStarts(l); !slices.Equal(got, want) {
				t.Fatalf("%s: a row's columns start at display columns %v, the header's at %v:\n%s", listing, got, want, out)
			}
			if strings.HasSuffix(l, " ") {
				t.Fatalf("%s: trailing space in %q", listing, l)
			}
		}
		if len(lines) < 4 || !strings.Contains(out, "跃进街道") {
			t.Fatalf("%s:\n%s", listing, out)
		}
	}
}

// columnStarts returns the display columns at which the cells of a
// listing line start: at the beginning and after two spaces or more.
func columnStarts(line string) []int {
	var starts []int
	col, spaces := 0, 2
	for _, r := range line {
		if r == ' ' {
			spaces++
		} else {
			if spaces >= 2 {
				starts = append(starts, col)
			}
			spaces = 0
		}
		col += runewidth.RuneWidth(r)
	}
	return starts
}

// TestMain_CalendarFileError starts the server with a bad -calendar file:
// it does not start, and its error names the file, the line and the
// problem once.
func TestMain_CalendarFileError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "2028.txt")
	if err := os.WriteFile(path, []byte("year 2028\n2028-13-01 off 元旦\n2028-01-05 work 调休\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := main.NewMain()
	var out, errOut syncBuffer
	m.Stdout, m.Stderr = &out, &errOut
	if err := m.ParseFlags(context.Background(), []string{"-db", tempDB(t), "-addr", "127.0.0.1:0", "-calendar", path}); err != nil {
		t.Fatal(err)
	}
	err := m.Run(context.Background())
	m.Close()
	if err == nil {
		t.Fatal("the server started with a bad calendar file")
	}
	msg := err.Error()
	for _, once := range []string{path, "invalid", `line 2: "2028-13-01" is not a valid date`, "line 3: 2028-01-05 is a Wednesday"} {
		if n := strings.Count(msg, once); n != 1 {
			t.Errorf("%q appears %d times in %q", once, n, msg)
		}
	}
	if strings.Contains(out.String(), "gvo_") {
		t.Error("a server that did not start printed an admin token")
	}
}

// TestMain_ExtensionDecisionForbidden: a department may not decide an
// extension request, and is told so in words.
func TestMain_ExtensionDecisionForbidden(t *testing.T) {
	w := MustOpenWorld(t)
	n := w.caseIn(t, "extension_pending")
	r := mustStatus(t, w.do(t, "POST", "/api/v1/cases/"+n+"/extension/decision", w.own, map[string]any{"approve": true}), http.StatusForbidden)
	if got := r.str(t, "detail"); got != "only the center may decide a case's extension request" {
		t.Fatalf("detail = %q", got)
	}
}

// TestMain_DepartmentImport imports a CSV with Chinese headers, in which a
// village comes before its township: all-or-nothing stores nothing while a
// row is bad and prints every bad row; keep-good stores the good rows.
func TestMain_DepartmentImport(t *testing.T) {
	db := tempDB(t)
	file := filepath.Join(t.TempDir(), "units.csv")
	csv := "编码,名称,类型,上级,片区\n" +
		"sl-cun,胜利村,村,shengli,郊区\n" +
		"shengli,胜利街道,乡镇街道,,城区\n" +
		"bad code,坏行,部门,,\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runCommand(t, db, "department", "import", "-file", file)
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") || !strings.Contains(out, "row 4, code:") {
		t.Fatalf("all-or-nothing: %q, %v", out, err)
	}
	if list, _ := runCommand(t, db, "department", "list"); strings.Count(list, "\n") != 1 {
		t.Fatalf("a refused import stored departments:\n%s", list)
	}
	out, err = runCommand(t, db, "department", "import", "-file", file, "-mode", "keep-good")
	if err != nil || !strings.Contains(out, "imported 2 of 3 departments") {
		t.Fatalf("keep-good: %q, %v", out, err)
	}
	list, err := runCommand(t, db, "department", "list")
	if err != nil || !strings.Contains(list, "sl-cun") || !strings.Contains(list, "suburban") || !strings.Contains(list, "shengli") {
		t.Fatalf("department list:\n%s (%v)", list, err)
	}
	if _, err := runCommand(t, db, "department", "import"); err == nil || !strings.Contains(err.Error(), "-file") {
		t.Fatalf("import without -file: %v", err)
	}
	if _, err := runCommand(t, db, "department", "import", "-file", file, "-mode", "some"); err == nil || !strings.Contains(err.Error(), "-mode") {
		t.Fatalf("import with a bad -mode: %v", err)
	}
}
