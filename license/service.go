package license

import (
	"context"
	"fmt"
	"time"

	"github.com/govops-kit/govops"
)

// Service holds every rule of the license catalog: validation of types,
// claims, templates, schemas and records, the identifiers and their check
// characters, the record lifecycle, imports, the coverage report, and who
// may do what (see govops.Actor):
//
//   - the catalog's types are the center's: only center staff add or
//     change them;
//   - a department claims or explains, uploads templates and schemas, and
//     writes records only for itself; the center acts for any department;
//   - records are scoped: a department reads only its own, and a reader
//     who may not see a holder's personal data gets it masked.
//
// It is safe for concurrent use when its Store is.
type Service struct {
	store           Store
	now             func() time.Time
	checkDept       govops.DepartmentCheck
	maxTemplateSize int64
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

// WithDepartmentCheck sets the check of the department codes that claims
// and records name (the directory's Check): without one, any well-formed
// code is taken.
func WithDepartmentCheck(c govops.DepartmentCheck) Option {
	return func(s *Service) { s.checkDept = c }
}

// WithMaxTemplateSize bounds the size of a layout template, in bytes
// (DefaultMaxTemplateSize unless set; n ≤ 0 keeps the default).
func WithMaxTemplateSize(n int64) Option {
	return func(s *Service) {
		if n > 0 {
			s.maxTemplateSize = n
		}
	}
}

// NewService returns a Service over store. It panics if store is nil.
func NewService(store Store, opts ...Option) *Service {
	if store == nil {
		panic("license: NewService needs a Store")
	}
	s := &Service{store: store, now: time.Now, maxTemplateSize: DefaultMaxTemplateSize}
	for _, o := range opts {
		o(s)
	}
	return s
}

// clock returns the current time as it is stored.
func (s *Service) clock() time.Time { return govops.StoredTime(s.now()) }

// MaxTemplateSize returns the largest template the Service takes, in
// bytes.
func (s *Service) MaxTemplateSize() int64 { return s.maxTemplateSize }

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

// typeNotFound is the ENOTFOUND of an unknown type code.
func typeNotFound(code string) error {
	return govops.Errorf(govops.ENOTFOUND, "no license type has code %s", govops.Truncate(code, TypeCodeLen+8))
}

// quote returns v quoted and cut for a message.
func quote(v string) string { return fmt.Sprintf("%q", govops.Truncate(v, 40)) }
