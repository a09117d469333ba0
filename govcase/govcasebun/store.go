package govcasebun

import (
	"context"
	"database/sql"
	"embed"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/bunstore"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "govcase_migrations"
	MigrationLocksTable = "govcase_migration_locks"
)

//go:embed migrations
var migrationFiles embed.FS

// errs maps the Store's database failures onto govops codes.
const errs bunstore.Errors = "govcasebun"

// Store is the bun implementation of govcase.Store for SQLite, PostgreSQL
// and MySQL/MariaDB. It is safe for concurrent use.
type Store struct {
	db      *bun.DB
	dialect dialect.Name

	seqBlock int64
	seqMu    sync.Mutex
	seqs     map[int]*seqYear // year → numbers reserved and not yet handed out

	// cases writes a case and its events through statements prepared once
	// per Store: bun inlines every value into new SQL text, whose parsing
	// was a fifth of the cost of creating a case on SQLite.
	cases *bunstore.Versioned[caseRow, eventRow]

	// loc is the zone of the summary's months (WithLocation).
	loc *time.Location
	// oldStmt reads the summary columns of a case before UpdateCase
	// replaces it, prepared on first use.
	stmtMu  sync.Mutex
	oldStmt *sql.Stmt
	// summary holds the prepared upserts of the summary: a write changes
	// at most four rows (a case's old and new totals and months).
	summary *bunstore.SummaryStmts
}

// seqBlock is a run of reserved case numbers: next..last. The zero
// seqBlock holds none.
type seqBlock struct{ next, last int64 }

func (b seqBlock) empty() bool { return b.next == 0 || b.next > b.last }

// seqYear is what a Store holds of one year's numbers: the block it hands
// out, the block reserved ahead, and the reservation under way.
type seqYear struct {
	cur, ahead seqBlock
	// busy is closed when the reservation under way ends; nil when none is.
	busy chan struct{}
	// err is the failure of the last reservation, for the callers that
	// waited for it.
	err error
}

// DefaultSeqBlock is how many case numbers a Store reserves at a time.
const DefaultSeqBlock = 10

// Option configures a Store.
type Option func(*Store)

// WithSeqBlock sets how many case numbers the Store reserves per trip to the
// database. 1 reserves each number alone, when it is asked for: no gaps
// when a process stops, at the cost of one more write per case. Larger
// blocks make case creation cheaper, and the Store then reserves the next
// block while it hands out the current one (at most two blocks are unused
// when a process stops); numbers from several processes interleave by
// block.
func WithSeqBlock(n int) Option {
	return func(s *Store) {
		if n >= 1 {
			s.seqBlock = int64(n)
		}
	}
}

var (
	_ govcase.Store        = (*Store)(nil)
	_ govops.SummaryKeeper = (*Store)(nil)
)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB, opts ...Option) *Store {
	s := &Store{db: db, dialect: db.Dialect().Name(), seqBlock: DefaultSeqBlock, seqs: map[int]*seqYear{},
		cases: bunstore.NewVersioned[caseRow, eventRow](db, errs), loc: govops.ShanghaiLocation(),
		summary: caseSummary.Prepared(db, 4)}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Open returns a Store over db with its schema migrated.
func Open(ctx context.Context, db *bun.DB, opts ...Option) (*Store, error) {
	s := New(db, opts...)
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Migrate creates or upgrades the govcase tables. It is safe to run on every
// start, and by several processes at once: they take turns through bun's
// migration lock (the govcase_migration_locks table), and every statement
// is idempotent. If a process died while holding the lock, Migrate fails
// after two minutes naming the row to delete.
//
// After the migrations it computes the masked search text
// (Case.SearchText) of every case that lacks it: the cases stored before the
// column existed, or all of them after a migration resets it. It then fills
// the case summary (govcase_case_summary) from the cases if it is empty
// while cases exist, as it is right after the migration that creates it:
// one scan of the cases, once.
func (s *Store) Migrate(ctx context.Context) error {
	if err := bunstore.Migrate(ctx, s.db, migrationFiles, "govcase"); err != nil {
		return err
	}
	if err := s.fillMaskedText(ctx); err != nil {
		return err
	}
	return s.fillSummary(ctx)
}

// maskedTextBatch is how many cases fillMaskedText reads and updates in one
// transaction.
const maskedTextBatch = 1000

// fillMaskedText computes masked_text where it is NULL, a batch at a time.
// It runs at every start; the govcase_cases_masked_pending index finds the
// NULL rows without reading the table, so once all are done it costs one
// index lookup.
// Several processes may run it at once: each writes the same value. It
// changes no version: the column is derived from fields the case already
// holds.
func (s *Store) fillMaskedText(ctx context.Context) error {
	for {
		var rows []caseRow
		err := s.db.NewSelect().Model(&rows).
			Column("id", "title", "description", "reporter_name", "reporter_phone").
			Where("masked_text IS NULL").Limit(maskedTextBatch).Scan(ctx)
		if err != nil {
			return errs.Err("read cases to mask", err)
		}
		if len(rows) == 0 {
			return nil
		}
		err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			for _, r := range rows {
				c := govcase.Case{Title: r.Title, Description: r.Description,
					Reporter: govcase.Contact{Name: r.ReporterName, Phone: r.ReporterPhone}}
				if _, err := tx.NewUpdate().Table("govcase_cases").Set("masked_text = ?", c.SearchText()).
					Where("id = ?", r.ID).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return errs.Err("store masked text", err)
		}
	}
}

// Close releases the Store's prepared statements. It does not close the
// *bun.DB, which belongs to the caller; a Store used after Close prepares
// its statements again.
func (s *Store) Close() error {
	err := s.cases.Close()
	if cerr := s.summary.Close(); err == nil {
		err = cerr
	}
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if s.oldStmt != nil {
		if cerr := s.oldStmt.Close(); err == nil {
			err = cerr
		}
		s.oldStmt = nil
	}
	return err
}
