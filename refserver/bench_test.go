package refserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/dbopen/groupcommit"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorybun"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/refserver"
)

// benchClients are the numbers of concurrent keep-alive clients
// BenchmarkCaseCreate runs with, one sub-benchmark each.
var benchClients = []int{8, 50}

var benchBody = []byte(`{"kind":"hotline","category":"complaint","priority":"normal","source":"phone",` +
	`"external_no":"LZ12345-20260302-0001","title":"跃进路口路灯不亮","description":"跃进路与解放路交叉口路灯连续三晚不亮，夜间行人通行不便。",` +
	`"reporter":{"name":"张三丰","phone":"13812341234"},"location":"跃进路口"}`)

type baselineInput struct {
	Kind        string `json:"kind"`
	Category    string `json:"category"`
	Priority    string `json:"priority"`
	Source      string `json:"source"`
	ExternalNo  string `json:"external_no"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Reporter    struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	} `json:"reporter"`
	Location string `json:"location"`
}

// baselineHandler is the least a server can do for the same request: a bare
// bunrouter handler that decodes the JSON and inserts one row with bun.
func baselineHandler(db *bun.DB) http.Handler {
	var seq atomic.Int64
	r := bunrouter.New()
	r.POST("/api/v1/cases", func(w http.ResponseWriter, req bunrouter.Request) error {
		var in baselineInput
		dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return nil
		}
		now := time.Now().UTC()
		// The columns of a case as registered, into govcase_cases itself
		// (migrated by govcasebun, with its indexes), so that the baseline
		// writes the same row to the same table.
		row := map[string]any{
			"id": uuid.Must(uuid.NewV7()).String(), "number": fmt.Sprintf("2026-%06d", seq.Add(1)), "year": 2026,
			"kind": in.Kind, "category": in.Category, "priority": in.Priority, "source": in.Source,
			"external_no": in.ExternalNo, "title": in.Title, "description": in.Description,
			"reporter_name": in.Reporter.Name, "reporter_phone": in.Reporter.Phone, "location": in.Location,
			"status": "registered", "created_at": now, "updated_at": now, "version": 1,
		}
		if _, err := db.NewInsert().Model(&row).TableExpr("govcase_cases").Exec(req.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return nil
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		return json.NewEncoder(w).Encode(row)
	})
	return r
}

// load sends n case creations to url from clients keep-alive clients and
// returns the wall time and every request's latency, sorted.
func load(b *testing.B, client *http.Client, clients int, url, token string, n int) (time.Duration, []time.Duration) {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/cases", bytes.NewReader(benchBody))
				req.Header.Set("Content-Type", "application/json")
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat[i] = time.Since(t0)
				if res.StatusCode != http.StatusCreated {
					b.Errorf("status %d", res.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sortDurations(lat)
	return elapsed, lat
}

func sortDurations(d []time.Duration) { sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }

// benchRounds is how many rounds each of the server and the baseline run.
const benchRounds = 10

// rounds splits n requests into at most benchRounds rounds.
func rounds(n int) []int {
	k := min(benchRounds, n)
	out := make([]int, k)
	for i := range out {
		out[i] = n / k
		if i < n%k {
			out[i]++
		}
	}
	return out
}

func percentile(sorted []time.Duration, p int) float64 {
	i := len(sorted) * p / 100
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return float64(sorted[i].Microseconds()) / 1000
}

// mustOpenCaseServer opens the SQLite file path with open and returns a
// server of cases and departments over it, as serve builds one, with an
// admin token; the database is closed when tb ends.
func mustOpenCaseServer(tb testing.TB, open func(string) (*bun.DB, error), path string, log *slog.Logger) (*refserver.Server, *bun.DB, string) {
	tb.Helper()
	ctx := context.Background()
	db, err := open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	store, own, deps := govcasebun.New(db), refserver.NewBunStore(db), directorybun.New(db)
	for _, migrate := range []func(context.Context) error{store.Migrate, deps.Migrate, own.Migrate} {
		if err := migrate(ctx); err != nil {
			tb.Fatal(err)
		}
	}
	srv, err := refserver.New(refserver.Config{Logger: log},
		refserver.Services{Cases: govcase.NewService(store), Departments: directory.NewService(deps), Store: own, Ping: db.PingContext})
	if err != nil {
		tb.Fatal(err)
	}
	_, token, err := srv.Registry().IssueToken(ctx, refserver.TokenInput{Name: "staff", Role: refserver.RoleAdmin})
	if err != nil {
		tb.Fatal(err)
	}
	return srv, db, token
}

// BenchmarkCaseCreate registers cases over loopback HTTP through the whole
// server (bearer authentication, decoding, the govcase Service with its
// sequence number and event, govcasebun on a SQLite file with group commit
// as the server opens it, the audit event, the access log) and, in the
// same run, through the baseline: a bare bunrouter handler that decodes
// the same JSON and inserts the same row with bun into govcase_cases in its
// own SQLite file, opened plain (dbopen.Open). One sub-benchmark per number
// of concurrent clients (benchClients). ns/op is the server's; the metrics
// give both rates, their ratio, both latency percentiles, the CPU time the
// process spent per case on each side (the load generator included), the
// writes each physical COMMIT of the server carried, and the rate of the
// same server over the in-memory stores (the HTTP layer's own ceiling).
func BenchmarkCaseCreate(b *testing.B) {
	for _, clients := range benchClients {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) { benchCaseCreate(b, clients) })
	}
}

func benchCaseCreate(b *testing.B, clients int) {
	ctx := context.Background()
	dir := b.TempDir()

	// The server's SQLite is opened as refserver serve opens it: with
	// group commit unless GOVOPS_GROUP_COMMIT=false, which measures the
	// server on one plain connection.
	openServer := dbopen.OpenGrouped
	if v := os.Getenv("GOVOPS_GROUP_COMMIT"); v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			b.Fatalf("GOVOPS_GROUP_COMMIT=%q: %v", v, err)
		}
		if !on {
			openServer = dbopen.Open
		}
	}
	srv, db, token := mustOpenCaseServer(b, openServer, filepath.Join(dir, "server.db"), slog.New(slog.NewJSONHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	bdb, err := dbopen.Open(filepath.Join(dir, "baseline.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	if err := govcasebun.New(bdb).Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	bts := httptest.NewServer(baselineHandler(bdb))
	defer bts.Close()

	// The same server over the in-memory stores shows what the HTTP layer
	// itself costs, apart from the database.
	memSrv, err := refserver.New(
		refserver.Config{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))},
		refserver.Services{Cases: govcase.NewService(govcasemem.New()), Departments: directory.NewService(directorymem.New()), Store: refserver.NewMemStore()})
	if err != nil {
		b.Fatal(err)
	}
	_, memToken, err := memSrv.Registry().IssueToken(ctx, refserver.TokenInput{Name: "bench", Role: refserver.RoleAdmin})
	if err != nil {
		b.Fatal(err)
	}
	mts := httptest.NewServer(memSrv.Handler())
	defer mts.Close()

	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 3 * clients, MaxIdleConnsPerHost: clients}}
	defer client.CloseIdleConnections()
	load(b, client, clients, ts.URL, token, 100) // warm up connections, caches and the WAL
	load(b, client, clients, bts.URL, "", 100)
	load(b, client, clients, mts.URL, memToken, 100)

	// The server and the baseline take turns, a round each, first one
	// then the other, so that a change in the machine's load falls on both.
	var gcBefore groupcommit.Stats
	if groupcommit.Of(db.DB) != nil {
		gcBefore = groupcommit.Of(db.DB).Stats()
	}
	var serverTime, baseTime, serverCPU, baseCPU time.Duration
	var serverLat, baseLat []time.Duration
	server := func(n int) {
		cpu := cpuTime()
		b.StartTimer()
		took, lat := load(b, client, clients, ts.URL, token, n)
		b.StopTimer()
		serverTime, serverLat, serverCPU = serverTime+took, append(serverLat, lat...), serverCPU+cpuTime()-cpu
	}
	baseline := func(n int) {
		cpu := cpuTime()
		took, lat := load(b, client, clients, bts.URL, "", n)
		baseTime, baseLat, baseCPU = baseTime+took, append(baseLat, lat...), baseCPU+cpuTime()-cpu
	}
	b.ResetTimer()
	b.StopTimer()
	for i, n := range rounds(b.N) {
		if i%2 == 0 {
			server(n)
			baseline(n)
		} else {
			baseline(n)
			server(n)
		}
	}
	var gc groupcommit.Stats
	if groupcommit.Of(db.DB) != nil {
		gc = groupcommit.Of(db.DB).Stats()
	}
	sortDurations(serverLat)
	sortDurations(baseLat)
	memTime, _ := load(b, client, clients, mts.URL, memToken, b.N)

	serverRate := float64(b.N) / serverTime.Seconds()
	baseRate := float64(b.N) / baseTime.Seconds()
	b.ReportMetric(serverRate, "cases/s")
	b.ReportMetric(baseRate, "baseline-cases/s")
	b.ReportMetric(serverRate/baseRate, "ratio")
	b.ReportMetric(percentile(serverLat, 50), "p50-ms")
	b.ReportMetric(percentile(serverLat, 99), "p99-ms")
	b.ReportMetric(percentile(baseLat, 50), "baseline-p50-ms")
	b.ReportMetric(percentile(baseLat, 99), "baseline-p99-ms")
	if commits := gc.Commits - gcBefore.Commits; commits > 0 {
		b.ReportMetric(float64(gc.Members-gcBefore.Members)/float64(commits), "writes/commit")
	}
	if serverCPU > 0 {
		b.ReportMetric(float64(serverCPU.Microseconds())/float64(b.N), "cpu-us/case")
		b.ReportMetric(float64(baseCPU.Microseconds())/float64(b.N), "baseline-cpu-us/case")
	}
	b.ReportMetric(float64(b.N)/memTime.Seconds(), "inmemory-cases/s")
}
