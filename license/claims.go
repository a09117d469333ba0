package license

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// ClaimInput is what FileClaim takes. Department may be left out by a
// department, which files for itself. Expected is the number of records the
// department declares it holds (nil: not declared yet); an explanation
// takes none, and needs its Explanation instead.
type ClaimInput struct {
	Type        string
	Department  string
	Kind        ClaimKind // "" means KindClaim
	Expected    *int64
	Explanation string
}

// checkClaimFields adds the problems of a claim's kind, expected count and
// explanation to p.
func checkClaimFields(p *govops.Problems, k ClaimKind, expected *int64, explanation string) {
	if !k.Valid() {
		p.Addf("kind", "unknown kind %s: use claim (认领) or explanation (情况说明)", quote(string(k)))
		return
	}
	switch k {
	case KindClaim:
		if expected != nil && *expected < 0 {
			p.Add("expected", "must not be negative; leave it out while the count is not known")
		}
		if explanation != "" {
			p.Add("explanation", "only an explanation (情况说明) has one: a claim says the department issues the type")
		}
	case KindExplanation:
		if expected != nil {
			p.Add("expected", "an explanation (情况说明) expects no records: the department does not issue the type")
		}
		if explanation == "" {
			p.Add("explanation", "required: say why the department does not issue the type")
		}
	}
	govops.CheckText(p, "explanation", explanation, MaxTextLen, false)
}

// expectedOf returns the stored form of a declared count: -1 for none.
func expectedOf(e *int64) int64 {
	if e == nil {
		return -1
	}
	return *e
}

// FileClaim records that a department issues a license type (a claim, 认领)
// or that it does not (an explanation, 情况说明). A department files only
// for itself; the center files for any. Filing again after a withdrawal
// makes the claim stand again, at its next version. It returns EINVALID
// naming each bad field ("type", "department", "kind", "expected",
// "explanation"), ENOTFOUND for an unknown type, and ECONFLICT when the
// department's claim or explanation of the type stands already (change it
// with UpdateClaim).
func (s *Service) FileClaim(ctx context.Context, by govops.Actor, in ClaimInput) (*Claim, error) {
	dept, err := by.ActFor(in.Department, "file claims")
	if err != nil {
		return nil, err
	}
	in.Department = dept
	in.Explanation = strings.TrimSpace(in.Explanation)
	if in.Kind == "" {
		in.Kind = KindClaim
	}
	var p govops.Problems
	if in.Type == "" {
		p.Add("type", "required: the type code")
	}
	if in.Department == "" {
		p.Add("department", "required: the department that claims the type")
	} else {
		govops.CheckCode(&p, "department", in.Department)
	}
	checkClaimFields(&p, in.Kind, in.Expected, in.Explanation)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if _, err := s.getType(ctx, in.Type); err != nil {
		return nil, err
	}
	if err := s.checkDepartment(ctx, "department", in.Department); err != nil {
		return nil, err
	}
	var out *Claim
	err = govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		now := s.clock()
		cur, err := s.store.Claim(ctx, in.Type, in.Department)
		switch {
		case govops.ErrorCode(err) == govops.ENOTFOUND:
			id, err := uuid.NewV7()
			if err != nil {
				return nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
			}
			c := Claim{ID: id, Type: in.Type, Department: in.Department, Kind: in.Kind, Status: ClaimActive,
				Expected: expectedOf(in.Expected), Explanation: in.Explanation, Version: 1, CreatedAt: now, UpdatedAt: now}
			ev, err := newEvent(c.ID, 1, EventClaimFiled, by, now, "", string(ClaimActive), c.Department, string(c.Kind))
			if err != nil {
				return nil, err
			}
			return govops.WriteThen(&out, &c, func() error { return s.store.CreateClaim(ctx, c, []Event{ev}) }), nil
		case err != nil:
			return nil, err
		case cur.Active():
			return nil, govops.Errorf(govops.ECONFLICT, "department %s has filed a%s for type %s already (version %d): change it instead",
				cur.Department, map[ClaimKind]string{KindClaim: " claim (认领)", KindExplanation: "n explanation (情况说明)"}[cur.Kind], cur.Type, cur.Version)
		}
		next := *cur
		next.Kind, next.Status, next.Expected, next.Explanation = in.Kind, ClaimActive, expectedOf(in.Expected), in.Explanation
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventClaimFiled, by, now, string(cur.Status), string(ClaimActive), next.Department, string(next.Kind))
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateClaim(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ClaimUpdate is what UpdateClaim takes. A nil field is left as it is;
// ClearExpected sets the expected count back to not declared.
type ClaimUpdate struct {
	Kind          *ClaimKind
	Expected      *int64
	ClearExpected bool
	Explanation   *string
	// IfVersion, when not zero, must equal the claim's version (ECONFLICT
	// otherwise).
	IfVersion int64
}

// UpdateClaim changes the standing claim or explanation of the type by
// the department: its kind, its expected count or its explanation. A
// department changes only its own. Turning a claim into an explanation
// clears its expected count, and the explanation must then be given. It
// returns EINVALID naming each bad field, ENOTFOUND when there is no
// standing claim, and ECONFLICT when IfVersion is stale.
func (s *Service) UpdateClaim(ctx context.Context, by govops.Actor, typ, department string, in ClaimUpdate) (*Claim, error) {
	dept, err := by.ActFor(department, "change claims")
	if err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	if in.ClearExpected && in.Expected != nil {
		p.Add("expected", "give a count or clear it, not both")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Claim
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.standingClaim(ctx, typ, dept, in.IfVersion)
		if err != nil {
			return nil, err
		}
		next := *cur
		if in.Kind != nil {
			next.Kind = *in.Kind
			if next.Kind == KindExplanation {
				next.Expected = -1
			} else if cur.Kind == KindExplanation {
				next.Explanation = ""
			}
		}
		if in.Expected != nil {
			next.Expected = *in.Expected
		}
		if in.ClearExpected {
			next.Expected = -1
		}
		if in.Explanation != nil {
			next.Explanation = strings.TrimSpace(*in.Explanation)
		}
		var exp *int64
		if next.Expected >= 0 || in.Expected != nil {
			exp = &next.Expected
		}
		var p govops.Problems
		checkClaimFields(&p, next.Kind, exp, next.Explanation)
		if err := p.Err(); err != nil {
			return nil, err
		}
		changes := claimChanges(cur, &next)
		if changes == "" {
			out = cur
			return nil, nil
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventClaimUpdated, by, now, string(cur.Status), string(next.Status), next.Department, changes)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateClaim(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// claimChanges lists what differs between two versions of a claim, as an
// event's note; "" when nothing does.
func claimChanges(a, b *Claim) string {
	var cs []string
	if a.Kind != b.Kind {
		cs = append(cs, fmt.Sprintf("kind: %s → %s", a.Kind, b.Kind))
	}
	if a.Expected != b.Expected {
		cs = append(cs, fmt.Sprintf("expected: %s → %s", expectedText(a.Expected), expectedText(b.Expected)))
	}
	if a.Explanation != b.Explanation {
		cs = append(cs, "explanation")
	}
	return strings.Join(cs, "; ")
}

func expectedText(n int64) string {
	if n < 0 {
		return "not declared"
	}
	return fmt.Sprint(n)
}

// standingClaim returns the active claim of typ by dept, checked against
// ifVersion.
func (s *Service) standingClaim(ctx context.Context, typ, dept string, ifVersion int64) (*Claim, error) {
	if dept == "" {
		return nil, govops.FieldError("department", "required: whose claim")
	}
	cur, err := s.store.Claim(ctx, typ, dept)
	if govops.ErrorCode(err) == govops.ENOTFOUND || err == nil && !cur.Active() {
		return nil, govops.Errorf(govops.ENOTFOUND, "department %s has no standing claim or explanation of type %s",
			govops.Truncate(dept, govops.MaxCodeLen), govops.Truncate(typ, TypeCodeLen+8))
	}
	if err != nil {
		return nil, err
	}
	if ifVersion != 0 && cur.Version != ifVersion {
		return nil, govops.StaleVersion(fmt.Sprintf("the claim of type %s by %s", typ, dept), cur.Version, ifVersion)
	}
	return cur, nil
}

// WithdrawClaim withdraws the standing claim or explanation of the type
// by the department, with a reason: the type counts as unclaimed by it
// again. A department withdraws only its own. It returns EINVALID naming
// "reason" when it is missing, ENOTFOUND when there is no standing claim,
// and ECONFLICT when ifVersion is stale.
func (s *Service) WithdrawClaim(ctx context.Context, by govops.Actor, typ, department, reason string, ifVersion int64) (*Claim, error) {
	dept, err := by.ActFor(department, "withdraw claims")
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	var p govops.Problems
	govops.CheckText(&p, "reason", reason, MaxTextLen, true)
	govops.CheckIfVersion(&p, ifVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Claim
	err = govops.UpdateVersioned(ctx, ifVersion, func() (func() error, error) {
		cur, err := s.standingClaim(ctx, typ, dept, ifVersion)
		if err != nil {
			return nil, err
		}
		now := s.clock()
		next := *cur
		next.Status, next.Version, next.UpdatedAt = ClaimWithdrawn, cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventClaimWithdrawn, by, now, string(cur.Status), string(next.Status), next.Department, reason)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateClaim(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ClaimList selects one page of claims.
type ClaimList struct {
	ClaimFilter
	Cursor string
	Limit  int
}

// ListClaims returns one page of the claims and explanations matching in,
// oldest first. The center sees every department's; a department sees only
// its own, and asking for another's is EFORBIDDEN.
func (s *Service) ListClaims(ctx context.Context, by govops.Actor, in ClaimList) (govops.Page[*Claim], error) {
	var p govops.Problems
	by.Check(&p)
	if in.Kind != "" && !in.Kind.Valid() {
		p.Addf("kind", "unknown kind %s: use claim or explanation", quote(string(in.Kind)))
	}
	if in.Status != "" && !in.Status.Valid() {
		p.Addf("status", "unknown status %s: use active or withdrawn", quote(string(in.Status)))
	}
	if in.Department != "" {
		govops.CheckCode(&p, "department", in.Department)
	}
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[*Claim]{}, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return govops.Page[*Claim]{}, err
	}
	in.Department = dept
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		return govops.Page[*Claim]{}, err
	}
	cs, err := s.store.Claims(ctx, in.ClaimFilter, after, limit+1)
	if err != nil {
		return govops.Page[*Claim]{}, err
	}
	return govops.NewPage(ptrs(cs), limit, func(c *Claim) string { return c.ID.String() }), nil
}

// GetClaim returns the claim of the type by the department, standing or
// withdrawn. A department reads only its own (ENOTFOUND for another's).
func (s *Service) GetClaim(ctx context.Context, by govops.Actor, typ, department string) (*Claim, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	if !by.MaySee(department) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no claim of type %s by %s", govops.Truncate(typ, TypeCodeLen+8), govops.Truncate(department, govops.MaxCodeLen))
	}
	return s.store.Claim(ctx, typ, department)
}

// ClaimEvents returns the trail of the claim of the type by the
// department, oldest first. A department reads only its own.
func (s *Service) ClaimEvents(ctx context.Context, by govops.Actor, typ, department string) ([]Event, error) {
	c, err := s.GetClaim(ctx, by, typ, department)
	if err != nil {
		return nil, err
	}
	return s.store.Events(ctx, c.ID)
}
