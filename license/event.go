package license

import (
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// EventType names what an Event records.
type EventType string

// Event types.
const (
	EventTypeAdded        EventType = "type_added"
	EventTypeUpdated      EventType = "type_updated"
	EventClaimFiled       EventType = "claim_filed"
	EventClaimUpdated     EventType = "claim_updated"
	EventClaimWithdrawn   EventType = "claim_withdrawn"
	EventTemplateUploaded EventType = "template_uploaded"
	EventTemplateApproved EventType = "template_approved"
	EventTemplateReplaced EventType = "template_superseded"
	EventSchemaSet        EventType = "schema_set"
	EventRecordCreated    EventType = "record_created"
	EventRecordSuspended  EventType = "record_suspended"
	EventRecordReinstated EventType = "record_reinstated"
	EventRecordAnnulled   EventType = "record_annulled"
	EventRecordCancelled  EventType = "record_cancelled"
	EventRecordExpired    EventType = "record_expired"
	EventRecordRevoked    EventType = "record_revoked"
	EventRecordReissued   EventType = "record_reissued"
)

// Event is one entry of the trail (留痕) of a type, a claim, a template, a
// schema or a record: the shared govops.Event, whose From and To are the
// statuses (or record states) before and after the change, and whose
// Subject is the changed thing's ID.
type Event = govops.Event[EventType, string]

// newEvent returns the event of by's change of subject to version seq.
func newEvent(subject uuid.UUID, seq int64, t EventType, by govops.Actor, at time.Time, from, to, dept, note string) (Event, error) {
	e, err := govops.NewEvent[EventType, string](subject, seq, t, by, at, from, to)
	if err != nil {
		return Event{}, err
	}
	e.Department, e.Note = dept, note
	return e, nil
}
