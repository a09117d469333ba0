package caseapi

import (
	"time"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The JSON shapes of the case endpoints. Domain types carry no JSON tags:
// these shapes decide the wire format. Enums travel as their stable codes
// with a sibling *_label in Chinese; times are RFC 3339 in Asia/Shanghai
// (+08:00) and left out when not set.

// contactJSON is a case's reporter (masked for callers who may not see it).
type contactJSON struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

type caseJSON struct {
	ID            string      `json:"id"`
	Number        string      `json:"number"`
	Year          int         `json:"year"`
	Kind          string      `json:"kind"`
	KindLabel     string      `json:"kind_label"`
	Category      string      `json:"category"`
	CategoryLabel string      `json:"category_label"`
	Priority      string      `json:"priority"`
	PriorityLabel string      `json:"priority_label"`
	Source        string      `json:"source"`
	SourceLabel   string      `json:"source_label"`
	ExternalNo    string      `json:"external_no,omitempty"`
	Title         string      `json:"title"`
	Description   string      `json:"description,omitempty"`
	Reporter      contactJSON `json:"reporter"`
	Location      string      `json:"location,omitempty"`
	Department    string      `json:"department,omitempty"`
	Status        string      `json:"status"`
	StatusLabel   string      `json:"status_label"`
	Overdue       bool        `json:"overdue"`
	AcceptBy      string      `json:"accept_by,omitempty"`
	ResolveBy     string      `json:"resolve_by,omitempty"`
	// The deadline was counted across a year that only the provisional
	// calendar covers: it moves once that year's notice is loaded.
	AcceptByProvisional  bool   `json:"accept_by_provisional"`
	ResolveByProvisional bool   `json:"resolve_by_provisional"`
	DispatchedAt         string `json:"dispatched_at,omitempty"`
	AcceptedAt           string `json:"accepted_at,omitempty"`
	RepliedAt            string `json:"replied_at,omitempty"`
	ClosedAt             string `json:"closed_at,omitempty"`
	Reply                string `json:"reply,omitempty"`
	UrgeCount            int    `json:"urge_count"`
	ReturnCount          int    `json:"return_count"`
	RedoCount            int    `json:"redo_count"`
	ExtensionUntil       string `json:"extension_until,omitempty"`
	ExtensionReason      string `json:"extension_reason,omitempty"`
	CreatedAt            string `json:"created_at"`
	UpdatedAt            string `json:"updated_at"`
	Version              int64  `json:"version"`
}

func (a *API) kindLabel(k govcase.Kind) string {
	if l, ok := a.kinds[k]; ok {
		return l
	}
	return string(k)
}

func (a *API) caseOut(c *govcase.Case) caseJSON {
	return caseJSON{
		ID: c.ID.String(), Number: c.Number, Year: c.Year,
		Kind: string(c.Kind), KindLabel: a.kindLabel(c.Kind),
		Category: string(c.Category), CategoryLabel: c.Category.Label(),
		Priority: string(c.Priority), PriorityLabel: c.Priority.Label(),
		Source: string(c.Source), SourceLabel: c.Source.Label(),
		ExternalNo: c.ExternalNo, Title: c.Title, Description: c.Description,
		Reporter: contactJSON{Name: c.Reporter.Name, Phone: c.Reporter.Phone},
		Location: c.Location, Department: c.Department,
		Status: string(c.Status), StatusLabel: c.Status.Label(),
		Overdue:  c.Overdue(a.clock.Now()),
		AcceptBy: a.clock.Format(c.AcceptBy), ResolveBy: a.clock.Format(c.ResolveBy),
		AcceptByProvisional: c.AcceptByProvisional, ResolveByProvisional: c.ResolveByProvisional,
		DispatchedAt: a.clock.Format(c.DispatchedAt), AcceptedAt: a.clock.Format(c.AcceptedAt),
		RepliedAt: a.clock.Format(c.RepliedAt), ClosedAt: a.clock.Format(c.ClosedAt),
		Reply: c.Reply, UrgeCount: c.UrgeCount, ReturnCount: c.ReturnCount, RedoCount: c.RedoCount,
		ExtensionUntil: a.clock.Format(c.ExtensionUntil), ExtensionReason: c.ExtensionReason,
		CreatedAt: a.clock.Format(c.CreatedAt), UpdatedAt: a.clock.Format(c.UpdatedAt), Version: c.Version,
	}
}

// caseCreateJSON registers a case (登记).
type caseCreateJSON struct {
	Kind        string       `json:"kind"`
	Category    string       `json:"category"`
	Priority    string       `json:"priority"`
	Source      string       `json:"source"`
	ExternalNo  string       `json:"external_no"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Reporter    *contactJSON `json:"reporter"`
	Location    string       `json:"location"`
}

type dispatchJSON struct {
	Department    string `json:"department"`
	UseSuggestion bool   `json:"use_suggestion"`
	Note          string `json:"note"`
}

type noteJSON struct {
	Note string `json:"note"`
}

type reasonJSON struct {
	Reason string `json:"reason"`
}

type replyJSON struct {
	Reply string `json:"reply"`
}

type extensionJSON struct {
	Until  string `json:"until"`
	Reason string `json:"reason"`
}

type extensionDecisionJSON struct {
	Approve *bool  `json:"approve"`
	Reason  string `json:"reason"`
}

type statsGroupJSON struct {
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Department  string `json:"department,omitempty"`
	Count       int64  `json:"count"`
}

type statsJSON struct {
	Total               int64            `json:"total"`
	Groups              []statsGroupJSON `json:"groups"`
	Dispatched          int64            `json:"dispatched"`
	Accepted            int64            `json:"accepted"`
	AcceptedOnTime      int64            `json:"accepted_on_time"`
	Replied             int64            `json:"replied"`
	RepliedOnTime       int64            `json:"replied_on_time"`
	AcceptOnTimeRate    *string          `json:"accept_on_time_rate"`
	ResolveOnTimeRate   *string          `json:"resolve_on_time_rate"`
	ResponseRate        *string          `json:"response_rate"`
	MeanHandlingSeconds int64            `json:"mean_handling_seconds"`
}

func (a *API) statsOut(r govcase.StatsReport) statsJSON {
	out := statsJSON{
		Total: r.Total, Groups: make([]statsGroupJSON, len(r.Groups)),
		Dispatched: r.Dispatched, Accepted: r.Accepted, AcceptedOnTime: r.AcceptedOnTime,
		Replied: r.Replied, RepliedOnTime: r.RepliedOnTime,
		MeanHandlingSeconds: int64(r.MeanHandling / time.Second),
		AcceptOnTimeRate:    apikit.Rate(r.AcceptOnTimeRate),
		ResolveOnTimeRate:   apikit.Rate(r.ResolveOnTimeRate),
		ResponseRate:        apikit.Rate(r.ResponseRate),
	}
	for i, g := range r.Groups {
		out.Groups[i] = statsGroupJSON{
			Kind: string(g.Kind), KindLabel: a.kindLabel(g.Kind),
			Status: string(g.Status), StatusLabel: g.Status.Label(),
			Department: g.Department, Count: g.Count,
		}
	}
	return out
}

type routingRuleJSON struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind,omitempty"`
	KindLabel  string   `json:"kind_label,omitempty"`
	Category   string   `json:"category,omitempty"`
	Keywords   []string `json:"keywords"`
	Department string   `json:"department"`
	Priority   int      `json:"priority"`
	CreatedAt  string   `json:"created_at,omitempty"`
}

func (a *API) ruleOut(r govcase.RoutingRule) routingRuleJSON {
	out := routingRuleJSON{
		ID: r.ID.String(), Kind: string(r.Kind), Category: string(r.Category),
		Keywords: r.Keywords, Department: r.Department, Priority: r.Priority,
		CreatedAt: a.clock.Format(r.CreatedAt),
	}
	if out.Keywords == nil {
		out.Keywords = []string{}
	}
	if r.Kind != "" {
		out.KindLabel = a.kindLabel(r.Kind)
	}
	return out
}

type routingRuleCreateJSON struct {
	Kind       string   `json:"kind"`
	Category   string   `json:"category"`
	Keywords   []string `json:"keywords"`
	Department string   `json:"department"`
	Priority   int      `json:"priority"`
}

type suggestionJSON struct {
	Case       string           `json:"case"`
	Matched    bool             `json:"matched"`
	Department string           `json:"department,omitempty"`
	Rule       *routingRuleJSON `json:"rule,omitempty"`
}
