package hotline

import (
	"context"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// RecordDeduction records points taken off a department for a month (扣分),
// under a rule of the scheme in force that month; in.Points overrides the
// rule's points when positive. The appeal deadline is computed now, on the
// Service's calendar, and stored with the deduction, with
// AppealByProvisional set when the window crosses a provisional calendar
// year. It returns EINVALID naming every bad field (an unknown rule code
// included), and EINVALID naming the fields "appeal_by" and "calendar" when
// the calendar has no data for the days the window spans. A deduction
// counts in a month that has begun: in.Month after the current month (in
// Asia/Shanghai, on the Service's clock) is EINVALID naming "month". Only
// the center records deductions: a department or read-only actor gets
// EFORBIDDEN.
func (s *Service) RecordDeduction(ctx context.Context, by govops.Actor, in DeductionInput) (*Deduction, error) {
	if err := by.CenterOnly("record deductions"); err != nil {
		return nil, err
	}
	var p govops.Problems
	now := s.clock()
	in.problems(&p)
	if cur := MonthOf(now); in.Month.Valid() && in.Month.After(cur) {
		p.Addf("month", "must not be after the current month %s: a deduction is for a month that has begun", cur)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Check(ctx, in.Department); err != nil {
		return nil, err
	}
	sc, err := s.schemeFor(ctx, in.Month)
	if err != nil {
		return nil, err
	}
	rule, ok := sc.Rule(in.RuleCode)
	if !ok {
		codes := make([]string, len(sc.DeductionRules))
		for i, r := range sc.DeductionRules {
			codes[i] = r.Code
		}
		return nil, govops.FieldError("rule_code", "the scheme in force in "+in.Month.String()+
			" ("+sc.Name+") has no rule "+govops.Truncate(in.RuleCode, 64)+": use one of "+strings.Join(codes, ", "))
	}
	points := rule.Points
	if in.Points.IsPositive() {
		points = in.Points
	}
	// One snapshot, so that the deadline and its provisional flag are
	// read from the same tables even while a notice is being loaded.
	snap := s.cal.Snapshot()
	w, err := s.countAppealWindow(snap, now)
	if err != nil {
		return nil, err
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	d := &Deduction{ID: id, Department: in.Department, Month: in.Month, RuleCode: rule.Code,
		Points: points, Reason: in.Reason, CaseNumber: in.CaseNumber, RecordedAt: now,
		RecordedBy: by.Name, AppealBy: govops.StoredTime(w.by), AppealByProvisional: w.provisional,
		Status: DeductionRecorded, Version: 1}
	ev, err := event(d, EventRecorded, by, now, "", in.Reason, nil)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateDeduction(ctx, d, []DeductionEvent{ev}); err != nil {
		return nil, err
	}
	return d, nil
}

// event returns the event of by's change of d to its current Version and
// Status, from status from, at at.
func event(d *Deduction, t DeductionEventType, by govops.Actor, at time.Time,
	from DeductionStatus, note string, attachments []string) (DeductionEvent, error) {
	e, err := govops.NewEvent(d.ID, d.Version, t, by, at, from, d.Status)
	if err != nil {
		return DeductionEvent{}, err
	}
	e.Department, e.Note, e.Attachments = d.Department, note, append([]string(nil), attachments...)
	return e, nil
}

// FileAppeal files the department's appeal (申请复核) against the deduction
// that ref, its ID, names, with its materials. Only the department the
// deduction is against may appeal: center staff and read-only actors get
// EFORBIDDEN, and another department gets ENOTFOUND, as it cannot see the
// deduction. It returns ENOTFOUND for an unknown deduction; ECONFLICT,
// naming the current state, when the deduction is not in state recorded
// (an appeal is open or decided), or when in.IfVersion is set and stale;
// and EINVALID when the appeal window has closed, the reference is
// malformed (naming "id") or a field is bad.
func (s *Service) FileAppeal(ctx context.Context, by govops.Actor, ref string, in AppealInput) (*Deduction, error) {
	if err := by.MayWrite("appeal deductions"); err != nil {
		return nil, err
	}
	if by.IsCenter() {
		return nil, govops.Errorf(govops.EFORBIDDEN, "center staff may not appeal a deduction: only the department it is against may")
	}
	var p govops.Problems
	in.problems(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	cur, err := s.visibleDeduction(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(cur, in.IfVersion); err != nil {
		return nil, err
	}
	if cur.Status != DeductionRecorded {
		return nil, transitionError(cur.Status, DeductionAppealed)
	}
	now := s.clock()
	if !now.Before(cur.AppealBy) {
		return nil, govops.Errorf(govops.EINVALID, "the appeal window of this deduction closed at %s (%d working days after it was recorded): it can no longer be appealed",
			cur.AppealBy.In(s.cal.Location()).Format("2006-01-02 15:04"), s.appealWindow).
			WithField("appeal_by", "closed at "+cur.AppealBy.In(s.cal.Location()).Format(time.RFC3339))
	}
	d := cur.Clone()
	d.Status, d.AppealedAt, d.AppealedBy = DeductionAppealed, now, by.Name
	d.Materials, d.Attachments = in.Materials, append([]string(nil), in.Attachments...)
	d.Version++
	ev, err := event(d, EventAppealed, by, now, cur.Status, in.Materials, in.Attachments)
	if err != nil {
		return nil, err
	}
	if err := s.store.UpdateDeduction(ctx, d, []DeductionEvent{ev}); err != nil {
		return nil, err
	}
	return d, nil
}

// DecideAppeal records the center's decision on the open appeal against
// the deduction that ref, its ID, names: uphold
// (维持) keeps the deduction counting, overturn (撤销) stops it counting; its
// history stays. Only the center decides: a department or read-only actor
// gets EFORBIDDEN. It returns ENOTFOUND for an unknown deduction;
// ECONFLICT, naming the current and requested state, when no appeal is
// open (or a concurrent decision won), or when in.IfVersion is set and
// stale; EINVALID for a malformed reference (naming "id") or a bad field.
func (s *Service) DecideAppeal(ctx context.Context, by govops.Actor, ref string, in DecisionInput) (*Deduction, error) {
	if err := by.CenterOnly("decide appeals"); err != nil {
		return nil, err
	}
	var p govops.Problems
	in.problems(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	cur, err := s.visibleDeduction(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(cur, in.IfVersion); err != nil {
		return nil, err
	}
	to, evType := DeductionUpheld, EventUpheld
	if in.Decision == DecisionOverturn {
		to, evType = DeductionOverturned, EventOverturned
	}
	if cur.Status != DeductionAppealed {
		return nil, transitionError(cur.Status, to)
	}
	now := s.clock()
	d := cur.Clone()
	d.Status, d.DecidedAt, d.DecidedBy, d.DecisionNote = to, now, by.Name, in.Note
	d.Version++
	ev, err := event(d, evType, by, now, cur.Status, in.Note, nil)
	if err != nil {
		return nil, err
	}
	if err := s.store.UpdateDeduction(ctx, d, []DeductionEvent{ev}); err != nil {
		return nil, err
	}
	return d, nil
}

// checkVersion returns ECONFLICT when want, an input's IfVersion, is set
// and is not d's version.
func checkVersion(d *Deduction, want int64) error {
	if want != 0 && want != d.Version {
		return govops.Errorf(govops.ECONFLICT, "the deduction is at version %d, not %d: reload it and try again", d.Version, want)
	}
	return nil
}

// transitionError is the ECONFLICT of an action the current state forbids.
func transitionError(from, to DeductionStatus) error {
	why := ""
	switch from {
	case DeductionAppealed:
		why = "an appeal is already open"
	case DeductionUpheld, DeductionOverturned:
		why = "the appeal was decided and the decision is final"
	case DeductionRecorded:
		why = "no appeal has been filed"
	}
	return govops.Errorf(govops.ECONFLICT, "cannot move a deduction from %s (%s) to %s (%s): %s",
		from, from.Label(), to, to.Label(), why)
}

// visibleDeduction loads the deduction ref names, as by may see it:
// another department's deduction is ENOTFOUND, as if it did not exist.
func (s *Service) visibleDeduction(ctx context.Context, by govops.Actor, ref string) (*Deduction, error) {
	d, err := govops.Resolve(ctx, "id", ref, "deduction", s.store.GetDeduction, nil)
	if err != nil {
		return nil, err
	}
	if !by.MaySee(d.Department) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no deduction with id %s", d.ID)
	}
	return d, nil
}

// GetDeduction returns the deduction that ref, its ID, names. It returns
// EINVALID naming "id" for a malformed reference, and ENOTFOUND if there is
// none, if ref is not an ID, or if it is against another department than
// by's.
func (s *Service) GetDeduction(ctx context.Context, by govops.Actor, ref string) (*Deduction, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	d, err := s.visibleDeduction(ctx, by, ref)
	if err != nil || by.SeesPersonalData(d.Department) {
		return d, err
	}
	masked, err := mask(maskFor(ctx, s), *d, d.CaseNumber)
	return &masked, err
}

// ListDeductions returns one page of the deductions matching f that by
// may see, newest first: a department's listing is limited to its own
// department (a filter naming another one is EFORBIDDEN). f.Cursor and
// f.Limit page it as in ListCallbacks.
func (s *Service) ListDeductions(ctx context.Context, by govops.Actor, f DeductionFilter) (govops.Page[Deduction], error) {
	var p govops.Problems
	by.Check(&p)
	checkMonth(&p, "months.first", f.Months.First)
	checkMonth(&p, "months.last", f.Months.Last)
	for _, st := range f.Statuses {
		if !st.Valid() {
			p.Add("statuses", "must be among recorded, appealed, upheld, overturned")
		}
	}
	limit := govops.CheckLimit(&p, f.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[Deduction]{}, err
	}
	after, err := govops.CursorID(f.Cursor)
	if err != nil {
		return govops.Page[Deduction]{}, err
	}
	if f.Department, err = by.Scope(f.Department); err != nil {
		return govops.Page[Deduction]{}, err
	}
	f.After, f.Limit = after, limit+1
	ds, err := s.store.ListDeductions(ctx, f)
	if err != nil {
		return govops.Page[Deduction]{}, err
	}
	page := govops.NewPage(ds, limit, func(d Deduction) string { return d.ID.String() })
	m := maskFor(ctx, s)
	for i, d := range page.Items {
		if by.SeesPersonalData(d.Department) {
			continue
		}
		if page.Items[i], err = mask(m, d, d.CaseNumber); err != nil {
			return govops.Page[Deduction]{}, err
		}
	}
	return page, nil
}

// DeductionHistory returns the audit trail of the deduction that ref, its
// ID, names, oldest first: recorded, appealed, upheld or overturned, each
// with who, when and note. It returns EINVALID naming "id" for a malformed
// reference, and ENOTFOUND for an unknown deduction, or one against
// another department than by's.
func (s *Service) DeductionHistory(ctx context.Context, by govops.Actor, ref string) ([]DeductionEvent, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	d, err := s.visibleDeduction(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.ListDeductionEvents(ctx, d.ID)
	if err != nil || by.SeesPersonalData(d.Department) {
		return evs, err
	}
	return mask(maskFor(ctx, s), evs, d.CaseNumber)
}
