// Package dbopen opens the *bun.DB that every govops bun store runs on,
// choosing the dialect and driver from the form of a DSN:
//
//	db, err := dbopen.Open("govops.db")                          // SQLite file
//	db, err := dbopen.Open("postgres://user:pass@host/govops")   // PostgreSQL, KingbaseES, openGauss
//	db, err := dbopen.Open("mysql://user:pass@host:3306/govops") // MySQL, MariaDB, TiDB, OceanBase
//
// It sets what the stores rely on: SQLite in WAL mode with a busy timeout
// and foreign keys on, through one connection; MySQL with parseTime and
// every time in UTC. The stores accept any *bun.DB; this package is the
// shortest way to one that is set up right, and the reference server and
// the tests open their databases through it. OpenGrouped opens a SQLite
// file with group commit (package groupcommit), as the reference server
// does.
package dbopen

import (
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/pgdriver"
	"github.com/uptrace/bun/driver/sqliteshim"

	"github.com/govops-kit/govops/dbopen/groupcommit"
)

// Dialect names, as Dialect returns them. They equal the names of bun's
// dialects (db.Dialect().Name().String()).
const (
	SQLite   = "sqlite"
	Postgres = "pg"
	MySQL    = "mysql"
)

// Dialect tells which database a DSN names: "postgres://…" and
// "postgresql://…" are PostgreSQL, "mysql://…" is MySQL (or MariaDB, TiDB,
// OceanBase), and anything else is a SQLite file path or "file:" URI.
func Dialect(dsn string) string {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres
	case strings.HasPrefix(dsn, "mysql://"):
		return MySQL
	default:
		return SQLite
	}
}

// Open opens dsn and pings it. SQLite files are opened in WAL mode with a
// busy timeout and foreign keys on, and through a single connection, because
// SQLite allows one writer at a time and queueing in the pool is cheaper than
// retrying SQLITE_BUSY. The caller closes the *bun.DB.
func Open(dsn string) (*bun.DB, error) {
	var db *bun.DB
	switch Dialect(dsn) {
	case Postgres:
		conn, err := PGConnector(dsn)
		if err != nil {
			return nil, err
		}
		sqldb := sql.OpenDB(conn)
		sqldb.SetMaxOpenConns(20)
		db = bun.NewDB(sqldb, pgdialect.New())
	case MySQL:
		cfg, err := MySQLConfig(dsn)
		if err != nil {
			return nil, err
		}
		conn, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, fmt.Errorf("dbopen: mysql dsn: %w", err)
		}
		sqldb := sql.OpenDB(conn)
		sqldb.SetMaxOpenConns(20)
		sqldb.SetConnMaxLifetime(5 * time.Minute)
		db = bun.NewDB(sqldb, mysqldialect.New())
	default:
		sqldb, err := sql.Open(sqliteshim.ShimName, sqliteDSN(dsn))
		if err != nil {
			return nil, fmt.Errorf("dbopen: sqlite: %w", err)
		}
		sqldb.SetMaxOpenConns(1)
		db = bun.NewDB(sqldb, sqlitedialect.New())
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("dbopen: ping %s: %w", Dialect(dsn), err)
	}
	return db, nil
}

// OpenGrouped is Open, except that a SQLite file is opened with group
// commit (package groupcommit): concurrent transactions share one physical
// connection and their writes are committed together, each answered only
// after the COMMIT that holds it. It is what a server with many concurrent
// writers on SQLite wants; PostgreSQL and MySQL DSNs are opened as Open
// opens them, since their own pools already commit in parallel.
// groupcommit.Of(db.DB) returns the Connector and its Stats.
func OpenGrouped(dsn string) (*bun.DB, error) {
	if Dialect(dsn) != SQLite {
		return Open(dsn)
	}
	db := bun.NewDB(groupcommit.OpenDB(sqliteshim.Driver(), sqliteDSN(dsn), groupcommit.Options{}), sqlitedialect.New())
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("dbopen: ping %s: %w", SQLite, err)
	}
	return db, nil
}

// sqliteDSN adds the pragmas govops relies on to a SQLite path, keeping any
// the caller gave: WAL with synchronous NORMAL, a busy timeout, foreign
// keys, a page cache of 32 MiB (the default 2 MiB made a bulk mount
// spill dirty pages to the log before it committed), and temporary storage
// in memory. The last keeps statement journals in small heap chunks: a
// statement inside a transaction that has already written (every member
// of a group commit after the first) copies each page it changes into its
// journal first, and SQLite's default journal took a fresh 64 KiB mapping
// for that and unmapped it at the statement's end. That was more than a
// third of the CPU time of registering a case under group commit (754 µs
// a case before, 476 µs after, in package refserver's BenchmarkCaseCreate).
func sqliteDSN(dsn string) string {
	if dsn == "" {
		dsn = "govops.db"
	}
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	var extra []string
	for _, p := range []string{"_pragma=busy_timeout(10000)", "_pragma=journal_mode(WAL)", "_pragma=foreign_keys(1)", "_pragma=synchronous(NORMAL)", "_pragma=cache_size(-32768)", "_pragma=temp_store(memory)"} {
		if !strings.Contains(dsn, p[:strings.Index(p, "(")]) {
			extra = append(extra, p)
		}
	}
	if len(extra) == 0 {
		return dsn
	}
	return dsn + sep + strings.Join(extra, "&")
}

// PGReadTimeout is how long a PostgreSQL connection opened here waits for
// an answer before it gives up, unless the DSN sets read_timeout. The
// driver's own default, 10 s, would cut off a statement that rightly runs
// longer: a summary repair over millions of records, a mount's final
// checks, an annual report at a big city's scale. Requests are bounded by
// their contexts, which the driver honours, rather than by this.
const PGReadTimeout = 10 * time.Minute

// PGConnector turns "postgres://user:pass@host:port/db?param=value" into the
// driver's connector, with a read timeout of PGReadTimeout unless the DSN
// sets read_timeout, for a caller who builds the *sql.DB itself. A DSN the
// driver cannot read is an error that says why, not a panic.
func PGConnector(dsn string) (c *pgdriver.Connector, err error) {
	defer func() {
		// pgdriver.WithDSN panics on a DSN it cannot parse.
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("dbopen: postgres dsn: %v", withoutURL(r))
		}
	}()
	return pgdriver.NewConnector(pgdriver.WithReadTimeout(PGReadTimeout), pgdriver.WithDSN(dsn)), nil
}

// MySQLConfig turns "mysql://user:pass@host:port/db?param=value" into the
// driver's configuration, with parseTime on and times in UTC, for a caller
// who builds the *sql.DB itself.
func MySQLConfig(dsn string) (*mysql.Config, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("dbopen: mysql dsn: %v", withoutURL(err))
	}
	cfg := mysql.NewConfig()
	cfg.Net = "tcp"
	cfg.Addr = u.Host
	if u.Port() == "" {
		cfg.Addr = u.Hostname() + ":3306"
	}
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.MultiStatements = true
	cfg.Params = map[string]string{}
	for k, vs := range u.Query() {
		if len(vs) > 0 {
			cfg.Params[k] = vs[0]
		}
	}
	if _, ok := cfg.Params["time_zone"]; !ok {
		cfg.Params["time_zone"] = "'+00:00'"
	}
	return cfg, nil
}

// withoutURL is what a DSN's parse error says without the DSN itself,
// which url.Parse quotes whole, password included.
func withoutURL(r any) any {
	if e, ok := r.(*url.Error); ok {
		return e.Err
	}
	return r
}
