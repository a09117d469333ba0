package datashare

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Defaults of a Service.
const (
	// DefaultAnswerDays is how many working days a provider has to answer
	// a share request: 《政务信息资源共享管理暂行办法》 gives ten.
	DefaultAnswerDays = 10
	// DefaultGrantTerm is how long a grant lasts when its approval names
	// no expiry.
	DefaultGrantTerm = 365 * 24 * time.Hour
	// DefaultStaleMount is how long a loading batch may go without
	// writing before RecoverMounts takes its process for dead.
	DefaultStaleMount = 10 * time.Minute
)

// Service holds every rule of the data resource catalog: validation of
// entries and of the data mounted into them, share requests and their
// deadlines, metrics, quality and export, and who may do what (see
// govops.Actor):
//
//   - a department catalogs, mounts and answers requests for its own
//     entries; the center acts for any department;
//   - every actor reads the published catalog (it is how a consumer finds
//     what to ask for), a department its own drafts too;
//   - the records of an entry are read by its provider and the center, by
//     any department when it is shared unconditionally, and by a
//     consumer holding a live grant when it is shared on condition; a
//     reader who may not see personal data gets it masked.
//
// It is safe for concurrent use when its Store is.
type Service struct {
	store      Store
	now        func() time.Time
	cal        *govops.Calendar
	checkDept  govops.DepartmentCheck
	answerDays int
	grantTerm  time.Duration
	stale      time.Duration
	structured []Format
}

// Option configures a Service.
type Option func(*Service)

// WithNow sets the clock. Tests pass a fixed time so that they never sleep.
func WithNow(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// WithCalendar sets the working-day calendar that request deadlines are
// counted on (govops.DefaultCalendar unless set).
func WithCalendar(c *govops.Calendar) Option {
	return func(s *Service) {
		if c != nil {
			s.cal = c
		}
	}
}

// WithDepartmentCheck sets the check of the department codes that entries
// and requests name (the directory's Check): without one, any well-formed
// code is taken.
func WithDepartmentCheck(c govops.DepartmentCheck) Option {
	return func(s *Service) { s.checkDept = c }
}

// WithAnswerDays sets how many working days a provider has to answer a
// share request (DefaultAnswerDays unless set; n ≤ 0 keeps the default).
// A request keeps the limit it was filed under.
func WithAnswerDays(n int) Option {
	return func(s *Service) {
		if n > 0 {
			s.answerDays = n
		}
	}
}

// WithGrantTerm sets how long a grant lasts when its approval names no
// expiry (DefaultGrantTerm unless set; d ≤ 0 keeps the default).
func WithGrantTerm(d time.Duration) Option {
	return func(s *Service) {
		if d > 0 {
			s.grantTerm = d
		}
	}
}

// WithStaleMount sets how long a loading batch may go without writing
// before RecoverMounts aborts it (DefaultStaleMount unless set; d ≤ 0
// keeps the default).
func WithStaleMount(d time.Duration) Option {
	return func(s *Service) {
		if d > 0 {
			s.stale = d
		}
	}
}

// WithStructuredFormats sets the format classes the metrics count as
// structured (电子表格 and 数据库 unless set; none keeps the default).
func WithStructuredFormats(fs ...Format) Option {
	return func(s *Service) {
		if len(fs) > 0 {
			s.structured = append([]Format(nil), fs...)
		}
	}
}

// NewService returns a Service over store. It panics if store is nil.
func NewService(store Store, opts ...Option) *Service {
	if store == nil {
		panic("datashare: NewService needs a Store")
	}
	s := &Service{store: store, now: time.Now, cal: govops.DefaultCalendar(),
		answerDays: DefaultAnswerDays, grantTerm: DefaultGrantTerm, stale: DefaultStaleMount,
		structured: []Format{FormatSpreadsheet, FormatDatabase}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// clock returns the current time as it is stored.
func (s *Service) clock() time.Time { return govops.StoredTime(s.now()) }

// StructuredFormats returns the format classes the metrics count as
// structured.
func (s *Service) StructuredFormats() []Format { return append([]Format(nil), s.structured...) }

// checkDepartment runs the department check on code, naming field.
func (s *Service) checkDepartment(ctx context.Context, field, code string) error {
	if err := s.checkDept.Check(ctx, code); err != nil {
		if govops.ErrorCode(err) == govops.EINVALID && field != "department" {
			return govops.AsField(field, err)
		}
		return err
	}
	return nil
}

// resolveCatalog returns the entry ref names: its ID or its code. field
// names the reference in an EINVALID.
func (s *Service) resolveCatalog(ctx context.Context, field, ref string) (*Catalog, error) {
	return govops.Resolve(ctx, field, ref, "catalog entry", s.store.Catalog, s.store.CatalogByCode)
}

// resolveRequest returns the share request id names. field names it in an
// EINVALID.
func (s *Service) resolveRequest(ctx context.Context, field, id string) (*Request, error) {
	return govops.Resolve(ctx, field, id, "share request", s.store.Request, nil)
}

// liveGrant returns the approved request by which department dept may read
// the entry catalog at t (the one that lasts longest, if several do), or
// nil when it holds none.
func (s *Service) liveGrant(ctx context.Context, catalog uuid.UUID, dept string, t time.Time) (*Request, error) {
	rs, err := s.store.Requests(ctx, RequestFilter{Catalog: catalog, Consumer: dept, Status: RequestApproved}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	var best *Request
	for i := range rs {
		if r := &rs[i]; t.Before(r.Expires) && (best == nil || r.Expires.After(best.Expires)) {
			best = r
		}
	}
	return best, nil
}
