package bunstore

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// EventRow holds the columns of an audit-trail event (govops.Event) that
// every domain's event table shares. An adapter embeds it in its own row
// struct, beside the table name and the column of the aggregate's ID, which
// is named for the aggregate (case_id, deduction_id):
//
//	type eventRow struct {
//		bun.BaseModel `bun:"table:govcase_events"`
//		CaseID string `bun:"case_id"`
//		bunstore.EventRow
//	}
//
// Attachments is a JSON array of strings; "" and "[]" read as none.
type EventRow struct {
	ID          string    `bun:"id,pk"`
	Seq         int64     `bun:"seq"`
	Type        string    `bun:"type"`
	Actor       string    `bun:"actor"`
	ActorDept   string    `bun:"actor_dept"`
	At          time.Time `bun:"at,nullzero"`
	FromStatus  string    `bun:"from_status"`
	ToStatus    string    `bun:"to_status"`
	Department  string    `bun:"department"`
	Note        string    `bun:"note"`
	Attachments string    `bun:"attachments"`
}

// ToEventRow returns the shared columns of e, and the aggregate's ID for
// the adapter's own column.
func ToEventRow[T, S ~string](e govops.Event[T, S]) (EventRow, string) {
	return EventRow{
		ID: e.ID.String(), Seq: e.Seq, Type: string(e.Type),
		Actor: e.Actor, ActorDept: e.ActorDept, At: DBTime(e.At),
		FromStatus: string(e.From), ToStatus: string(e.To),
		Department: e.Department, Note: e.Note, Attachments: EncodeList(e.Attachments),
	}, e.Subject.String()
}

// FromEventRow returns the event that r and the aggregate's ID subject
// hold. A malformed stored ID or list is EINTERNAL through errs.
func FromEventRow[T, S ~string](errs Errors, r *EventRow, subject string) (govops.Event[T, S], error) {
	var e govops.Event[T, S]
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return e, errs.Err("read event id "+r.ID, err)
	}
	sub, err := uuid.Parse(subject)
	if err != nil {
		return e, errs.Err("read the aggregate id of event "+r.ID, err)
	}
	att, err := DecodeList(r.Attachments)
	if err != nil {
		return e, errs.Err("read the attachments of event "+r.ID, err)
	}
	return govops.Event[T, S]{
		ID: id, Subject: sub, Seq: r.Seq, Type: T(r.Type),
		Actor: r.Actor, ActorDept: r.ActorDept, At: GoTime(r.At),
		From: S(r.FromStatus), To: S(r.ToStatus),
		Department: r.Department, Note: r.Note, Attachments: att,
	}, nil
}

// EncodeList stores a list of strings as a JSON array ("[]" for none).
func EncodeList(xs []string) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs) // a []string always encodes
	return string(b)
}

// DecodeList reads a list stored by EncodeList; "" and "[]" give nil.
func DecodeList(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var xs []string
	if err := json.Unmarshal([]byte(s), &xs); err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, nil
	}
	return xs, nil
}
