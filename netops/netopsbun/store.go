// Package netopsbun is the bun implementation of netops.Store, for SQLite,
// PostgreSQL (and KingbaseES, openGauss) and MySQL/MariaDB (and TiDB,
// OceanBase).
//
// Open a *bun.DB with dbopen, which picks the dialect and driver from the
// DSN, then call Open, which runs the migrations:
//
//	db, err := dbopen.Open("govops.db") // or "postgres://…", "mysql://…"
//	if err != nil { … }
//	store, err := netopsbun.Open(ctx, db)
//
// Its schema lives in embedded SQL migrations, one set per dialect, in the
// tables netops_sites, netops_units, netops_links (with the prefixes of
// live links apart in netops_link_prefixes), netops_networks,
// netops_unit_migrations, netops_visits (with their counts by month, zone,
// technician, status and arrival in netops_visit_counts, and by unit too
// in netops_visit_unit_counts), netops_plans,
// netops_records, netops_bookings (with the staff apart in
// netops_booking_staff), netops_shifts, netops_devices, netops_events and
// netops_generations, recorded in their own table (netops_migrations) so
// that they sit beside a host application's bun migrations.
//
// Every unique key of the contract is a unique index, so that the database
// itself refuses a taken key, whoever writes: a site's and a network's
// code, a unit's profile, a link's (carrier, circuit_id), circuit_id NULL
// when the link has none, a device's asset tag, every ID, an event's ID
// and its (subject, seq). Codes compare byte for byte on every dialect
// (COLLATE "C" on PostgreSQL, VARBINARY on MySQL, whose utf8mb4_bin would
// ignore trailing spaces).
//
// # Guards
//
// A write that holds a Guard moves its scope's row of netops_generations
// first, in its own transaction, with UPDATE … SET gen = gen + 1 WHERE
// scope = ? AND gen = ?: the row lock makes a second writer of the same
// generation wait for the first, then find the generation moved, and its
// write is refused with ECONFLICT. A scope's first writer inserts its row
// at generation 1, and the primary key refuses a second one. A deadlock or
// a serialization failure between writers is ECONFLICT too.
//
// # Prefixes
//
// Each prefix of a live link is a row of netops_link_prefixes, rewritten
// in the transaction that writes the link: its address space, its family,
// the first and last address of its range (lo and hi, 4 or 16 bytes,
// big-endian, so that they compare as bytes) and its length, indexed by
// (space, family, lo, bits). OverlappingPrefixes asks, for each prefix p,
// for the rows whose lo lies in p (p contains them) and those whose lo is
// the first address of one of p's at most 128 shorter ancestors (they
// contain p): two index lookups, never a scan of the table.
//
// # Compliance
//
// A visit's row keeps, beside its times, its arrival (not yet, on time,
// late) and its whole seconds to arrive; and two summaries (see
// govops.SummaryKeeper) keep the number of visits and their response
// seconds by month, zone, technician, status and arrival:
// netops_visit_counts of every unit, netops_visit_unit_counts of each.
// Both move in the transaction of every write of a visit, after the visit
// and its events; an update reads the stored visit first, locked on
// PostgreSQL and MySQL, to move its counts.
//
// VisitGroups without a filter by status, ticket or breach (the
// compliance report's, of the district or of a department's unit) reads
// the whole months (Asia/Shanghai) of its period from the summaries, and
// counts the overdue visits as the summaries' visits not arrived less
// those not yet due at AsOf, which the index of the visits not arrived by
// due time finds by themselves (netops_visits_not_due_ix; the visits
// reported within the last response time, when AsOf is now): its cost is
// that of the groups and of the visits not yet due, not of the visits.
// The parts of months at either end of a period, and any other
// VisitGroups, are GROUP BYs over the visits they select.
package netopsbun

import (
	"context"
	"embed"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/netops"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations. (The migrations of units
// between sites are in netops_unit_migrations.)
const (
	MigrationsTable     = "netops_migrations"
	MigrationLocksTable = "netops_migration_locks"
)

// SchemaVersion names the newest migration.
const SchemaVersion = "20270110000002"

//go:embed migrations
var migrationFiles embed.FS

// errs maps the Store's database failures onto govops codes.
const errs bunstore.Errors = "netopsbun"

// Store is the bun implementation of netops.Store. It is safe for
// concurrent use.
type Store struct {
	db      *bun.DB
	dialect dialect.Name

	// Each writes one record or one change with its events through
	// prepared statements.
	sites    *bunstore.Versioned[siteRow, eventRow]
	units    *bunstore.Versioned[unitRow, eventRow]
	networks *bunstore.Versioned[networkRow, eventRow]
	migs     *bunstore.Versioned[migrationRow, eventRow]
	plans    *bunstore.Versioned[planRow, eventRow]
	shifts   *bunstore.Versioned[shiftRow, eventRow]
	devices  *bunstore.Versioned[deviceRow, eventRow]

	// noSummaries leaves the summaries out of the writes of visits: the
	// baseline of the benchmarks of the write path, never set otherwise.
	noSummaries bool
}

var (
	_ netops.Store         = (*Store)(nil)
	_ govops.SummaryKeeper = (*Store)(nil)
)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB) *Store {
	return &Store{db: db, dialect: db.Dialect().Name(),
		sites:    bunstore.NewVersioned[siteRow, eventRow](db, errs),
		units:    bunstore.NewVersioned[unitRow, eventRow](db, errs),
		networks: bunstore.NewVersioned[networkRow, eventRow](db, errs),
		migs:     bunstore.NewVersioned[migrationRow, eventRow](db, errs),
		plans:    bunstore.NewVersioned[planRow, eventRow](db, errs),
		shifts:   bunstore.NewVersioned[shiftRow, eventRow](db, errs),
		devices:  bunstore.NewVersioned[deviceRow, eventRow](db, errs)}
}

// Open returns a Store over db with its schema migrated.
func Open(ctx context.Context, db *bun.DB) (*Store, error) {
	s := New(db)
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// DB returns the database the Store writes to.
func (s *Store) DB() *bun.DB { return s.db }

// Migrate creates or upgrades the netops tables. It is safe to run on
// every start, and by several processes at once: they take turns through
// bun's migration lock (the netops_migration_locks table), and
// every statement is idempotent. If a process died while holding the
// lock, Migrate fails after two minutes naming the row to delete.
func (s *Store) Migrate(ctx context.Context) error {
	return bunstore.Migrate(ctx, s.db, migrationFiles, "netops")
}

// Close releases the Store's prepared statements. It does not close the
// *bun.DB, which belongs to the caller; a Store used after Close prepares
// its statements again.
func (s *Store) Close() error {
	return bunstore.CloseAll(s.sites, s.units, s.networks, s.migs, s.plans, s.shifts, s.devices)
}

// write runs fn in one transaction that first holds g (see holdGuard) and
// last appends events, and maps its failure: a unique violation is
// ECONFLICT with taken, a concurrent writer ECONFLICT.
func (s *Store) write(ctx context.Context, op string, g netops.Guard, events []netops.Event, taken bunstore.Refusal,
	fn func(ctx context.Context, tx bun.Tx) error) error {
	return s.writeThen(ctx, op, g, events, taken, fn, nil)
}

// writeThen is write with then, when not nil, run last in the
// transaction, after the events: it adds the write's deltas to the
// summaries, so that every writer locks its records before their summary
// rows.
func (s *Store) writeThen(ctx context.Context, op string, g netops.Guard, events []netops.Event, taken bunstore.Refusal,
	fn func(ctx context.Context, tx bun.Tx) error, then func(ctx context.Context, tx bun.IDB) error) error {
	if err := ctx.Err(); err != nil {
		return errs.Err(op, err)
	}
	evs := toEventRows(events)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := holdGuard(ctx, tx, g); err != nil {
			return err
		}
		if err := fn(ctx, tx); err != nil {
			return err
		}
		if err := bunstore.InsertChunked(ctx, tx, evs); err != nil {
			return err
		}
		if then != nil {
			return then(ctx, tx)
		}
		return nil
	})
	return bunstore.Concurrent(op, errs.Err(op, err, taken))
}

// summaries returns add, the summary step of a write, or nil for the
// benchmarks' baseline.
func (s *Store) summaries(add func(ctx context.Context, tx bun.IDB) error) func(ctx context.Context, tx bun.IDB) error {
	if s.noSummaries {
		return nil
	}
	return add
}

// holdGuard moves g's scope from g.Gen to the next generation, inserting
// its row at generation 1 when g.Gen is 0 and the scope was never
// written, or fails with ECONFLICT. The zero Guard holds nothing.
func holdGuard(ctx context.Context, tx bun.Tx, g netops.Guard) error {
	if g.Scope == "" {
		return nil
	}
	res, err := tx.NewUpdate().Model((*generationRow)(nil)).Set("gen = gen + 1").
		Where("scope = ?", g.Scope).Where("gen = ?", g.Gen).Exec(ctx)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	if g.Gen == 0 {
		_, err := tx.NewInsert().Model(&generationRow{Scope: g.Scope, Gen: 1}).Exec(ctx)
		if bunstore.IsUniqueViolation(err) {
			return staleGuard(g) // another first writer
		}
		return err
	}
	return staleGuard(g)
}

func staleGuard(g netops.Guard) error {
	return govops.Errorf(govops.ECONFLICT, "the %s changed meanwhile (no longer at generation %d): check again and retry", g.Scope, g.Gen)
}

// Generation implements netops.Store.
func (s *Store) Generation(ctx context.Context, scope string) (int64, error) {
	var gens []int64
	err := s.db.NewSelect().Model((*generationRow)(nil)).Column("gen").Where("scope = ?", scope).Scan(ctx, &gens)
	if err != nil {
		return 0, errs.Err("read the generation of "+scope, err)
	}
	if len(gens) == 0 {
		return 0, nil
	}
	return gens[0], nil
}

// Events implements netops.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]netops.Event, error) {
	var rows []eventRow
	err := s.db.NewSelect().Model(&rows).Where("subject_id = ?", subject.String()).OrderExpr("seq ASC").Scan(ctx)
	if err != nil {
		return nil, errs.Err("list events", err)
	}
	return bunstore.FromRows(rows, fromEventRow)
}

// page applies a keyset page by ID to q.
func page(q *bun.SelectQuery, after uuid.UUID, limit int) *bun.SelectQuery {
	if after != uuid.Nil {
		q.Where("id > ?", after.String())
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	return q.OrderExpr("id ASC")
}
