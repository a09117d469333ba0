package govops

import (
	"time"

	"github.com/google/uuid"
)

// Event is one entry of an aggregate's audit trail (留痕): the one shape of
// every domain's history, with T the domain's event types and S its
// statuses. Events are appended in the same transaction as the change they
// record, and never edited.
//
// Seq counts 1, 2, 3… within the aggregate and equals the Version that the
// event produced, so a reader can always match a version to the change that
// made it. Times are UTC.
type Event[T, S ~string] struct {
	ID          uuid.UUID // UUIDv7
	Subject     uuid.UUID // the aggregate's ID
	Seq         int64
	Type        T      `mask:"safe"`
	Actor       string `mask:"safe"` // who: a user or token name
	ActorDept   string `mask:"safe"` // the actor's department code; empty for center staff
	At          time.Time
	From        S        `mask:"safe"` // empty for the first event
	To          S        `mask:"safe"`
	Department  string   `mask:"safe"` // the aggregate's department after the event, where it has one
	Note        string   // reason, reply, comment: personal free text
	Attachments []string // files attached to the change, such as appeal materials
}

// NewEvent returns the event that by's change of an aggregate to version seq
// records, stamped at (in UTC) with a new UUIDv7.
func NewEvent[T, S ~string](subject uuid.UUID, seq int64, typ T, by Actor, at time.Time, from, to S) (Event[T, S], error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Event[T, S]{}, Errorf(EINTERNAL, "generate event id: %w", err)
	}
	return Event[T, S]{
		ID: id, Subject: subject, Seq: seq, Type: typ,
		Actor: by.Name, ActorDept: by.Department, At: at.UTC(),
		From: from, To: to,
	}, nil
}
