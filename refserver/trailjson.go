package refserver

import (
	"github.com/govops-kit/govops"
)

// labeled is an enum that carries its Chinese label: every domain's event
// types and statuses.
type labeled interface {
	~string
	Label() string
}

// trailEventJSON is the one JSON shape of an audit-trail event
// (govops.Event), whatever the domain.
type trailEventJSON struct {
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

type trailJSON struct {
	Items []trailEventJSON `json:"items"`
}

// trailOut presents one event of any domain's trail, its time in
// Asia/Shanghai.
func trailOut[T, S labeled](s *Server, e govops.Event[T, S]) trailEventJSON {
	out := trailEventJSON{
		ID: e.ID.String(), Seq: e.Seq, Type: string(e.Type), TypeLabel: e.Type.Label(),
		Actor: e.Actor, ActorDepartment: e.ActorDept, At: s.shanghai(e.At),
		ToStatus: string(e.To), ToStatusLabel: e.To.Label(),
		Department: e.Department, Note: e.Note, Attachments: e.Attachments,
	}
	if e.From != "" {
		out.FromStatus, out.FromStatusLabel = string(e.From), e.From.Label()
	}
	return out
}

// trailList presents a whole trail.
func trailList[T, S labeled](s *Server, evs []govops.Event[T, S]) trailJSON {
	out := trailJSON{Items: make([]trailEventJSON, len(evs))}
	for i, e := range evs {
		out.Items[i] = trailOut(s, e)
	}
	return out
}
