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
// CreateCase and UpdateCase run statements prepared once per Store (the
// case's and its events' writes, the read of the row an update replaces,
// the upserts of the summary), not through bun's query builder, so bun
// query hooks do not see them; Close releases them and leaves the *bun.DB
// open.
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
//     times on every write, so that the summary's sums (and the full
//     scan of CaseStats) need no dialect-specific time arithmetic. accept_by_provisional and resolve_by_provisional are
//     BOOLEAN (0 and 1 on SQLite and MySQL), FALSE for cases stored before
//     the columns existed.
//   - govcase_events: the append-only trail, in the columns every govops
//     trail shares (attachments a JSON array of strings) beside case_id;
//     UNIQUE (case_id, seq) stops two writers from both appending the same
//     step even if the version check were bypassed.
//   - govcase_sequences: the last case sequence number reserved in each
//     year, advanced a block at a time by one atomic upsert (see NextSeq).
//   - govcase_routing_rules: routing rules (任务下发), keywords as a JSON array.
//   - govcase_case_summary: the case summary (see Statistics): for each
//     year, kind, status and department (empty for none), a total row (month
//     0) and a row per month of creation (month yyyymm in the Store's
//     zone), with the sums of CaseStats: n, dispatched, accepted,
//     accepted_on_time, replied, replied_on_time, handling_secs.
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
//     covering index for the full scan of CaseStats (bounds inside a
//     month), which then groups a year's cases from the index alone
//     without reading the table.
//   - govcase_case_summary (month, year, kind, status, department), its
//     primary key: every query of the summary bounds the month (0 for the
//     totals), and a year's totals come in the order of CaseStats' GROUP
//     BY. SQLite keeps the rows in it (WITHOUT ROWID), as InnoDB does.
//   - govcase_events (case_id, seq) UNIQUE: ListEvents in order, and the
//     guard above.
//
// # Statistics
//
// CaseStats and CaseCounts read govcase_case_summary, whose rows count the
// cases by year, kind, status and department, in total and by month of
// creation, so that their cost follows the number of groups (about 1,800
// totals and 16,000 months in a year of 500,000 cases), not of cases.
// CreateCase adds the case to its group's total and month; UpdateCase
// reads the stored row first, in its transaction, checks that its version
// is the one being replaced, and moves the case from the old row's rows to
// the new one's (nothing when neither changes, as with an urge). The summary
// rows are written last in each transaction, after the case and its
// events, in key order, so that writers lock rows in one order; a
// deadlock the database breaks anyway (MySQL's gap locks can) is ECONFLICT,
// a write the caller may retry.
//
// The months are those of the Store's zone (WithLocation, Asia/Shanghai by
// default). CaseStats without creation bounds (a year, a kind, a
// department, everything) reads the totals; creation bounds on month
// starts in that zone read the months between them, as CaseCounts over
// such bounds does (the months of Service.MonthlyCounts when the Service's
// calendar is in the same zone). Bounds inside a month (a range
// ending at noon, or months of another zone) are answered by the full scan
// of govcase_cases, which stays as it was: a GROUP BY over the covering
// index govcase_cases_stats_ix. Every Store over one database must use the
// same zone.
//
// Migrate fills the summary when it is empty while cases exist, which is
// the state the migration that creates it (20261220000001) leaves: the
// months depend on the Store's zone, which the migration's SQL does not
// know, so Migrate repairs the empty summary instead, with the month
// bounds computed in Go for that zone. It costs a scan of the cases, once.
// RepairSummaries (govops.SummaryKeeper, which the reference server's
// repair-stats command calls) compares the summary with GROUP BYs of the
// cases, the totals and the months, whose month is a CASE over the month
// bounds in the Store's zone from the earliest case to the latest (no
// dialect's date functions), and with repair replaces the rows. A write that bypasses the
// Store (a hand-edited table, a restore of one table without the other, a
// process of an older version during a rolling upgrade) leaves the summary
// wrong until then.
//
// With one million cases over two years (BenchmarkStatsMillion,
// BenchmarkListPageMillion), a year's CaseStats and a department's first
// page of open cases stay well within interactive times on SQLite and
// PostgreSQL; see the benchmarks for the figures on your machine. On a
// 2-core machine a year's CaseStats took 3.4 ms on SQLite and 5 to 6 ms
// on PostgreSQL from the summary, where the scan beside it took 230 to 280
// ms and 105 to 115 ms (44 and 27 times as long, or more); the twelve
// months of MonthlyCounts took 11 to 14 ms and 4 ms, against 1.2 s and
// 100 ms. Keeping the summary costs each write one more statement: a
// registration through the Service ran at 0.9 to 1.0 times a bare insert's
// rate on SQLite (1.25 to 1.4 without the summary) and 0.6 to 0.7 on
// PostgreSQL (0.67 to 0.82), an update that moves a case to another group
// at 0.8 and 1.0 times a bare update's (1.35 without).
package govcasebun
