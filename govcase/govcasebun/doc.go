// Package govcasebun stores command-platform cases (综合指挥平台工单) in
// SQLite, PostgreSQL or MySQL/MariaDB through bun. It implements
// govcase.Store and holds no business rule: the govcase.Service validates
// and decides, the Store only keeps and queries what it is given.
//
// # Opening
//
// Open a *bun.DB with dbopen, which picks the dialect and driver from the
// DSN, then call Open, which runs the migrations:
//
//	db, err := dbopen.Open("govops.db") // or "postgres://…", "mysql://…"
//	if err != nil { … }
//	store, err := govcasebun.Open(ctx, db)
//	if err != nil { … }
//	svc := govcase.NewService(store)
//
// Any *bun.DB works, built with sqlitedialect, pgdialect or mysqldialect
// (PostgreSQL-protocol databases such as KingbaseES and openGauss use
// pgdialect; TiDB and OceanBase use mysqldialect). MySQL connections need
// parseTime=true and loc=UTC, which dbopen.MySQLConfig sets for a caller
// who builds its own. A SQLite *sql.DB limited to one connection is fine:
// the Store never uses the *bun.DB while it holds a transaction.
//
// CreateCase and UpdateCase run statements prepared once per Store (not
// through bun's query builder, so bun query hooks do not see them); Close
// releases them and leaves the *bun.DB open.
//
// # Migrations
//
// Migrate (called by Open) runs the embedded SQL migrations of the dialect
// (migrations/sqlite, migrations/pg, migrations/mysql) with bun's migrate
// package, recording them in their own table, govcase_migrations, and
// locking through govcase_migration_locks, so govcase lives beside a host
// application's own bun migrations. It is safe to call on every start:
// applied migrations are skipped, every statement is idempotent (IF NOT
// EXISTS), and processes that start together wait for one another's lock.
// A column added by a later migration is added with ADD COLUMN IF NOT
// EXISTS on PostgreSQL and, on MySQL, which lacks it, by a statement
// prepared only when information_schema does not list the column; SQLite
// lacks it too, and adds the columns in the migration's one transaction.
//
// # Tables
//
//   - govcase_cases: one row per case. IDs are VARCHAR(36) (UUIDv7 text,
//     whose byte order is creation order; COLLATE "C" on PostgreSQL and
//     utf8mb4_bin on MySQL keep that order); times are UTC, NULL when zero,
//     kept to the microsecond (TIMESTAMPTZ, DATETIME(6), or text on SQLite).
//     Six derived columns (is_dispatched, is_accepted, accepted_on_time,
//     is_replied, replied_on_time, handling_secs) apply the Case's own rules
//     (AcceptedOnTime, RepliedOnTime, HandlingSeconds) to the row's own
//     times on every write, so that
//     CaseStats is a plain GROUP BY with no dialect-specific time
//     arithmetic. accept_by_provisional and resolve_by_provisional are
//     BOOLEAN (0 and 1 on SQLite and MySQL), FALSE for cases stored before
//     the columns existed.
//   - govcase_events: the append-only trail, in the columns every govops
//     trail shares (attachments a JSON array of strings) beside case_id;
//     UNIQUE (case_id, seq) stops two writers from both appending the same
//     step even if the version check were bypassed.
//   - govcase_sequences: the last case sequence number of each year,
//     incremented by one atomic upsert per NextSeq.
//   - govcase_routing_rules: routing rules (任务下发), keywords as a JSON array.
//
// # Indexes
//
// Every ListCases query orders by id descending and pages with "id < ?", so
// the list indexes end in id: an equality prefix followed by id lets the
// database read the first page straight from the index, with no sort.
//
//   - (number) UNIQUE: GetCaseByNumber, and duplicate numbers are ECONFLICT.
//   - (department, status, id): a department's cases in a status, the
//     department work list (ListCases with Department and Statuses). For
//     several statuses ListCases asks one branch per status (UNION ALL), each
//     reading its first page from this index.
//   - (status, id): the center's lists by status across departments, and
//     the open cases that RecomputeDeadlines pages through once per
//     calendar notice: Filter.ProvisionalDeadlines needs no index of its own.
//   - (status, resolve_by): overdue and due-soon cases (open statuses with
//     ResolveByBefore/After), which feed urging (督办).
//   - (kind, status, id): lists by kind, e.g. open IT-operations cases.
//   - (external_no): lookup by the city's 12345 ticket number.
//   - (created_at): lists and statistics over a period.
//   - (year, kind, status, department, created_at, derived columns): a
//     covering index for CaseStats, which then groups a year's cases from
//     the index alone without reading the table.
//   - govcase_events (case_id, seq) UNIQUE: ListEvents in order, and the
//     guard above.
//
// With one million cases over two years (BenchmarkStatsMillion,
// BenchmarkListPageMillion), a year's CaseStats and a department's first
// page of open cases stay well within interactive times on SQLite and
// PostgreSQL; see the benchmarks for the figures on your machine.
package govcasebun
