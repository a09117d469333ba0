package hotline

import (
	"context"

	"github.com/govops-kit/govops"
)

// masker masks the deductions of one read for a reader who may not see
// their personal data, with the personal values of the case each cites
// (WithPersonalData), looking each case up once. Callbacks and outcomes
// hold no free text such a reader sees, so plain govops.Mask serves them.
type masker struct {
	ctx   context.Context
	s     *Service
	known map[string][]string // case number → personal values
}

func maskFor(ctx context.Context, s *Service) *masker {
	return &masker{ctx: ctx, s: s, known: map[string][]string{}}
}

// values returns the personal values of the case numbered n.
func (m *masker) values(n string) ([]string, error) {
	if m.s.personal == nil || n == "" {
		return nil, nil
	}
	if v, ok := m.known[n]; ok {
		return v, nil
	}
	v, err := m.s.personal(m.ctx, n)
	if err != nil {
		return nil, govops.Errorf(govops.EINTERNAL, "hotline: the personal data of case %s to mask could not be read: %v", n, err)
	}
	m.known[n] = v
	return v, nil
}

// mask returns govops.Mask of v, with the personal values of the case
// numbered caseNumber masked in its free text too.
func mask[T any](m *masker, v T, caseNumber string) (T, error) {
	known, err := m.values(caseNumber)
	if err != nil {
		var zero T
		return zero, err
	}
	return govops.Mask(v, known...), nil
}
