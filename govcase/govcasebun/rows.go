package govcasebun

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/bunstore"
)

// caseRow is a row of govcase_cases. Times are UTC and NULL when zero.
type caseRow struct {
	bun.BaseModel `bun:"table:govcase_cases,alias:c"`

	ID                   string    `bun:"id,pk"`
	Number               string    `bun:"number"`
	Year                 int       `bun:"year"`
	Kind                 string    `bun:"kind"`
	Category             string    `bun:"category"`
	Priority             string    `bun:"priority"`
	Source               string    `bun:"source"`
	ExternalNo           string    `bun:"external_no"`
	Title                string    `bun:"title"`
	Description          string    `bun:"description"`
	ReporterName         string    `bun:"reporter_name"`
	ReporterPhone        string    `bun:"reporter_phone"`
	Location             string    `bun:"location"`
	Department           string    `bun:"department"`
	Status               string    `bun:"status"`
	AcceptBy             time.Time `bun:"accept_by,nullzero"`
	ResolveBy            time.Time `bun:"resolve_by,nullzero"`
	AcceptByProvisional  bool      `bun:"accept_by_provisional"`
	ResolveByProvisional bool      `bun:"resolve_by_provisional"`
	DispatchedAt         time.Time `bun:"dispatched_at,nullzero"`
	AcceptedAt           time.Time `bun:"accepted_at,nullzero"`
	RepliedAt            time.Time `bun:"replied_at,nullzero"`
	ClosedAt             time.Time `bun:"closed_at,nullzero"`
	Reply                string    `bun:"reply"`
	UrgeCount            int       `bun:"urge_count"`
	ReturnCount          int       `bun:"return_count"`
	RedoCount            int       `bun:"redo_count"`
	ExtensionUntil       time.Time `bun:"extension_until,nullzero"`
	ExtensionReason      string    `bun:"extension_reason"`
	CreatedAt            time.Time `bun:"created_at,nullzero"`
	UpdatedAt            time.Time `bun:"updated_at,nullzero"`
	Version              int64     `bun:"version"`

	// Derived columns for CaseStats, computed by toCaseRow from the case's
	// own fields only (never read back): they spare CaseStats time
	// arithmetic, which differs in each dialect, and let one covering index
	// answer it.
	IsDispatched   int16  `bun:"is_dispatched"`
	IsAccepted     int16  `bun:"is_accepted"`
	AcceptedOnTime int16  `bun:"accepted_on_time"`
	IsReplied      int16  `bun:"is_replied"`
	RepliedOnTime  int16  `bun:"replied_on_time"`
	HandlingSecs   *int64 `bun:"handling_secs"`

	// MaskedText is Case.SearchText: what Filter.MaskedText searches.
	MaskedText string `bun:"masked_text"`
}

func flag(b bool) int16 {
	if b {
		return 1
	}
	return 0
}

func toCaseRow(c *govcase.Case) *caseRow {
	r := &caseRow{
		ID:                   c.ID.String(),
		Number:               c.Number,
		Year:                 c.Year,
		Kind:                 string(c.Kind),
		Category:             string(c.Category),
		Priority:             string(c.Priority),
		Source:               string(c.Source),
		ExternalNo:           c.ExternalNo,
		Title:                c.Title,
		Description:          c.Description,
		ReporterName:         c.Reporter.Name,
		ReporterPhone:        c.Reporter.Phone,
		Location:             c.Location,
		Department:           c.Department,
		Status:               string(c.Status),
		AcceptBy:             bunstore.DBTime(c.AcceptBy),
		ResolveBy:            bunstore.DBTime(c.ResolveBy),
		AcceptByProvisional:  c.AcceptByProvisional,
		ResolveByProvisional: c.ResolveByProvisional,
		DispatchedAt:         bunstore.DBTime(c.DispatchedAt),
		AcceptedAt:           bunstore.DBTime(c.AcceptedAt),
		RepliedAt:            bunstore.DBTime(c.RepliedAt),
		ClosedAt:             bunstore.DBTime(c.ClosedAt),
		Reply:                c.Reply,
		UrgeCount:            c.UrgeCount,
		ReturnCount:          c.ReturnCount,
		RedoCount:            c.RedoCount,
		ExtensionUntil:       bunstore.DBTime(c.ExtensionUntil),
		ExtensionReason:      c.ExtensionReason,
		CreatedAt:            bunstore.DBTime(c.CreatedAt),
		UpdatedAt:            bunstore.DBTime(c.UpdatedAt),
		Version:              c.Version,
	}
	r.MaskedText = c.SearchText()
	// The flags apply the Case's own rules to the stored (truncated)
	// times, so that they agree with what a reader of the row would
	// compute.
	stored := govcase.Case{DispatchedAt: r.DispatchedAt, AcceptBy: r.AcceptBy, AcceptedAt: r.AcceptedAt,
		ResolveBy: r.ResolveBy, RepliedAt: r.RepliedAt}
	r.IsDispatched = flag(!stored.DispatchedAt.IsZero())
	r.IsAccepted = flag(!stored.AcceptedAt.IsZero())
	r.AcceptedOnTime = flag(stored.AcceptedOnTime())
	r.IsReplied = flag(!stored.RepliedAt.IsZero())
	r.RepliedOnTime = flag(stored.RepliedOnTime())
	if secs, ok := stored.HandlingSeconds(); ok {
		r.HandlingSecs = &secs
	}
	return r
}

func fromCaseRow(r *caseRow) (*govcase.Case, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return nil, errs.Err("read case id "+r.ID, err)
	}
	return &govcase.Case{
		ID:                   id,
		Number:               r.Number,
		Year:                 r.Year,
		Kind:                 govcase.Kind(r.Kind),
		Category:             govcase.Category(r.Category),
		Priority:             govcase.Priority(r.Priority),
		Source:               govcase.Source(r.Source),
		ExternalNo:           r.ExternalNo,
		Title:                r.Title,
		Description:          r.Description,
		Reporter:             govcase.Contact{Name: r.ReporterName, Phone: r.ReporterPhone},
		Location:             r.Location,
		Department:           r.Department,
		Status:               govcase.Status(r.Status),
		AcceptBy:             bunstore.GoTime(r.AcceptBy),
		ResolveBy:            bunstore.GoTime(r.ResolveBy),
		AcceptByProvisional:  r.AcceptByProvisional,
		ResolveByProvisional: r.ResolveByProvisional,
		DispatchedAt:         bunstore.GoTime(r.DispatchedAt),
		AcceptedAt:           bunstore.GoTime(r.AcceptedAt),
		RepliedAt:            bunstore.GoTime(r.RepliedAt),
		ClosedAt:             bunstore.GoTime(r.ClosedAt),
		Reply:                r.Reply,
		UrgeCount:            r.UrgeCount,
		ReturnCount:          r.ReturnCount,
		RedoCount:            r.RedoCount,
		ExtensionUntil:       bunstore.GoTime(r.ExtensionUntil),
		ExtensionReason:      r.ExtensionReason,
		CreatedAt:            bunstore.GoTime(r.CreatedAt),
		UpdatedAt:            bunstore.GoTime(r.UpdatedAt),
		Version:              r.Version,
	}, nil
}

// eventRow is a row of govcase_events: the columns every trail shares,
// beside the case's ID.
type eventRow struct {
	bun.BaseModel `bun:"table:govcase_events"`

	CaseID string `bun:"case_id"`
	bunstore.EventRow
}

func toEventRows(events []govcase.Event) []eventRow {
	rows := make([]eventRow, len(events))
	for i, e := range events {
		rows[i].EventRow, rows[i].CaseID = bunstore.ToEventRow(e)
	}
	return rows
}

func fromEventRow(r *eventRow) (govcase.Event, error) {
	return bunstore.FromEventRow[govcase.EventType, govcase.Status](errs, &r.EventRow, r.CaseID)
}

// ruleRow is a row of govcase_routing_rules. Keywords are a JSON array.
type ruleRow struct {
	bun.BaseModel `bun:"table:govcase_routing_rules"`

	ID         string    `bun:"id,pk"`
	Kind       string    `bun:"kind"`
	Category   string    `bun:"category"`
	Keywords   string    `bun:"keywords"`
	Department string    `bun:"department"`
	Priority   int       `bun:"priority"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
}

func toRuleRow(r govcase.RoutingRule) (*ruleRow, error) {
	kw := r.Keywords
	if kw == nil {
		kw = []string{}
	}
	b, err := json.Marshal(kw)
	if err != nil {
		return nil, errs.Err("encode keywords", err)
	}
	return &ruleRow{
		ID:         r.ID.String(),
		Kind:       string(r.Kind),
		Category:   string(r.Category),
		Keywords:   string(b),
		Department: r.Department,
		Priority:   r.Priority,
		CreatedAt:  bunstore.DBTime(r.CreatedAt),
	}, nil
}

func fromRuleRow(r *ruleRow) (govcase.RoutingRule, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return govcase.RoutingRule{}, errs.Err("read rule id "+r.ID, err)
	}
	var kw []string
	if err := json.Unmarshal([]byte(r.Keywords), &kw); err != nil {
		return govcase.RoutingRule{}, errs.Err("decode keywords of rule "+r.ID, err)
	}
	if len(kw) == 0 {
		kw = nil
	}
	return govcase.RoutingRule{
		ID:         id,
		Kind:       govcase.Kind(r.Kind),
		Category:   govcase.Category(r.Category),
		Keywords:   kw,
		Department: r.Department,
		Priority:   r.Priority,
		CreatedAt:  bunstore.GoTime(r.CreatedAt),
	}, nil
}
