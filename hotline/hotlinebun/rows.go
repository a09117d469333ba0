package hotlinebun

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunstore"
)

// callbackRow is a row of hotline_callbacks. Times are UTC and NULL when
// zero; the month is 'YYYY-MM'.
type callbackRow struct {
	bun.BaseModel `bun:"table:hotline_callbacks"`

	ID         string    `bun:"id,pk"`
	CaseNumber string    `bun:"case_number"`
	Department string    `bun:"department"`
	Month      string    `bun:"month"`
	Result     string    `bun:"result"`
	CalledAt   time.Time `bun:"called_at,nullzero"`
	Note       string    `bun:"note"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
	CreatedBy  string    `bun:"created_by"`
}

func toCallbackRow(c *hotline.Callback) callbackRow {
	return callbackRow{ID: c.ID.String(), CaseNumber: c.CaseNumber, Department: c.Department,
		Month: c.Month.String(), Result: string(c.Result), CalledAt: bunstore.DBTime(c.CalledAt), Note: c.Note,
		CreatedAt: bunstore.DBTime(c.CreatedAt), CreatedBy: c.CreatedBy}
}

func (r *callbackRow) toCallback() (hotline.Callback, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return hotline.Callback{}, errs.Err("read callback id", err)
	}
	m, err := readMonth(r.Month)
	if err != nil {
		return hotline.Callback{}, err
	}
	return hotline.Callback{ID: id, CaseNumber: r.CaseNumber, Department: r.Department, Month: m,
		Result: hotline.Result(r.Result), CalledAt: bunstore.GoTime(r.CalledAt), Note: r.Note,
		CreatedAt: bunstore.GoTime(r.CreatedAt), CreatedBy: r.CreatedBy}, nil
}

// readMonth parses a stored 'YYYY-MM'; one that does not parse is a fault
// of the store.
func readMonth(s string) (hotline.Month, error) {
	m, err := hotline.ParseMonth(s)
	if err != nil {
		return hotline.Month{}, errs.Err("read stored month "+strconv.Quote(s), err)
	}
	return m, nil
}

// outcomeRow is a row of hotline_outcomes. The flags are 0/1 SMALLINTs, so
// that SUM counts them in every dialect.
type outcomeRow struct {
	bun.BaseModel `bun:"table:hotline_outcomes"`

	CaseNumber     string    `bun:"case_number,pk"`
	Department     string    `bun:"department"`
	Month          string    `bun:"month"`
	Dispatched     int16     `bun:"dispatched"`
	AcceptedOnTime int16     `bun:"accepted_on_time"`
	ResolvedOnTime int16     `bun:"resolved_on_time"`
	Returned       int16     `bun:"returned"`
	Redone         int16     `bun:"redone"`
	Replied        int16     `bun:"replied"`
	Version        int64     `bun:"version"`
	UpdatedAt      time.Time `bun:"updated_at,nullzero"`
	UpdatedBy      string    `bun:"updated_by"`
}

func flag(b bool) int16 {
	if b {
		return 1
	}
	return 0
}

func toOutcomeRow(o *hotline.Outcome) outcomeRow {
	return outcomeRow{CaseNumber: o.CaseNumber, Department: o.Department, Month: o.Month.String(),
		Dispatched: flag(o.Dispatched), AcceptedOnTime: flag(o.AcceptedOnTime), ResolvedOnTime: flag(o.ResolvedOnTime),
		Returned: flag(o.Returned), Redone: flag(o.Redone), Replied: flag(o.Replied),
		Version: o.Version, UpdatedAt: bunstore.DBTime(o.UpdatedAt), UpdatedBy: o.UpdatedBy}
}

func (r *outcomeRow) toOutcome() (hotline.Outcome, error) {
	m, err := readMonth(r.Month)
	if err != nil {
		return hotline.Outcome{}, err
	}
	return hotline.Outcome{CaseNumber: r.CaseNumber, Department: r.Department, Month: m,
		Dispatched: r.Dispatched != 0, AcceptedOnTime: r.AcceptedOnTime != 0, ResolvedOnTime: r.ResolvedOnTime != 0,
		Returned: r.Returned != 0, Redone: r.Redone != 0, Replied: r.Replied != 0,
		Version: r.Version, UpdatedAt: bunstore.GoTime(r.UpdatedAt), UpdatedBy: r.UpdatedBy}, nil
}

// counts are sign times what the outcome adds to its group of the outcome
// summary: one outcome, and each flag it has set.
func (r *outcomeRow) counts(sign int64) [7]int64 {
	return [7]int64{sign, sign * int64(r.Dispatched), sign * int64(r.AcceptedOnTime), sign * int64(r.ResolvedOnTime),
		sign * int64(r.Returned), sign * int64(r.Redone), sign * int64(r.Replied)}
}

// delta is the change of the outcome summary of sign times the outcome:
// 1 when it is stored, -1 when it leaves its group.
func (r *outcomeRow) delta(sign int64) bunstore.SummaryDelta {
	c := r.counts(sign)
	return bunstore.SummaryDelta{Key: []any{r.Month, r.Department}, Counts: c[:]}
}

// schemeRow is a row of hotline_schemes; the rules are one JSON document,
// since they are only ever read whole.
type schemeRow struct {
	bun.BaseModel `bun:"table:hotline_schemes"`

	ID            string    `bun:"id,pk"`
	EffectiveFrom string    `bun:"effective_from"`
	Name          string    `bun:"name"`
	Body          string    `bun:"body"`
	CreatedAt     time.Time `bun:"created_at,nullzero"`
	CreatedBy     string    `bun:"created_by"`
}

func toSchemeRow(s *hotline.Scheme) (schemeRow, error) {
	body, err := json.Marshal(toSchemeBody(s))
	if err != nil {
		return schemeRow{}, errs.Err("encode scheme", err)
	}
	return schemeRow{ID: s.ID.String(), EffectiveFrom: s.EffectiveFrom.String(), Name: s.Name, Body: string(body),
		CreatedAt: bunstore.DBTime(s.CreatedAt), CreatedBy: s.CreatedBy}, nil
}

func (r *schemeRow) toScheme() (hotline.Scheme, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return hotline.Scheme{}, errs.Err("read scheme id", err)
	}
	m, err := readMonth(r.EffectiveFrom)
	if err != nil {
		return hotline.Scheme{}, err
	}
	var b schemeBody
	if err := json.Unmarshal([]byte(r.Body), &b); err != nil {
		return hotline.Scheme{}, errs.Err("decode scheme "+r.ID, err)
	}
	sc := b.toScheme()
	sc.ID, sc.Name, sc.EffectiveFrom = id, r.Name, m
	sc.CreatedAt, sc.CreatedBy = bunstore.GoTime(r.CreatedAt), r.CreatedBy
	return sc, nil
}

// deductionRow is a row of hotline_deductions. Points are exact decimal
// text; attachments a JSON array. appeal_by_provisional is a BOOLEAN
// (added by the 20261201000001_provisional migration, FALSE for older rows).
type deductionRow struct {
	bun.BaseModel `bun:"table:hotline_deductions"`

	ID           string    `bun:"id,pk"`
	Department   string    `bun:"department"`
	Month        string    `bun:"month"`
	RuleCode     string    `bun:"rule_code"`
	Points       string    `bun:"points"`
	Reason       string    `bun:"reason"`
	CaseNumber   string    `bun:"case_number"`
	RecordedAt   time.Time `bun:"recorded_at,nullzero"`
	RecordedBy   string    `bun:"recorded_by"`
	AppealBy     time.Time `bun:"appeal_by,nullzero"`
	Provisional  bool      `bun:"appeal_by_provisional"`
	Status       string    `bun:"status"`
	AppealedAt   time.Time `bun:"appealed_at,nullzero"`
	AppealedBy   string    `bun:"appealed_by"`
	Materials    string    `bun:"materials"`
	Attachments  string    `bun:"attachments"`
	DecidedAt    time.Time `bun:"decided_at,nullzero"`
	DecidedBy    string    `bun:"decided_by"`
	DecisionNote string    `bun:"decision_note"`
	Version      int64     `bun:"version"`
}

func toDeductionRow(d *hotline.Deduction) deductionRow {
	return deductionRow{ID: d.ID.String(), Department: d.Department, Month: d.Month.String(), RuleCode: d.RuleCode,
		Points: d.Points.String(), Reason: d.Reason, CaseNumber: d.CaseNumber, RecordedAt: bunstore.DBTime(d.RecordedAt),
		RecordedBy: d.RecordedBy, AppealBy: bunstore.DBTime(d.AppealBy), Provisional: d.AppealByProvisional, Status: string(d.Status),
		AppealedAt: bunstore.DBTime(d.AppealedAt), AppealedBy: d.AppealedBy, Materials: d.Materials,
		Attachments: bunstore.EncodeList(d.Attachments), DecidedAt: bunstore.DBTime(d.DecidedAt), DecidedBy: d.DecidedBy,
		DecisionNote: d.DecisionNote, Version: d.Version}
}

func (r *deductionRow) toDeduction() (hotline.Deduction, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return hotline.Deduction{}, errs.Err("read deduction id", err)
	}
	m, err := readMonth(r.Month)
	if err != nil {
		return hotline.Deduction{}, err
	}
	pts, err := decimal.NewFromString(r.Points)
	if err != nil {
		return hotline.Deduction{}, errs.Err("read points of deduction "+r.ID, err)
	}
	att, err := bunstore.DecodeList(r.Attachments)
	if err != nil {
		return hotline.Deduction{}, errs.Err("read the attachments of deduction "+r.ID, err)
	}
	return hotline.Deduction{ID: id, Department: r.Department, Month: m, RuleCode: r.RuleCode, Points: pts,
		Reason: r.Reason, CaseNumber: r.CaseNumber, RecordedAt: bunstore.GoTime(r.RecordedAt), RecordedBy: r.RecordedBy,
		AppealBy: bunstore.GoTime(r.AppealBy), AppealByProvisional: r.Provisional, Status: hotline.DeductionStatus(r.Status), AppealedAt: bunstore.GoTime(r.AppealedAt),
		AppealedBy: r.AppealedBy, Materials: r.Materials, Attachments: att, DecidedAt: bunstore.GoTime(r.DecidedAt),
		DecidedBy: r.DecidedBy, DecisionNote: r.DecisionNote, Version: r.Version}, nil
}

// delta is the change of the deduction summary of sign times the
// deduction, in its group of month, department, status and points (its
// text as stored).
func (r *deductionRow) delta(sign int64) bunstore.SummaryDelta {
	return bunstore.SummaryDelta{Key: []any{r.Month, r.Department, r.Status, r.Points}, Counts: []int64{sign}}
}

// eventRow is a row of hotline_deduction_events: the columns every trail
// shares (bunstore.EventRow) and the deduction's ID. type is a VARCHAR(32)
// since the 20261201000001_provisional migration, which widened it from 16
// for "appeal_window_recomputed"; department was added by
// 20261201000002_event_department, ” for older rows.
type eventRow struct {
	bun.BaseModel `bun:"table:hotline_deduction_events"`

	DeductionID string `bun:"deduction_id"`
	bunstore.EventRow
}

func toEventRows(events []hotline.DeductionEvent) []eventRow {
	rows := make([]eventRow, len(events))
	for i, e := range events {
		rows[i].EventRow, rows[i].DeductionID = bunstore.ToEventRow(e)
	}
	return rows
}

func (r *eventRow) toEvent() (hotline.DeductionEvent, error) {
	return bunstore.FromEventRow[hotline.DeductionEventType, hotline.DeductionStatus](errs, &r.EventRow, r.DeductionID)
}

// peerRow is a row of hotline_peer_results.
type peerRow struct {
	bun.BaseModel `bun:"table:hotline_peer_results"`

	Period       string    `bun:"period,pk"`
	District     string    `bun:"district,pk"`
	Score        string    `bun:"score"`
	Satisfaction string    `bun:"satisfaction"`
	ImportedAt   time.Time `bun:"imported_at,nullzero"`
	ImportedBy   string    `bun:"imported_by"`
}

func toPeerRow(p *hotline.PeerResult) peerRow {
	return peerRow{Period: p.Period.String(), District: p.District, Score: p.Score.String(),
		Satisfaction: p.Satisfaction.String(), ImportedAt: bunstore.DBTime(p.ImportedAt), ImportedBy: p.ImportedBy}
}

func (r *peerRow) toPeer() (hotline.PeerResult, error) {
	per, err := hotline.ParsePeriod(r.Period)
	if err != nil {
		return hotline.PeerResult{}, errs.Err("read period", err)
	}
	score, err := decimal.NewFromString(r.Score)
	if err != nil {
		return hotline.PeerResult{}, errs.Err("read score", err)
	}
	sat, err := decimal.NewFromString(r.Satisfaction)
	if err != nil {
		return hotline.PeerResult{}, errs.Err("read satisfaction", err)
	}
	return hotline.PeerResult{District: r.District, Period: per, Score: score, Satisfaction: sat,
		ImportedAt: bunstore.GoTime(r.ImportedAt), ImportedBy: r.ImportedBy}, nil
}
