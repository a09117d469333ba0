package main_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/apitest"
	"github.com/govops-kit/govops/internal/dbtest"
	main "github.com/govops-kit/govops/refserver/cmd/refserver"
	"github.com/govops-kit/govops/refserver/datashareapi"
)

// dataBatch is the part of a batch the tests read.
type dataBatch struct {
	ID, Status, Problem string
	Rows, Mounted       int
}

// dataRecords returns how many records of the entry code the token reads,
// paging through them.
func dataRecords(t testing.TB, base, token, code string) int {
	t.Helper()
	n, cursor := 0, ""
	for {
		r := mustStatus(t, do(t, base, "GET", dataPath(code)+"/records?limit=500&cursor="+cursor, token, nil), http.StatusOK)
		var page struct {
			Items      []json.RawMessage
			NextCursor string `json:"next_cursor"`
		}
		decode(t, r, &page)
		n += len(page.Items)
		if cursor = page.NextCursor; cursor == "" {
			return n
		}
	}
}

// dataBatches returns the batches of the entry code.
func dataBatches(t testing.TB, base, token, code string) []dataBatch {
	t.Helper()
	var page struct{ Items []dataBatch }
	decode(t, do(t, base, "GET", "/api/v1/data/batches?catalog="+code, token, nil), &page)
	return page.Items
}

// TestMain_DataDialects mounts a CSV file and then, as a full refresh, a
// JSON lines file into an entry through the real stores of every
// database, migrated twice, and reads them back: the records, the
// batches, the metrics and the quality report.
func TestMain_DataDialects(t *testing.T) {
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
			if err := db.NewSelect().Table(datasharebun.MigrationsTable).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil || n == 0 {
				t.Fatalf("%s: %d rows, %v", datasharebun.MigrationsTable, n, err)
			}
			p := MustRunMain(t, dsn)
			w := &world{Program: p, admin: p.AdminToken(t)}
			mustStatus(t, w.do(t, "POST", "/api/v1/departments", w.admin, map[string]string{"code": "ylj", "name": "跃进街道"}), http.StatusCreated)
			code := w.dataEntry(t, "unconditional", true)
			mustStatus(t, w.do(t, "POST", dataPath(code)+"/mount", w.admin, dataCSV(t, 0, 1200), csvHeader...), http.StatusOK)
			var lines strings.Builder
			for i := range 3 {
				fmt.Fprintf(&lines, `{"姓名":"李四%d","公民身份号码":"%s","保障金额":720,"批准日期":"2026-03-02"}`+"\n", i, residentID(t, 5000+i))
			}
			r := mustStatus(t, w.do(t, "POST", dataPath(code)+"/mount?replace=true&source=refresh.jsonl", w.admin, lines.String(),
				"Content-Type", "application/x-ndjson"), http.StatusOK)
			var res struct {
				Imported int
				Batch    dataBatch
			}
			decode(t, r, &res)
			if res.Imported != 3 || res.Batch.Status != "committed" || res.Batch.Mounted != 3 {
				t.Fatalf("refresh: %+v", res)
			}
			bs := dataBatches(t, w.URL, w.admin, code)
			if len(bs) != 2 || bs[0].Status != "replaced" || bs[0].Mounted != 1200 || bs[1].ID != res.Batch.ID {
				t.Fatalf("batches %+v", bs)
			}
			var page struct {
				Items []struct {
					Line   int
					Values map[string]string
				}
			}
			decode(t, w.do(t, "GET", dataPath(code)+"/records", w.admin, nil), &page)
			if len(page.Items) != 3 || page.Items[0].Line != 1 || page.Items[0].Values["保障金额"] != "720" ||
				page.Items[2].Values["公民身份号码"] != residentID(t, 5002) {
				t.Fatalf("records after the refresh: %+v", page.Items)
			}
			var m struct {
				Records    int
				Structured int
				Shared     int
				ShareRatio struct{ Percent *string } `json:"share_ratio"`
			}
			decode(t, w.do(t, "GET", "/api/v1/data/metrics", w.admin, nil), &m)
			if m.Records != 3 || m.Structured != 1 || m.Shared != 1 || m.ShareRatio.Percent == nil || *m.ShareRatio.Percent != "100.00" {
				t.Fatalf("metrics: %+v", m)
			}
			var q struct {
				Catalogs   int
				Dimensions []struct {
					Dimension string
					Overall   struct{ Numerator, Denominator int }
				}
			}
			decode(t, w.do(t, "GET", "/api/v1/data/quality", w.admin, nil), &q)
			if q.Catalogs != 1 || len(q.Dimensions) != 5 || q.Dimensions[2].Dimension != "uniqueness" ||
				q.Dimensions[2].Overall.Numerator != 3 || q.Dimensions[2].Overall.Denominator != 3 {
				t.Fatalf("quality: %+v", q)
			}
		})
	}
}

// TestMain_DataMountLarge mounts a 3 MiB CSV file, three times the 1 MiB a
// JSON body may have: a mount streams, and has its own bound.
func TestMain_DataMountLarge(t *testing.T) {
	w := MustOpenWorld(t)
	code := w.dataEntry(t, "unconditional", true)
	// Long names make the file large with few rows: what is measured is
	// the body, and each row costs the race detector time.
	const rows = 16_000
	var b strings.Builder
	b.WriteString("姓名,公民身份号码,保障金额,批准日期\n")
	for i := range rows {
		fmt.Fprintf(&b, "张三%d%s,%s,650.00,2026-03-01\n", i, strings.Repeat("之", 50), residentID(t, i))
	}
	file := b.String()
	if len(file) < 3<<20 {
		t.Fatalf("the file is %d bytes, want at least 3 MiB", len(file))
	}
	r := mustStatus(t, w.do(t, "POST", dataPath(code)+"/mount?source=低保.csv", w.own, file, csvHeader...), http.StatusOK)
	var res struct {
		Mode     string
		Rows     int
		Imported int
		Errors   []any
		Batch    dataBatch
	}
	decode(t, r, &res)
	if res.Mode != "all-or-nothing" || res.Rows != rows || res.Imported != rows || len(res.Errors) != 0 ||
		res.Batch.Status != "committed" || res.Batch.Mounted != rows {
		t.Fatalf("mount: %+v", res)
	}
	// The records are visible in the order they were mounted.
	var page struct {
		Items []struct {
			Line   int
			Values map[string]string
		}
		NextCursor string `json:"next_cursor"`
	}
	decode(t, w.do(t, "GET", dataPath(code)+"/records?limit=500", w.own, nil), &page)
	if len(page.Items) != 500 || page.NextCursor == "" || page.Items[0].Line != 2 || page.Items[0].Values["公民身份号码"] != residentID(t, 0) {
		t.Fatalf("first page: %d records, the first %+v", len(page.Items), page.Items[0])
	}
	var m struct{ Records int }
	decode(t, w.do(t, "GET", "/api/v1/data/metrics", w.own, nil), &m)
	if m.Records != rows {
		t.Fatalf("metrics count %d records, want %d", m.Records, rows)
	}
}

// TestMain_DataMountTooLarge runs a server whose bound on a mount is 64
// KiB and mounts 200 KiB: a body that declares its length is refused
// before a batch starts; one sent in chunks is cut at the bound, and its
// batch fails. Either way the answer is 413 naming the bound, and no
// record is visible.
func TestMain_DataMountTooLarge(t *testing.T) {
	p := MustRunMain(t, tempDB(t), "-max-mount-bytes", "64KiB")
	w := &world{Program: p, admin: p.AdminToken(t)}
	mustStatus(t, w.do(t, "POST", "/api/v1/departments", w.admin, map[string]string{"code": "ylj", "name": "跃进街道"}), http.StatusCreated)
	file := dataCSV(t, 0, 4000)
	if len(file) < 150<<10 {
		t.Fatalf("the file is only %d bytes", len(file))
	}
	check := func(t *testing.T, status int, body []byte) {
		t.Helper()
		var prob struct {
			Code   string
			Fields map[string]string
		}
		if err := json.Unmarshal(body, &prob); err != nil || status != http.StatusRequestEntityTooLarge || prob.Code != "invalid" ||
			!strings.Contains(prob.Fields["body"], "64 KiB (65536 bytes)") {
			t.Fatalf("status %d: %s", status, body)
		}
	}
	t.Run("LengthDeclared", func(t *testing.T) {
		code := w.dataEntry(t, "unconditional", true)
		r := w.do(t, "POST", dataPath(code)+"/mount", w.admin, file, csvHeader...)
		check(t, r.status, r.body)
		if bs := dataBatches(t, w.URL, w.admin, code); len(bs) != 0 {
			t.Fatalf("batches %+v: a body over the bound started one", bs)
		}
		if n := dataRecords(t, w.URL, w.admin, code); n != 0 {
			t.Fatalf("%d records visible", n)
		}
	})
	t.Run("Chunked", func(t *testing.T) {
		code := w.dataEntry(t, "unconditional", true)
		// A reader of unknown length is sent chunked, with no length.
		status, _, body := apitest.Exact(t, w.URL, "POST", dataPath(code)+"/mount?mode=keep-good", w.admin,
			io.MultiReader(strings.NewReader(file)), "Content-Type", "text/csv")
		check(t, status, body)
		bs := dataBatches(t, w.URL, w.admin, code)
		if len(bs) != 1 || bs[0].Status != "failed" || bs[0].Mounted != 0 || bs[0].Problem == "" {
			t.Fatalf("batches %+v: want one failed", bs)
		}
		if n := dataRecords(t, w.URL, w.admin, code); n != 0 {
			t.Fatalf("%d records visible", n)
		}
	})
	t.Run("UnderTheBound", func(t *testing.T) {
		code := w.dataEntry(t, "unconditional", true)
		mustStatus(t, w.do(t, "POST", dataPath(code)+"/mount", w.admin, dataCSV(t, 0, 100), csvHeader...), http.StatusOK)
		if n := dataRecords(t, w.URL, w.admin, code); n != 100 {
			t.Fatalf("%d records visible, want 100", n)
		}
	})
}

// TestMain_DataCodeInPath names an entry by its code, whose "/" a path
// carries percent-encoded (%2F), and by its ID, through reads and writes;
// the code written with a bare "/" is two segments, which no route has.
func TestMain_DataCodeInPath(t *testing.T) {
	w := MustOpenWorld(t)
	code := w.dataEntry(t, "conditional", false)
	byCode := "/api/v1/data/catalogs/" + strings.Replace(code, "/", "%2F", 1)
	r := mustStatus(t, w.do(t, "GET", byCode, w.own, nil), http.StatusOK)
	id := r.str(t, "id")
	if r.str(t, "code") != code {
		t.Fatalf("GET %s: %s", byCode, r.body)
	}
	byID := "/api/v1/data/catalogs/" + id
	if got := mustStatus(t, w.do(t, "GET", byID, w.own, nil), http.StatusOK).str(t, "code"); got != code {
		t.Fatalf("GET %s: code %q", byID, got)
	}
	// Lower-case hexadecimal is the same escape.
	mustStatus(t, w.do(t, "GET", strings.Replace(byCode, "%2F", "%2f", 1)+"/columns", w.own, nil), http.StatusOK)
	mustStatus(t, w.do(t, "PATCH", byCode, w.own, map[string]string{"cycle": "weekly"}, "If-Match", `"1"`), http.StatusOK)
	r = mustStatus(t, w.do(t, "POST", byID+"/publish", w.own, nil, "If-Match", `"2"`), http.StatusOK)
	if r.str(t, "status") != "published" || r.str(t, "cycle") != "weekly" || r.header.Get("ETag") != `"3"` {
		t.Fatalf("publish: %s", r.body)
	}
	var trail struct {
		Items []struct {
			Type          string
			ToStatusLabel string `json:"to_status_label"`
		}
	}
	decode(t, w.do(t, "GET", byCode+"/events", w.own, nil), &trail)
	if len(trail.Items) != 3 || trail.Items[2].Type != "catalog_published" || trail.Items[2].ToStatusLabel != "已发布" {
		t.Fatalf("trail: %+v", trail)
	}
	r = w.do(t, "GET", "/api/v1/data/catalogs/"+code, w.own, nil)
	if r.status != http.StatusNotFound || !strings.Contains(string(r.body), "no_route") {
		t.Fatalf("GET with a bare /: %d %s", r.status, r.body)
	}
}

// TestMain_DataRecoverAtStart leaves a mount loading in the database, as a
// process killed in the middle of one does, and starts the server: it
// fails the batch at start, says so in its log, and none of the records
// the dead process wrote is visible.
func TestMain_DataRecoverAtStart(t *testing.T) {
	dsn := tempDB(t)
	p := MustRunMain(t, dsn)
	w := &world{Program: p, admin: p.AdminToken(t)}
	mustStatus(t, w.do(t, "POST", "/api/v1/departments", w.admin, map[string]string{"code": "ylj", "name": "跃进街道"}), http.StatusCreated)
	code := w.dataEntry(t, "unconditional", true)
	admin := w.admin
	if err := p.Stop(t); err != nil {
		t.Fatal(err)
	}

	// The killed process: a batch begun and written an hour before the
	// next start, never committed.
	ctx := context.Background()
	db, err := dbopen.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	st := datasharebun.New(db)
	c, err := st.CatalogByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	at := testStart.Add(-time.Hour).UTC().Truncate(time.Microsecond)
	b := datashare.Batch{ID: uuid.Must(uuid.NewV7()), Catalog: c.ID, CatalogCode: c.Code, Department: c.Department, Actor: "跃进街道值班",
		Mode: string(csvimport.AllOrNothing), Status: datashare.BatchLoading, StartedAt: at, TouchedAt: at, Version: 1}
	ev, err := govops.NewEvent(b.ID, 1, datashare.EventMountStarted, govops.Actor{Name: b.Actor}, at, "", datashare.Status(datashare.BatchLoading))
	if err != nil {
		t.Fatal(err)
	}
	mw, err := st.BeginMount(ctx, b, []datashare.Event{ev})
	if err != nil {
		t.Fatal(err)
	}
	if err := mw.Write(ctx, []datashare.Record{{Catalog: c.ID, Batch: b.ID, Line: 2, Data: `{"姓名":"张三"}`}}, at); err != nil {
		t.Fatal(err)
	}
	st.Close()
	db.Close()

	p = MustRunMain(t, dsn)
	if !strings.Contains(p.Stderr.String(), `"msg":"abandoned mounts recovered","failed":1,"batch":"`+b.ID.String()+`"`) {
		t.Fatalf("the start did not log the recovered mount:\n%s", p.Stderr.String())
	}
	bs := dataBatches(t, p.URL, admin, code)
	if len(bs) != 1 || bs[0].ID != b.ID.String() || bs[0].Status != "failed" || !strings.HasPrefix(bs[0].Problem, "abandoned") {
		t.Fatalf("batches %+v", bs)
	}
	var trail struct {
		Items []struct{ Type, Actor string }
	}
	decode(t, do(t, p.URL, "GET", "/api/v1/data/batches/"+b.ID.String()+"/events", admin, nil), &trail)
	if len(trail.Items) != 2 || trail.Items[1].Type != "mount_failed" || trail.Items[1].Actor != main.RecoverActor {
		t.Fatalf("trail %+v", trail)
	}
	if n := dataRecords(t, p.URL, admin, code); n != 0 {
		t.Fatalf("%d records of the dead mount are visible", n)
	}
	// Nothing is left to recover, at the next start or on demand.
	var rec struct{ Failed int }
	decode(t, do(t, p.URL, "POST", "/api/v1/data/batches/recover", admin, nil), &rec)
	if rec.Failed != 0 {
		t.Fatalf("recover again: %+v", rec)
	}
}

func TestMain_MaxMountBytes(t *testing.T) {
	t.Run("Default", func(t *testing.T) {
		t.Setenv("GOVOPS_MAX_MOUNT_BYTES", "")
		m := main.NewMain()
		if err := m.ParseFlags(context.Background(), nil); err != nil || m.MaxMountBytes != datashareapi.DefaultMaxMountBytes {
			t.Fatalf("MaxMountBytes %d, %v", m.MaxMountBytes, err)
		}
	})
	for _, tc := range []struct {
		env  string
		args []string
		want int64
	}{
		{"64MiB", nil, 64 << 20},
		{"", []string{"-max-mount-bytes", "2GiB"}, 2 << 30},
		{"1GiB", []string{"-max-mount-bytes", "512KiB"}, 512 << 10},
		{"", []string{"-max-mount-bytes=1000000"}, 1_000_000},
		{"", []string{"serve", "-max-mount-bytes", "3 MiB"}, 3 << 20},
	} {
		t.Run("OK", func(t *testing.T) {
			t.Setenv("GOVOPS_MAX_MOUNT_BYTES", tc.env)
			m := main.NewMain()
			if err := m.ParseFlags(context.Background(), tc.args); err != nil || m.MaxMountBytes != tc.want {
				t.Fatalf("env %q, args %q: MaxMountBytes %d, %v; want %d", tc.env, tc.args, m.MaxMountBytes, err, tc.want)
			}
		})
	}
	for _, tc := range []struct{ env, arg string }{
		{"1GB", ""}, {"0", ""}, {"-5", ""}, {"lots", ""}, {"", "0"}, {"", "1.5GiB"}, {"", "9999999999GiB"},
	} {
		t.Run("Err", func(t *testing.T) {
			t.Setenv("GOVOPS_MAX_MOUNT_BYTES", tc.env)
			m := main.NewMain()
			m.Stderr = io.Discard
			var args []string
			if tc.arg != "" {
				args = []string{"-max-mount-bytes", tc.arg}
			}
			err := m.ParseFlags(context.Background(), args)
			if err == nil || errors.Is(err, flag.ErrHelp) || !strings.Contains(err.Error(), "1GiB") {
				t.Fatalf("env %q, arg %q: %v", tc.env, tc.arg, err)
			}
		})
	}
}
