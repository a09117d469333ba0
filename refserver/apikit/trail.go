package apikit

import (
	"context"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
)

// Labeled is an enum that carries its Chinese label: every domain's event
// types and statuses.
type Labeled interface {
	~string
	Label() string
}

// TrailEvent is the one JSON shape of a trail event (govops.Event),
// whatever the domain: the OpenAPI schema TrailEvent.
type TrailEvent struct {
	ID              string   `json:"id"`
	Seq             int64    `json:"seq"`
	Type            string   `json:"type"`
	TypeLabel       string   `json:"type_label"`
	Actor           string   `json:"actor"`
	ActorDepartment string   `json:"actor_department,omitempty"`
	At              string   `json:"at"`
	FromStatus      string   `json:"from_status,omitempty"`
	FromStatusLabel string   `json:"from_status_label,omitempty"`
	ToStatus        string   `json:"to_status"`
	ToStatusLabel   string   `json:"to_status_label"`
	Department      string   `json:"department,omitempty"`
	Note            string   `json:"note,omitempty"`
	Attachments     []string `json:"attachments,omitempty"`
}

// Trail is a whole trail: {"items": [...]}.
type Trail struct {
	Items []TrailEvent `json:"items"`
}

// TrailOut presents one event of any domain's trail, its time in c's zone.
func TrailOut[T, S Labeled](c Clock, e govops.Event[T, S]) TrailEvent {
	out := TrailEvent{
		ID: e.ID.String(), Seq: e.Seq, Type: string(e.Type), TypeLabel: e.Type.Label(),
		Actor: e.Actor, ActorDepartment: e.ActorDept, At: c.Format(e.At),
		ToStatus: string(e.To), ToStatusLabel: e.To.Label(),
		Department: e.Department, Note: e.Note, Attachments: e.Attachments,
	}
	if e.From != "" {
		out.FromStatus, out.FromStatusLabel = string(e.From), e.From.Label()
	}
	return out
}

// TrailList presents a whole trail.
func TrailList[T, S Labeled](c Clock, evs []govops.Event[T, S]) Trail {
	out := Trail{Items: make([]TrailEvent, len(evs))}
	for i, e := range evs {
		out.Items[i] = TrailOut(c, e)
	}
	return out
}

// Events serves the trail of the record the path parameter param names:
// it takes no query parameters and answers {"items": [...]}, each event in
// the one TrailEvent shape, its time in c's zone.
func Events[T, S Labeled](c Clock, param string, events func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[T, S], error)) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if err := NewQuery(req.URL).Err(); err != nil {
			return err
		}
		ctx := req.Context()
		evs, err := events(ctx, Actor(ctx), req.Param(param))
		if err != nil {
			return err
		}
		return WriteJSON(w, http.StatusOK, TrailList(c, evs))
	}
}
