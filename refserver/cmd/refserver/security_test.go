package main_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/security/securitybun"
)

// TestMain_SecurityDialects runs the security endpoints through the real
// stores of every database, migrated twice: a plan drafted and approved,
// a drill with its follow-up action, an inspection whose findings become
// hardening records, one remediated by its department and verified, an
// exercise, an incident reported by its department, the compliance check
// and the year's report; a viewer reads the names masked; then every
// security write is sent a credential, both as a field named like one and
// as free text, and the credential is looked for everywhere the server
// writes: its log, the audit log, every column of every table and every
// answer. A restart on the same database then reads the records back.
func TestMain_SecurityDialects(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dsn, db := isolatedDSN(t, d)
			ctx := context.Background()
			for range 2 {
				if out, err := runCommand(t, dsn, "migrate"); err != nil {
					t.Fatalf("migrate: %q, %v", out, err)
				}
			}
			var n int
			if err := db.NewSelect().Table(securitybun.MigrationsTable).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil || n == 0 {
				t.Fatalf("%s: %d rows, %v", securitybun.MigrationsTable, n, err)
			}
			w := secWorld(t, dsn)
			var answers [][]byte
			keep := func(r response) response { answers = append(answers, r.body); return r }
			records := secLifecycle(t, w, keep)

			marker := secLeakMarker(t)
			for _, r := range secSendCredentials(t, w, marker) {
				keep(r)
			}
			secPaging(t, w, "/plans")
			secPaging(t, w, "/hardening")
			// Every read the server offers, as every role, joins the
			// answers scanned.
			for _, path := range []string{"/plans", "/drills", "/inspections", "/hardening", "/exercises", "/incidents", "/checklist",
				"/overdue-actions", "/compliance", "/report?year=2026"} {
				for _, tok := range []string{w.admin, w.own, w.viewer} {
					keep(w.do(t, "GET", secPath+path, tok, nil))
				}
			}
			audit := secAuditLog(t, w)
			dump := secDump(t, db, d)
			for what, text := range map[string]string{"the server's log": w.Stderr.String() + w.Stdout.String(),
				"the audit log": audit, "the database": dump} {
				if strings.Contains(text, marker) {
					i := strings.Index(text, marker)
					t.Errorf("%s holds the credential sent: …%s…", what, text[max(0, i-200):min(len(text), i+100)])
				}
			}
			for _, a := range answers {
				if strings.Contains(string(a), marker) {
					t.Errorf("an answer holds the credential sent: %s", a)
				}
			}
			if !strings.Contains(audit, secPath) || !strings.Contains(dump, "SW-CORE-01") {
				t.Fatalf("the scan saw nothing: audit %d bytes, dump %d bytes", len(audit), len(dump))
			}
			t.Logf("scanned %d answers, %d bytes of log, %d of audit log, %d of tables", len(answers), len(w.Stderr.String()), len(audit), len(dump))

			// A restart on the same database reads the records back as
			// they were.
			before := map[string]string{}
			for _, path := range records {
				before[path] = string(mustStatus(t, w.do(t, "GET", path, w.admin, nil), http.StatusOK).body)
			}
			if err := w.Stop(t); err != nil {
				t.Fatal(err)
			}
			w.Program = MustRunMain(t, dsn)
			for _, path := range records {
				if got := string(mustStatus(t, w.do(t, "GET", path, w.admin, nil), http.StatusOK).body); got != before[path] {
					t.Errorf("GET %s after a restart:\n%s\nbefore:\n%s", path, got, before[path])
				}
			}
		})
	}
}

// secWorld starts the server on dsn with ylj and jfj in the directory, a
// token of ylj, one of jfj and a viewer's.
func secWorld(t *testing.T, dsn string) *world {
	t.Helper()
	p := MustRunMain(t, dsn)
	w := &world{Program: p, admin: p.AdminToken(t)}
	for _, d := range []map[string]string{{"code": "ylj", "name": "跃进街道", "kind": "township"}, {"code": "jfj", "name": "解放街道", "kind": "township"}} {
		mustStatus(t, w.do(t, "POST", "/api/v1/departments", w.admin, d), http.StatusCreated)
	}
	issue := func(body map[string]string) string {
		return mustStatus(t, w.do(t, "POST", "/api/v1/tokens", w.admin, body), http.StatusCreated).str(t, "token")
	}
	w.own = issue(map[string]string{"name": "跃进街道值班", "role": "dept", "department": "ylj"})
	w.foreign = issue(map[string]string{"name": "解放街道值班", "role": "dept", "department": "jfj"})
	w.viewer = issue(map[string]string{"name": "督查室", "role": "viewer"})
	return w
}

// secLifecycle walks the security records through their life and checks
// what the reports and the readers see. It returns the paths of the
// records it made.
func secLifecycle(t *testing.T, w *world, keep func(response) response) []string {
	t.Helper()
	const p = secPath
	plan := w.secPlan(t, false)
	keep(mustStatus(t, w.do(t, "POST", plan+"/approve", w.admin, map[string]string{"approved_by": "区网信委", "on": "2026-01-10"}), http.StatusOK))
	r := keep(mustStatus(t, w.do(t, "POST", plan+"/drills", w.admin, secDrillBody), http.StatusCreated))
	drill := p + "/drills/" + r.str(t, "id")
	keep(mustStatus(t, w.do(t, "PATCH", drill+"/actions/1", w.admin, map[string]string{"status": "done", "on": "2026-02-20"}), http.StatusOK))
	var comp struct {
		Flagged int
		Plans   []struct {
			Flagged   bool
			LastDrill string `json:"last_drill"`
		}
	}
	decode(t, keep(w.do(t, "GET", p+"/compliance", w.admin, nil)), &comp)
	if comp.Flagged != 0 || len(comp.Plans) != 1 || comp.Plans[0].Flagged || !strings.HasPrefix(comp.Plans[0].LastDrill, "2026-02-15") {
		t.Fatalf("compliance: %+v", comp)
	}

	r = keep(mustStatus(t, w.do(t, "POST", p+"/inspections", w.admin, secInspectionBody), http.StatusCreated))
	inspection := p + "/inspections/" + r.str(t, "id")
	var raised struct {
		Items []struct {
			ID, Asset, Department, Status string
			Source                        struct{ Kind, ID string }
		}
	}
	rr := keep(mustStatus(t, w.do(t, "POST", inspection+"/raise", w.admin, nil), http.StatusCreated))
	if err := json.Unmarshal(rr.body, &raised); err != nil || len(raised.Items) != 1 || raised.Items[0].Asset != "SW-CORE-01" ||
		raised.Items[0].Department != "ylj" || raised.Items[0].Source.Kind != "inspection" || raised.Items[0].Status != "open" {
		t.Fatalf("raise: %v %s", err, rr.body)
	}
	keep(mustStatus(t, w.do(t, "POST", inspection+"/raise", w.admin, nil), http.StatusOK)) // nothing left to raise
	hd := p + "/hardening/" + raised.Items[0].ID
	mustStatus(t, w.do(t, "GET", hd, w.foreign, nil), http.StatusNotFound)
	keep(mustStatus(t, w.do(t, "POST", hd+"/remediate", w.own, secRemediation), http.StatusOK))
	r = keep(mustStatus(t, w.do(t, "POST", hd+"/verify", w.admin, map[string]string{"verified_by": "覃工"}), http.StatusOK))
	if r.str(t, "status") != "verified" || r.str(t, "status_label") != "已复核" || r.str(t, "remediated_by") != "韦工" {
		t.Fatalf("verified: %s", r.body)
	}
	var trail struct {
		Items []struct {
			Type     string
			ToStatus string `json:"to_status"`
		}
	}
	if err := json.Unmarshal(keep(mustStatus(t, w.do(t, "GET", hd+"/events", w.own, nil), http.StatusOK)).body, &trail); err != nil {
		t.Fatal(err)
	}
	if len(trail.Items) != 3 || trail.Items[1].ToStatus != "remediated" || trail.Items[2].ToStatus != "verified" {
		t.Fatalf("trail: %+v", trail)
	}

	r = keep(mustStatus(t, w.do(t, "POST", p+"/exercises", w.admin, secExerciseBody), http.StatusCreated))
	var sum struct {
		BlockRate struct{ Percent *string } `json:"block_rate"`
		Findings  int
	}
	decode(t, keep(w.do(t, "GET", p+"/exercises/"+r.str(t, "id")+"/summary", w.viewer, nil)), &sum)
	if sum.BlockRate.Percent == nil || *sum.BlockRate.Percent != "93.33" || sum.Findings != 1 {
		t.Fatalf("summary: %+v", sum)
	}

	r = keep(mustStatus(t, w.do(t, "POST", p+"/incidents", w.own, secIncidentBody), http.StatusCreated))
	incident := p + "/incidents/" + r.str(t, "id")
	keep(mustStatus(t, w.do(t, "POST", incident+"/move", w.admin, map[string]string{"to": "reported", "at": "2026-02-10T10:00:00+08:00"}), http.StatusOK))
	var rep struct {
		PlansApproved int `json:"plans_approved"`
		Inspections   int
		Findings      struct{ Found, Verified int }
		Incidents     struct {
			Total      int
			ReportRate struct{ Percent *string } `json:"report_rate"`
		}
	}
	decode(t, keep(w.do(t, "GET", p+"/report?year=2026", w.admin, nil)), &rep)
	if rep.PlansApproved != 1 || rep.Inspections != 1 || rep.Findings.Found != 1 || rep.Findings.Verified != 1 || rep.Incidents.Total != 1 ||
		rep.Incidents.ReportRate.Percent == nil {
		t.Fatalf("report: %+v", rep)
	}

	// A viewer reads the names masked; the center reads them whole.
	var insp struct{ Inspector string }
	decode(t, keep(w.do(t, "GET", inspection, w.viewer, nil)), &insp)
	if insp.Inspector == "覃工" || !strings.HasPrefix(insp.Inspector, "覃") {
		t.Fatalf("a viewer reads the inspector as %q", insp.Inspector)
	}
	var dr struct{ Actions []struct{ Owner string } }
	decode(t, keep(w.do(t, "GET", drill, w.viewer, nil)), &dr)
	if len(dr.Actions) != 1 || dr.Actions[0].Owner == "覃工" || !strings.HasPrefix(dr.Actions[0].Owner, "覃") {
		t.Fatalf("a viewer reads the action's owner as %+v", dr.Actions)
	}
	var h struct {
		RemediatedBy string `json:"remediated_by"`
		VerifiedBy   string `json:"verified_by"`
	}
	decode(t, keep(w.do(t, "GET", hd, w.viewer, nil)), &h)
	if h.RemediatedBy == "韦工" || !strings.HasPrefix(h.RemediatedBy, "韦") || h.VerifiedBy == "覃工" || !strings.HasPrefix(h.VerifiedBy, "覃") {
		t.Fatalf("a viewer reads the hardening record's names as %+v", h)
	}
	decode(t, keep(w.do(t, "GET", hd, w.own, nil)), &h)
	if h.RemediatedBy != "韦工" || h.VerifiedBy != "覃工" {
		t.Fatalf("the unit reads its own record's names as %+v", h)
	}
	decode(t, keep(w.do(t, "GET", inspection, w.admin, nil)), &insp)
	if insp.Inspector != "覃工" {
		t.Fatalf("the center reads the inspector as %q", insp.Inspector)
	}
	return []string{plan, plan + "/events", drill, inspection, hd, hd + "/events", incident, incident + "/events"}
}

// secLeakMarker is a credential no test data holds by chance.
func secLeakMarker(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "Zx9#leak-" + hex.EncodeToString(b)
}

// secWrite is one security write endpoint, on a record in the state it
// needs, with a body it would take and the free-text field of that body
// ("" for a body without one: a raise takes no fields).
type secWrite struct {
	method, route string // the documented path
	path          string
	body          map[string]any
	text          string
}

// secWrites returns every security write endpoint on records made for it.
func secWrites(t *testing.T, w *world) []secWrite {
	t.Helper()
	const p = secPath
	copyOf := func(m map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	str := func(m map[string]string) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	draft, approved, drill := w.secPlan(t, false), w.secPlan(t, true), w.secDrill(t)
	var cur struct{ Code string }
	decode(t, w.do(t, "GET", draft, w.admin, nil), &cur)
	draftBody := secPlanBody()
	draftBody["code"] = cur.Code
	item, inspection := w.secChecklistItem(t), w.secInspection(t)
	itemBody := str(secChecklistBody())
	delete(itemBody, "code")
	open, remediated := w.secHardening(t, false), w.secHardening(t, true)
	exercise, incident := w.secExercise(t), w.secIncident(t)
	return []secWrite{
		{"POST", p + "/plans", p + "/plans", secPlanBody(), "note"},
		{"PUT", p + "/plans/{id}", draft, draftBody, "note"},
		{"POST", p + "/plans/{id}/approve", draft + "/approve", map[string]any{"approved_by": "区网信委"}, "note"},
		{"POST", p + "/plans/{id}/drills", approved + "/drills", copyOf(secDrillBody), "scenario"},
		{"PUT", p + "/drills/{id}", drill, copyOf(secDrillUpdate), "note"},
		{"POST", p + "/drills/{id}/actions", drill + "/actions", map[string]any{"title": "补充通讯录", "due": "2026-05-01"}, "title"},
		{"PATCH", p + "/drills/{id}/actions/{seq}", drill + "/actions/1", map[string]any{"status": "done"}, "note"},
		{"POST", p + "/drills/{id}/raise", drill + "/raise", map[string]any{}, ""},
		{"POST", p + "/checklist", p + "/checklist", str(secChecklistBody()), "text"},
		{"PUT", p + "/checklist/{code}", item, itemBody, "text"},
		{"POST", p + "/inspections", p + "/inspections", copyOf(secInspectionBody), "scope"},
		{"PUT", p + "/inspections/{id}", inspection, copyOf(secInspectionBody), "note"},
		{"POST", p + "/inspections/{id}/raise", inspection + "/raise", map[string]any{}, ""},
		{"POST", p + "/hardening", p + "/hardening", str(secHardeningBody), "detail"},
		{"PUT", p + "/hardening/{id}", open, str(secHardeningBody), "detail"},
		{"POST", p + "/hardening/{id}/remediate", open + "/remediate", str(secRemediation), "remediation"},
		{"POST", p + "/hardening/{id}/verify", remediated + "/verify", map[string]any{"verified_by": "覃工"}, "note"},
		{"POST", p + "/hardening/{id}/retest", remediated + "/retest", map[string]any{"passed": false, "tested_by": "覃工"}, "note"},
		{"POST", p + "/exercises", p + "/exercises", copyOf(secExerciseBody), "note"},
		{"PUT", p + "/exercises/{id}", exercise, copyOf(secExerciseBody), "note"},
		{"POST", p + "/exercises/{id}/raise", exercise + "/raise", map[string]any{}, ""},
		{"POST", p + "/incidents", p + "/incidents", str(secIncidentBody), "title"},
		{"PUT", p + "/incidents/{id}", incident, str(secIncidentBody), "note"},
		{"POST", p + "/incidents/{id}/move", incident + "/move", map[string]any{"to": "reported"}, "note"},
	}
}

// secSendCredentials sends marker through every security write endpoint,
// as a field named like a credential (at the top and nested, in English
// and in Chinese) and as free text that writes it out, and returns the
// answers: each must be 400 naming the field. It fails if an endpoint is
// left out.
func secSendCredentials(t *testing.T, w *world, marker string) []response {
	t.Helper()
	writes := secWrites(t, w)
	var covered, documented []string
	for _, s := range writes {
		covered = append(covered, s.method+" "+s.route)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(mustStatus(t, w.do(t, "GET", "/api/v1/openapi.json", "", nil), http.StatusOK).body, &doc); err != nil {
		t.Fatal(err)
	}
	for path, ops := range doc.Paths {
		for m := range ops {
			if strings.HasPrefix(path, secPath) && m != "get" {
				documented = append(documented, strings.ToUpper(m)+" "+path)
			}
		}
	}
	sort.Strings(covered)
	sort.Strings(documented)
	if strings.Join(covered, "\n") != strings.Join(documented, "\n") {
		t.Fatalf("the credential test does not cover every security write:\ndocumented:\n%s\ncovered:\n%s",
			strings.Join(documented, "\n"), strings.Join(covered, "\n"))
	}
	var out []response
	send := func(s secWrite, body map[string]any, field string) {
		t.Helper()
		token := w.admin
		r := w.do(t, s.method, s.path, token, body)
		out = append(out, r)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s %s with %s: status %d, want 400: %s", s.method, s.path, field, r.status, r.body)
			return
		}
		var prob struct{ Fields map[string]string }
		if err := json.Unmarshal(r.body, &prob); err != nil || prob.Fields[field] == "" {
			t.Errorf("%s %s: the refusal does not name %s: %s", s.method, s.path, field, r.body)
		}
	}
	for _, s := range writes {
		for _, named := range []struct {
			key  string
			body func() map[string]any
		}{
			{"admin_password", func() map[string]any { return map[string]any{"admin_password": marker} }},
			{"device.口令", func() map[string]any { return map[string]any{"device": map[string]any{"口令": marker}} }},
			{"accounts[0].Secret", func() map[string]any {
				return map[string]any{"accounts": []any{map[string]any{"name": "root", "Secret": marker}}}
			}},
		} {
			body := map[string]any{}
			for k, v := range s.body {
				body[k] = v
			}
			for k, v := range named.body() {
				body[k] = v
			}
			send(s, body, named.key)
		}
		if s.text != "" {
			body := map[string]any{}
			for k, v := range s.body {
				body[k] = v
			}
			body[s.text] = "password=" + marker
			send(s, body, s.text)
		}
	}
	return out
}

// secAuditLog reads the whole audit log as the admin.
func secAuditLog(t *testing.T, w *world) string {
	t.Helper()
	var all strings.Builder
	cursor := ""
	for range 1000 {
		path := "/api/v1/audit?limit=500"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		r := mustStatus(t, w.do(t, "GET", path, w.admin, nil), http.StatusOK)
		all.Write(r.body)
		var page struct {
			NextCursor string `json:"next_cursor"`
		}
		if err := json.Unmarshal(r.body, &page); err != nil {
			t.Fatal(err)
		}
		if cursor = page.NextCursor; cursor == "" {
			return all.String()
		}
	}
	t.Fatal("the audit log does not end")
	return ""
}

// secDump returns every column of every row of every table of the
// database, as text.
func secDump(t *testing.T, db *bun.DB, dialect string) string {
	t.Helper()
	ctx := context.Background()
	var q string
	switch dialect {
	case dbopen.SQLite:
		q = "SELECT name FROM sqlite_master WHERE type = 'table'"
	case dbopen.Postgres:
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
	case dbopen.MySQL:
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
	}
	var tables []string
	if err := db.NewRaw(q).Scan(ctx, &tables); err != nil {
		t.Fatal(err)
	}
	if len(tables) < 10 {
		t.Fatalf("only %d tables: %v", len(tables), tables)
	}
	var all strings.Builder
	for _, table := range tables {
		rows, err := db.QueryContext(ctx, "SELECT * FROM ?", bun.Ident(table))
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(&all, "%v\t", v)
			}
			all.WriteString("\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return all.String()
}

// secPaging reads the listing path page by page, two records at a time,
// and checks that the pages hold every record once, in the order of the
// whole listing.
func secPaging(t *testing.T, w *world, path string) {
	t.Helper()
	type page struct {
		Items      []struct{ ID string }
		NextCursor string `json:"next_cursor"`
	}
	var all page
	decode(t, w.do(t, "GET", secPath+path+"?limit=500", w.admin, nil), &all)
	if len(all.Items) < 3 || all.NextCursor != "" {
		t.Fatalf("%s: %d records, next %q", path, len(all.Items), all.NextCursor)
	}
	var got []string
	cursor := ""
	for range len(all.Items) {
		var p page
		decode(t, w.do(t, "GET", secPath+path+"?limit=2&cursor="+url.QueryEscape(cursor), w.admin, nil), &p)
		for _, it := range p.Items {
			got = append(got, it.ID)
		}
		if cursor = p.NextCursor; cursor == "" {
			break
		}
	}
	if len(got) != len(all.Items) {
		t.Fatalf("%s: the pages hold %d records, the listing %d", path, len(got), len(all.Items))
	}
	for i, it := range all.Items {
		if got[i] != it.ID {
			t.Fatalf("%s: record %d of the pages is %s, of the listing %s", path, i, got[i], it.ID)
		}
	}
}

// TestMain_SecurityPersonalData reads every security record that names
// staff as the viewer, who gets the names masked; as the departments,
// which read the center's plans masked, another unit's records not at all
// and their own unit's whole; and as the center, which reads them whole.
func TestMain_SecurityPersonalData(t *testing.T) {
	w := MustOpenWorld(t)
	plan := w.secPlan(t, true)
	drill := w.secDrill(t)
	inspection := w.secInspection(t)
	hd := w.secHardening(t, true)
	mustStatus(t, w.do(t, "POST", hd+"/verify", w.admin, map[string]string{"verified_by": "覃工"}), http.StatusOK)
	type view struct {
		ApprovedBy   string `json:"approved_by"`
		Inspector    string
		RemediatedBy string `json:"remediated_by"`
		VerifiedBy   string `json:"verified_by"`
		Actions      []struct{ Owner string }
	}
	read := func(token, path string) (view, int) {
		r := w.do(t, "GET", path, token, nil)
		var v view
		if r.status == http.StatusOK {
			if err := json.Unmarshal(r.body, &v); err != nil {
				t.Fatal(err)
			}
		}
		return v, r.status
	}
	names := func(v view) []string {
		out := []string{v.ApprovedBy, v.Inspector, v.RemediatedBy, v.VerifiedBy}
		for _, a := range v.Actions {
			out = append(out, a.Owner)
		}
		return out
	}
	whole := map[string]bool{"区网信委": true, "覃工": true, "韦工": true, "": true}
	for _, tc := range []struct {
		who, token string
		paths      []string
		masked     bool
	}{
		{"viewer", w.viewer, []string{plan, drill, inspection, hd}, true},
		// A plan is the center's: every department reads its approver
		// masked.
		{"another department", w.foreign, []string{plan}, true},
		{"the unit", w.own, []string{plan}, true},
		{"the center", w.admin, []string{plan, drill, inspection, hd}, false},
		{"the unit", w.own, []string{inspection, hd}, false},
	} {
		for _, path := range tc.paths {
			v, status := read(tc.token, path)
			if status != http.StatusOK {
				t.Fatalf("%s reads %s: %d", tc.who, path, status)
			}
			for _, n := range names(v) {
				if n == "" {
					continue
				}
				if tc.masked == whole[n] || tc.masked && !strings.Contains(n, "*") {
					t.Errorf("%s reads %s with the name %q (masked: %v)", tc.who, path, n, tc.masked)
				}
			}
		}
	}
	for _, path := range []string{inspection, hd, inspection + "/events", hd + "/events"} {
		if _, status := read(w.foreign, path); status != http.StatusNotFound {
			t.Errorf("another department reads %s: %d, want 404", path, status)
		}
	}
	// The names the viewer may not read are not in the trails either.
	for _, path := range []string{hd + "/events", drill + "/events", plan + "/events"} {
		r := mustStatus(t, w.do(t, "GET", path, w.viewer, nil), http.StatusOK)
		for _, n := range []string{"韦工", "覃工", "区网信委"} {
			if strings.Contains(string(r.body), n) {
				t.Errorf("the viewer reads %q in %s: %s", n, path, r.body)
			}
		}
	}
}
