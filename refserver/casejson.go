package refserver

import (
	"time"

	"github.com/govops-kit/govops/govcase"
)

// The JSON shapes of the API. Domain types carry no JSON tags: these DTOs
// decide the wire format. Enums travel as their stable codes with a sibling
// *_label in Chinese; times are RFC 3339 in Asia/Shanghai (+08:00) and left
// out when not set.

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

// shanghai formats t in the calendar's zone, "" for the zero time.
func (s *Server) shanghai(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.cases.Calendar().Location()).Format(time.RFC3339)
}

func (s *Server) kindLabel(k govcase.Kind) string {
	if l, ok := s.kinds[k]; ok {
		return l
	}
	return string(k)
}

func (s *Server) caseOut(c *govcase.Case) caseJSON {
	return caseJSON{
		ID: c.ID.String(), Number: c.Number, Year: c.Year,
		Kind: string(c.Kind), KindLabel: s.kindLabel(c.Kind),
		Category: string(c.Category), CategoryLabel: c.Category.Label(),
		Priority: string(c.Priority), PriorityLabel: c.Priority.Label(),
		Source: string(c.Source), SourceLabel: c.Source.Label(),
		ExternalNo: c.ExternalNo, Title: c.Title, Description: c.Description,
		Reporter: contactJSON{Name: c.Reporter.Name, Phone: c.Reporter.Phone},
		Location: c.Location, Department: c.Department,
		Status: string(c.Status), StatusLabel: c.Status.Label(),
		Overdue:  c.Overdue(s.now()),
		AcceptBy: s.shanghai(c.AcceptBy), ResolveBy: s.shanghai(c.ResolveBy),
		AcceptByProvisional: c.AcceptByProvisional, ResolveByProvisional: c.ResolveByProvisional,
		DispatchedAt: s.shanghai(c.DispatchedAt), AcceptedAt: s.shanghai(c.AcceptedAt),
		RepliedAt: s.shanghai(c.RepliedAt), ClosedAt: s.shanghai(c.ClosedAt),
		Reply: c.Reply, UrgeCount: c.UrgeCount, ReturnCount: c.ReturnCount, RedoCount: c.RedoCount,
		ExtensionUntil: s.shanghai(c.ExtensionUntil), ExtensionReason: c.ExtensionReason,
		CreatedAt: s.shanghai(c.CreatedAt), UpdatedAt: s.shanghai(c.UpdatedAt), Version: c.Version,
	}
}

type caseListJSON struct {
	Items      []caseJSON `json:"items"`
	NextCursor string     `json:"next_cursor,omitempty"`
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

func (s *Server) statsOut(r govcase.StatsReport) statsJSON {
	out := statsJSON{
		Total: r.Total, Groups: make([]statsGroupJSON, len(r.Groups)),
		Dispatched: r.Dispatched, Accepted: r.Accepted, AcceptedOnTime: r.AcceptedOnTime,
		Replied: r.Replied, RepliedOnTime: r.RepliedOnTime,
		MeanHandlingSeconds: int64(r.MeanHandling / time.Second),
		AcceptOnTimeRate:    rateOut(r.AcceptOnTimeRate),
		ResolveOnTimeRate:   rateOut(r.ResolveOnTimeRate),
		ResponseRate:        rateOut(r.ResponseRate),
	}
	for i, g := range r.Groups {
		out.Groups[i] = statsGroupJSON{
			Kind: string(g.Kind), KindLabel: s.kindLabel(g.Kind),
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

func (s *Server) ruleOut(r govcase.RoutingRule) routingRuleJSON {
	out := routingRuleJSON{
		ID: r.ID.String(), Kind: string(r.Kind), Category: string(r.Category),
		Keywords: r.Keywords, Department: r.Department, Priority: r.Priority,
		CreatedAt: s.shanghai(r.CreatedAt),
	}
	if out.Keywords == nil {
		out.Keywords = []string{}
	}
	if r.Kind != "" {
		out.KindLabel = s.kindLabel(r.Kind)
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

type departmentJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Parent    string `json:"parent,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
}

func (s *Server) departmentOut(d Department) departmentJSON {
	return departmentJSON{
		Code: d.Code, Name: d.Name, Kind: string(d.Kind), KindLabel: d.Kind.Label(),
		Parent: d.Parent, CreatedAt: s.shanghai(d.CreatedAt),
	}
}

type departmentCreateJSON struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Parent string `json:"parent"`
}

type departmentListJSON struct {
	Items      []departmentJSON `json:"items"`
	NextCursor string           `json:"next_cursor,omitempty"`
}

type tokenJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	RoleLabel  string `json:"role_label"`
	Department string `json:"department,omitempty"`
	CreatedAt  string `json:"created_at"`
	RevokedAt  string `json:"revoked_at,omitempty"`
	LastUsedAt string `json:"last_used_at,omitempty"`
	// Token is the plaintext, present only in the response that creates it.
	Token string `json:"token,omitempty"`
}

func (s *Server) tokenOut(t Token) tokenJSON {
	return tokenJSON{
		ID: t.ID.String(), Name: t.Name, Role: string(t.Role), RoleLabel: t.Role.Label(),
		Department: t.Department, CreatedAt: s.shanghai(t.CreatedAt),
		RevokedAt: s.shanghai(t.RevokedAt), LastUsedAt: s.shanghai(t.LastUsedAt),
	}
}

type tokenCreateJSON struct {
	Name       string `json:"name"`
	Role       string `json:"role"`
	Department string `json:"department"`
}

type tokenListJSON struct {
	Items      []tokenJSON `json:"items"`
	NextCursor string      `json:"next_cursor,omitempty"`
}
