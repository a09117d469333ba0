package license

import (
	"context"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
)

// IssueIdentifier returns the GB/T 36904 identifier of a new license of
// type typ issued by issuer (a USCC): its serial is the record's ID in 32
// hexadecimal digits, unique without a counter, and its version is 1. The
// check character is computed (ISO 7064 MOD 37,36).
func IssueIdentifier(typ, issuer string, id uuid.UUID) (string, error) {
	return idcode.NewLicenseID(typ, issuer, serialOf(id), "1")
}

// serialOf returns the serial an identifier issued for the record id
// carries.
func serialOf(id uuid.UUID) string {
	return strings.ToUpper(strings.ReplaceAll(id.String(), "-", ""))
}

// CreateRecord writes one license record, valid unless in says otherwise,
// issuing its identifier when in has none. The center writes for any
// department; a department only for itself, and only for a type it has
// claimed. Holder codes and identifiers are checked strictly (an import can
// let early codes through with a warning). It returns EINVALID naming
// every bad field ("number", "type", "issue_date", "valid_to",
// "issuer_code", "department", "holder_code", "face.<field>", …), and
// ECONFLICT when the identifier or the number within the type is taken,
// or when the type allows one valid license per holder and the holder has
// one.
func (s *Service) CreateRecord(ctx context.Context, by govops.Actor, in RecordInput) (*Record, error) {
	dept, err := by.ActFor(in.Department, "write license records")
	if err != nil {
		return nil, err
	}
	in.Department = dept
	in.normalize()
	c := s.newChecker(idcode.Strict)
	var p govops.Problems
	r, _, err := c.check(ctx, &p, &in)
	if err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.checkDepartment(ctx, "department", r.Department); err != nil {
		return nil, err
	}
	if err := s.stamp(&r, by, uuid.Nil); err != nil {
		return nil, err
	}
	if err := s.store.CreateRecord(ctx, r); err != nil {
		return nil, s.whyTaken(ctx, &r, err)
	}
	return &r, nil
}

// stamp gives r its ID, its identifier when it has none, its version and
// its creation.
func (s *Service) stamp(r *Record, by govops.Actor, batch uuid.UUID) error {
	id, err := uuid.NewV7()
	if err != nil {
		return govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
	}
	r.ID = id
	if r.Identifier == "" {
		if r.Identifier, err = IssueIdentifier(r.Type, r.IssuerCode, id); err != nil {
			return govops.Errorf(govops.EINTERNAL, "issue an identifier: %w", err)
		}
	}
	now := s.clock()
	r.Version, r.CreatedAt, r.UpdatedAt, r.CreatedBy, r.CreatedByDept, r.Batch = 1, now, now, by.Name, by.Department, batch
	return nil
}

// whyTaken returns the Store's refusal of a new record as the ECONFLICT
// that names the field taken and says what to do, when it can tell: the
// identifier, or the holder's valid license of a single-valid type. Any
// other error, a taken number included (the Store names the record that
// takes it), comes back as it is.
func (s *Service) whyTaken(ctx context.Context, r *Record, err error) error {
	if govops.ErrorCode(err) != govops.ECONFLICT {
		return err
	}
	if o, gerr := s.store.RecordByIdentifier(ctx, r.Identifier); gerr == nil {
		return govops.Errorf(govops.ECONFLICT, "a license with identifier %s is recorded already (number %s)", o.Identifier, o.Number).
			WithField("identifier", "is taken")
	}
	if r.Exclusive && r.State == StateValid {
		if xerr := s.checkExclusive(ctx, r); xerr != nil {
			return xerr
		}
	}
	return err
}

// GetRecord returns the record a reference names: its ID or its
// identifier. A department reads only its own records (ENOTFOUND for
// another's), and a reader who may not see the holder's personal data
// gets it masked.
func (s *Service) GetRecord(ctx context.Context, by govops.Actor, ref string) (*Record, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	r, err := s.record(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return maskRecord(by, r), nil
}

// record finds the record ref names that by may see.
func (s *Service) record(ctx context.Context, by govops.Actor, ref string) (*Record, error) {
	var r *Record
	var err error
	if id, perr := uuid.Parse(ref); perr == nil && len(ref) == 36 {
		r, err = s.store.Record(ctx, id)
	} else {
		var p govops.Problems
		if govops.CheckText(&p, "record", ref, 200, true) {
			r, err = s.store.RecordByIdentifier(ctx, ref)
		} else {
			return nil, p.Err()
		}
	}
	if err == nil && !by.MaySee(r.Department) {
		err = govops.Errorf(govops.ENOTFOUND, "no license record %s", govops.Truncate(ref, 80))
	}
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "no license record %s", govops.Truncate(ref, 80))
	}
	return r, err
}

// maskRecord returns r as by may see it.
func maskRecord(by govops.Actor, r *Record) *Record {
	if by.SeesPersonalData(r.Department) {
		return r
	}
	m := govops.Mask(*r)
	return &m
}

// RecordList selects one page of records.
type RecordList struct {
	RecordFilter
	Cursor string
	Limit  int
}

// ListRecords returns one page of the records matching in, oldest first.
// The center sees every department's; a department only its own (asking
// for another's is EFORBIDDEN). Searching by holder code is for those who
// may see personal data: a read-only actor gets EFORBIDDEN naming
// "holder_code", so that nobody finds out by searching what they may not
// read.
func (s *Service) ListRecords(ctx context.Context, by govops.Actor, in RecordList) (govops.Page[*Record], error) {
	var p govops.Problems
	by.Check(&p)
	if in.State != "" && !in.State.Valid() {
		p.Addf("state", "unknown state %s: use %s", quote(string(in.State)), stateChoices())
	}
	if in.Department != "" {
		govops.CheckCode(&p, "department", in.Department)
	}
	govops.CheckText(&p, "holder_code", in.HolderCode, govops.MaxCodeLen, false)
	govops.CheckText(&p, "type", in.Type, TypeCodeLen+8, false)
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[*Record]{}, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return govops.Page[*Record]{}, err
	}
	in.Department = dept
	if in.HolderCode != "" && by.ReadOnly {
		return govops.Page[*Record]{}, govops.Errorf(govops.EFORBIDDEN, "%s is read-only: it sees holder codes masked, and may not search by one", govops.Truncate(by.Name, 64)).
			WithField("holder_code", "searching by holder code needs a reader who may see it")
	}
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		return govops.Page[*Record]{}, err
	}
	rs, err := s.store.Records(ctx, in.RecordFilter, after, limit+1)
	if err != nil {
		return govops.Page[*Record]{}, err
	}
	page := govops.NewPage(ptrs(rs), limit, func(r *Record) string { return r.ID.String() })
	for i, r := range page.Items {
		page.Items[i] = maskRecord(by, r)
	}
	return page, nil
}

// RecordEvents returns the whole trail of the record a reference names,
// its creation first (made from the record itself, which carries it; see
// Record), then each change. Who may read the record may read its trail;
// notes are personal free text, masked for a reader who may not see the
// holder's data.
func (s *Service) RecordEvents(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	r, err := s.record(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	first := r.State
	if len(evs) > 0 {
		first = State(evs[0].From)
	}
	note := ""
	if r.Batch != uuid.Nil {
		note = "imported in batch " + r.Batch.String()
	}
	created := Event{Subject: r.ID, Seq: 1, Type: EventRecordCreated, Actor: r.CreatedBy, ActorDept: r.CreatedByDept,
		At: r.CreatedAt, To: Status(first), Department: r.Department, Note: note}
	out := append([]Event{created}, evs...)
	if !by.SeesPersonalData(r.Department) {
		// The holder's name and code are masked wherever a note quotes
		// them, each as the kind of value it is.
		out = govops.Mask(trailView{Holder: r.Holder, HolderCode: r.HolderCode, Events: out}).Events
	}
	return out, nil
}

// trailView is a record's trail with the personal values its notes may
// quote, for govops.Mask.
type trailView struct {
	Holder     string `mask:"name"`
	HolderCode string `mask:"phone"`
	Events     []Event
}

// Batch returns an import batch. Center staff see every batch, a
// department only its own.
func (s *Service) Batch(ctx context.Context, by govops.Actor, id string) (*Batch, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	bid, err := parseID("id", id)
	if err != nil {
		return nil, err
	}
	b, err := s.store.Batch(ctx, bid)
	if err == nil && !by.MaySee(b.ActorDept) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no import batch %s", bid)
	}
	return b, err
}

// nextVersion returns the identifier version that follows v ("1" → "2").
func nextVersion(v string) (string, bool) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n >= 9999 {
		return "", false
	}
	return strconv.Itoa(n + 1), true
}
