package groupcommit_test

import (
	"strings"
	"testing"

	"github.com/govops-kit/govops/dbopen/groupcommit"
)

func TestClassify(t *testing.T) {
	tests := map[string]string{
		"SELECT 1":                             "read",
		"  select * from t where v = ';'":      "read",
		"SELECT 1;":                            "read",
		"SELECT 1; -- done":                    "read",
		"/* x */ VALUES (1)":                   "read",
		"EXPLAIN QUERY PLAN DELETE FROM t":     "read",
		"WITH a AS (SELECT 1) SELECT * FROM a": "read",
		"WITH a(x) AS MATERIALIZED (SELECT 1) SELECT x FROM a": "read",
		"WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a":   "write",
		"WITH RECURSIVE":                        "write",
		"INSERT INTO t VALUES (1) RETURNING id": "write",
		"update t set v = 'select'":             "write",
		"DELETE FROM t":                         "write",
		"REPLACE INTO t VALUES (1)":             "write",
		"CREATE TABLE x (a)":                    "write",
		"":                                      "write",
		"SELECT 1; DELETE FROM t":               "direct",
		"SELECT 1; /* c */ DELETE FROM t":       "direct",
		"INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)": "direct",
		"PRAGMA user_version = 3":                            "direct",
		"pragma foreign_keys":                                "direct",
		"VACUUM":                                             "direct",
		"ATTACH 'x.db' AS x":                                 "direct",
		"SAVEPOINT sp1":                                      "savepoint",
		"RELEASE SAVEPOINT sp1":                              "savepoint",
		"ROLLBACK TO sp1":                                    "savepoint",
		"ROLLBACK TRANSACTION TO SAVEPOINT sp1":              "savepoint",
		"BEGIN":                                              "transaction control",
		"begin immediate":                                    "transaction control",
		"COMMIT":                                             "transaction control",
		"END TRANSACTION":                                    "transaction control",
		"ROLLBACK":                                           "transaction control",
		"-- note\nROLLBACK; SELECT 1":                        "transaction control",
		"SELECT 'a'';DELETE FROM t'":                         "read",
		`SELECT "a;b" FROM [c;d]`:                            "read",
	}
	for q, want := range tests {
		if got := groupcommit.Classify(q); got != want {
			t.Errorf("classify(%q) = %s, want %s", q, got, want)
		}
	}
}

// FuzzClassify checks on any text that the class never calls a write a
// read: a read starts with SELECT, VALUES, EXPLAIN or WITH, once comments
// and blanks are skipped.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"SELECT 1", "WITH a AS (SELECT 1) DELETE FROM t", "SELECT ';'; DELETE", "/* */ VALUES(1)", "'", "/*", "--", "[", "((("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if groupcommit.Classify(q) != "read" {
			return
		}
		head := strings.ToUpper(strings.TrimLeft(stripComments(q), " \t\r\n\f"))
		for _, kw := range []string{"SELECT", "VALUES", "EXPLAIN", "WITH"} {
			if strings.HasPrefix(head, kw) {
				return
			}
		}
		t.Fatalf("%q is classed a read", q)
	})
}

// stripComments drops the comments and blanks that lead q.
func stripComments(q string) string {
	for {
		q = strings.TrimLeft(q, " \t\r\n\f")
		switch {
		case strings.HasPrefix(q, "--"):
			i := strings.IndexByte(q, '\n')
			if i < 0 {
				return ""
			}
			q = q[i+1:]
		case strings.HasPrefix(q, "/*"):
			i := strings.Index(q[2:], "*/")
			if i < 0 {
				return ""
			}
			q = q[i+4:]
		default:
			return q
		}
	}
}
