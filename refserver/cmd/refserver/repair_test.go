package main_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/govops-kit/govops/dbopen"
	main "github.com/govops-kit/govops/refserver/cmd/refserver"
)

// TestRepairStats registers cases through the server, then changes the
// case summary behind the stores' back: repair-stats -check finds the
// group and exits 1, repair-stats repairs it, and a second check finds
// every summary equal to its records.
func TestRepairStats(t *testing.T) {
	dbPath := tempDB(t)
	if _, err := runCommand(t, dbPath, "migrate"); err != nil {
		t.Fatal(err)
	}
	out, err := runCommand(t, dbPath, "repair-stats", "-check")
	if err != nil || !strings.Contains(out, "summaries equal their records") {
		t.Fatalf("check of an empty database: %v\n%s", err, out)
	}
	p := MustRunMain(t, dbPath)
	admin := p.AdminToken(t)
	for _, title := range []string{"跃进路口路灯不亮", "胜利路夜间施工噪音扰民"} {
		mustStatus(t, do(t, p.URL, http.MethodPost, "/api/v1/cases", admin, map[string]any{
			"kind": "hotline", "category": "complaint", "priority": "normal", "source": "phone",
			"title": title, "description": "市民反映，请相关部门核实处理。",
		}), http.StatusCreated)
	}
	if err := p.Stop(t); err != nil {
		t.Fatal(err)
	}

	out, err = runCommand(t, dbPath, "repair-stats", "-check")
	if err != nil || !strings.Contains(out, "summaries equal their records") {
		t.Fatalf("check of an untouched database: %v\n%s", err, out)
	}

	db, err := dbopen.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec("UPDATE govcase_case_summary SET n = n + 5 WHERE status = 'registered'")
	if n, _ := res.RowsAffected(); err != nil || n == 0 {
		t.Fatalf("tampering with the summary: %d rows, %v", n, err)
	}
	db.Close()

	out, err = runCommand(t, dbPath, "repair-stats", "-check")
	if !errors.Is(err, main.ErrSummariesDiffer) {
		t.Fatalf("check after tampering: err %v, want ErrSummariesDiffer\n%s", err, out)
	}
	if !strings.Contains(out, "govcase_case_summary") || !strings.Contains(out, "status=registered") ||
		!strings.Contains(out, "stored n=7") || !strings.Contains(out, "records n=2") {
		t.Fatalf("check after tampering does not show the group:\n%s", out)
	}
	out, err = runCommand(t, dbPath, "repair-stats")
	if err != nil || !strings.Contains(out, "repaired") {
		t.Fatalf("repair: %v\n%s", err, out)
	}
	out, err = runCommand(t, dbPath, "repair-stats", "-check")
	if err != nil || !strings.Contains(out, "summaries equal their records") {
		t.Fatalf("check after repair: %v\n%s", err, out)
	}
}
