package refserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorybun"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/refserver"
)

// secondHandle opens another *bun.DB, with its own connection pool, on the
// isolated database that dbtest gave first: as a second server process
// would.
func secondHandle(t *testing.T, dialect string, first *bun.DB) *bun.DB {
	t.Helper()
	ctx := context.Background()
	u, err := url.Parse(dbtest.DSN(t, dialect))
	if err != nil {
		t.Fatal(err)
	}
	var name string
	switch dialect {
	case dbopen.Postgres:
		if err := first.QueryRowContext(ctx, "SELECT current_schema()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
	case dbopen.MySQL:
		if err := first.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
	}
	db, err := dbopen.Open(u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// serverOn builds a Server over its own stores on db.
func serverOn(t *testing.T, db *bun.DB, now func() time.Time) (*refserver.Server, string) {
	t.Helper()
	ctx := context.Background()
	store := govcasebun.New(db)
	dir := refserver.NewBunStore(db)
	depsStore := directorybun.New(db)
	for _, migrate := range []func(context.Context) error{store.Migrate, depsStore.Migrate, dir.Migrate} {
		if err := migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Department ylj, which the other server on db may have added.
	deps := directory.NewService(depsStore, directory.WithNow(now))
	if _, err := deps.Create(ctx, govops.Actor{Name: "中心"}, directory.CreateInput{Code: "ylj", Name: "跃进街道", Kind: directory.KindTownship}); err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
		t.Fatal(err)
	}
	srv, err := refserver.New(
		refserver.Config{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), Now: now},
		refserver.Services{Cases: govcase.NewService(store, govcase.WithNow(now)), Departments: deps, Store: dir, Ping: db.PingContext})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// TestServer_SharedDatabaseRace runs two Servers, each with its own
// database handle, on one PostgreSQL (or MySQL) database, and races the
// same accept many times with the same If-Match: exactly one request may
// win each round, and the event trail must stay contiguous.
func TestServer_SharedDatabaseRace(t *testing.T) {
	const rounds, racers = 20, 8
	for _, d := range []string{dbopen.Postgres, dbopen.MySQL} {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db1 := dbtest.Open(t, d)
			db2 := secondHandle(t, d, db1)
			now := stepClock(testStart)
			srvA, urlA := serverOn(t, db1, now)
			_, urlB := serverOn(t, db2, now)

			admin, dept := seedRace(t, srvA)

			for round := range rounds {
				r := do(t, urlA, "POST", "/api/v1/cases", admin, map[string]any{"kind": "hotline", "category": "help", "source": "phone", "title": fmt.Sprintf("第%d轮", round)})
				mustStatus(t, r, http.StatusCreated)
				number := r.json(t)["number"].(string)
				r = do(t, urlB, "POST", "/api/v1/cases/"+number+"/dispatch", admin, map[string]string{"department": "ylj"}, "If-Match", `"1"`)
				mustStatus(t, r, http.StatusOK)
				tag := r.header.Get("ETag")

				statuses := make([]int, racers)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range racers {
					base := urlA
					if i%2 == 1 {
						base = urlB
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						statuses[i] = do(t, base, "POST", "/api/v1/cases/"+number+"/accept", dept, nil, "If-Match", tag).status
					}()
				}
				close(start)
				wg.Wait()
				won, lost := 0, 0
				for _, s := range statuses {
					switch {
					case s >= 200 && s < 300:
						won++
					case s == http.StatusConflict:
						lost++
					}
				}
				if won != 1 || lost != racers-1 {
					t.Fatalf("round %d: statuses %v; want one 2xx and %d × 409", round, statuses, racers-1)
				}

				r = do(t, urlB, "GET", "/api/v1/cases/"+number, admin, nil)
				mustStatus(t, r, http.StatusOK)
				version := int(r.json(t)["version"].(float64))
				evs := trailOf(t, urlA, admin, number)
				for i, ev := range evs.Items {
					if ev.Seq != i+1 {
						t.Fatalf("round %d: event %d has seq %d; trail %+v", round, i, ev.Seq, evs.Items)
					}
				}
				if n := len(evs.Items); n != 3 || version != 3 || evs.Items[n-1].Seq != version || evs.Items[n-1].Type != "accepted" {
					t.Fatalf("round %d: version %d, trail %+v; want registered, dispatched, accepted", round, version, evs.Items)
				}
			}
		})
	}
}

// TestServer_ConcurrentCommentsAllLand sends 20 comments and 20 urges on one
// case at once, without If-Match, through two Servers sharing a PostgreSQL
// or MySQL database (one Server on SQLite): an absent If-Match means
// "whatever the version", so every one lands and the trail holds them all,
// contiguous.
func TestServer_ConcurrentCommentsAllLand(t *testing.T) {
	const writers = 20
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db1 := dbtest.Open(t, d)
			now := stepClock(testStart)
			srvA, urlA := serverOn(t, db1, now)
			urlB := urlA
			if d != dbopen.SQLite {
				_, urlB = serverOn(t, secondHandle(t, d, db1), now)
			}
			admin, _ := seedRace(t, srvA)
			r := do(t, urlA, "POST", "/api/v1/cases", admin, map[string]any{"kind": "hotline", "category": "help", "source": "phone", "title": "并发批示"})
			mustStatus(t, r, http.StatusCreated)
			number := r.json(t)["number"].(string)
			mustStatus(t, do(t, urlB, "POST", "/api/v1/cases/"+number+"/dispatch", admin, map[string]string{"department": "ylj"}), http.StatusOK)

			statuses := make([]int, 2*writers)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range 2 * writers {
				base, action := urlA, "comment"
				if i%2 == 1 {
					base, action = urlB, "urge"
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					statuses[i] = do(t, base, "POST", "/api/v1/cases/"+number+"/"+action, admin, map[string]string{"note": fmt.Sprintf("第%d条", i)}).status
				}()
			}
			close(start)
			wg.Wait()
			for i, s := range statuses {
				if s != http.StatusOK {
					t.Errorf("writer %d: status %d, want 200", i, s)
				}
			}
			evs := trailOf(t, urlA, admin, number)
			counts := map[string]int{}
			for i, ev := range evs.Items {
				if ev.Seq != i+1 {
					t.Fatalf("event %d has seq %d: the trail has a gap", i, ev.Seq)
				}
				counts[ev.Type]++
			}
			if counts["commented"] != writers || counts["urged"] != writers {
				t.Fatalf("trail counts %v; want %d comments and %d urges", counts, writers, writers)
			}
		})
	}
}

// trail is a case's event list as the API answers it, seq and type only.
type trail struct {
	Items []struct {
		Seq  int    `json:"seq"`
		Type string `json:"type"`
	} `json:"items"`
}

// trailOf reads the trail of the case numbered number.
func trailOf(t *testing.T, base, token, number string) trail {
	t.Helper()
	r := do(t, base, "GET", "/api/v1/cases/"+number+"/events", token, nil)
	mustStatus(t, r, http.StatusOK)
	var evs trail
	if err := json.Unmarshal(r.body, &evs); err != nil {
		t.Fatal(err)
	}
	return evs
}

// seedRace returns an admin token and a dept token of ylj.
func seedRace(t *testing.T, srv *refserver.Server) (admin, dept string) {
	t.Helper()
	ctx := context.Background()
	reg := srv.Registry()
	_, admin, err := reg.IssueToken(ctx, refserver.TokenInput{Name: "中心", Role: refserver.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	_, dept, err = reg.IssueToken(ctx, refserver.TokenInput{Name: "跃进街道", Role: refserver.RoleDept, Department: "ylj"})
	if err != nil {
		t.Fatal(err)
	}
	return admin, dept
}
