package security

import (
	"time"

	"github.com/google/uuid"
)

// Grade is an incident grade of the national network security incident
// emergency plan (国家网络安全事件应急预案): I is the gravest.
type Grade string

// Incident grades.
const (
	GradeI   Grade = "I"   // 特别重大
	GradeII  Grade = "II"  // 重大
	GradeIII Grade = "III" // 较大
	GradeIV  Grade = "IV"  // 一般
)

// Grades lists the grades, gravest first.
func Grades() []Grade { return []Grade{GradeI, GradeII, GradeIII, GradeIV} }

// Label returns the Chinese label of g.
func (g Grade) Label() string {
	switch g {
	case GradeI:
		return "特别重大"
	case GradeII:
		return "重大"
	case GradeIII:
		return "较大"
	case GradeIV:
		return "一般"
	}
	return string(g)
}

// Valid reports whether g is one of Grades.
func (g Grade) Valid() bool {
	return g == GradeI || g == GradeII || g == GradeIII || g == GradeIV
}

// Response returns the response level the national plan answers g with:
// Ⅰ级响应 for grade I, and so on.
func (g Grade) Response() string {
	switch g {
	case GradeI:
		return "Ⅰ级响应"
	case GradeII:
		return "Ⅱ级响应"
	case GradeIII:
		return "Ⅲ级响应"
	case GradeIV:
		return "Ⅳ级响应"
	}
	return ""
}

// Colour is a warning colour (预警级别) of the national plan.
type Colour string

// Warning colours, gravest first: they go with the grades I–IV.
const (
	ColourRed    Colour = "red"    // 红色预警
	ColourOrange Colour = "orange" // 橙色预警
	ColourYellow Colour = "yellow" // 黄色预警
	ColourBlue   Colour = "blue"   // 蓝色预警
)

// Colours lists the warning colours, gravest first.
func Colours() []Colour { return []Colour{ColourRed, ColourOrange, ColourYellow, ColourBlue} }

// Label returns the Chinese label of c.
func (c Colour) Label() string {
	switch c {
	case ColourRed:
		return "红色"
	case ColourOrange:
		return "橙色"
	case ColourYellow:
		return "黄色"
	case ColourBlue:
		return "蓝色"
	}
	return string(c)
}

// Valid reports whether c is one of Colours.
func (c Colour) Valid() bool {
	return c == ColourRed || c == ColourOrange || c == ColourYellow || c == ColourBlue
}

// Colour returns the warning colour that goes with g.
func (g Grade) Colour() Colour {
	switch g {
	case GradeI:
		return ColourRed
	case GradeII:
		return ColourOrange
	case GradeIII:
		return ColourYellow
	case GradeIV:
		return ColourBlue
	}
	return ""
}

// PlanStatus is where an emergency plan stands.
type PlanStatus string

// Plan statuses: draft → approved → superseded. Approving a revision
// supersedes the approved revision of the same plan.
const (
	PlanDraft      PlanStatus = "draft"      // 草案
	PlanApproved   PlanStatus = "approved"   // 已批准（现行）
	PlanSuperseded PlanStatus = "superseded" // 已废止（被新版替代）
)

// Label returns the Chinese label of s.
func (s PlanStatus) Label() string {
	switch s {
	case PlanDraft:
		return "草案"
	case PlanApproved:
		return "现行"
	case PlanSuperseded:
		return "已废止"
	}
	return string(s)
}

// Valid reports whether s is a plan status.
func (s PlanStatus) Valid() bool {
	return s == PlanDraft || s == PlanApproved || s == PlanSuperseded
}

// GradeResponse is how a plan answers one grade of incident.
type GradeResponse struct {
	Grade Grade `mask:"safe"`
	// Response is the response level (响应级别), Grade.Response() unless
	// the plan names another.
	Response string `mask:"safe"`
	// Lead is who leads the response (牵头), and Measures what it does.
	Lead     string `mask:"safe"`
	Measures string
}

// Plan is one revision of an emergency plan (应急预案). A plan is
// referred to by its ID; its revisions share a Code.
type Plan struct {
	ID uuid.UUID
	// Code names the plan across its revisions, such as "network"; a
	// revision is unique by (Code, Revision). Revision counts from 1.
	Code     string `mask:"safe"`
	Revision int
	// Year is the year the revision was made for.
	Year  int
	Title string `mask:"safe"`
	// Scope is what the plan covers (适用范围).
	Scope string `mask:"safe"`
	// Grades holds the response to each grade, one each, I to IV.
	Grades []GradeResponse `mask:"safe"`
	Status PlanStatus      `mask:"safe"`
	// ApprovedBy (a person or body) and ApprovedOn are set on approval.
	ApprovedBy string `mask:"name"`
	ApprovedOn time.Time
	// SupersededBy is the ID of the revision that replaced this one.
	SupersededBy uuid.UUID
	Note         string
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// PlanInput is what DraftPlan and UpdatePlan take. UpdatePlan changes a
// draft only, and keeps its Code.
type PlanInput struct {
	Code   string
	Year   int
	Title  string
	Scope  string
	Grades []GradeResponse
	Note   string
	// IfVersion, on UpdatePlan, is the version the caller read (0: do not
	// check).
	IfVersion int64
}

// PlanApproval is what ApprovePlan takes.
type PlanApproval struct {
	ApprovedBy string
	// On is the approval date; zero means today.
	On        time.Time
	Note      string
	IfVersion int64
}

// PlanListInput selects plans for Plans.
type PlanListInput struct {
	Code   string
	Status PlanStatus
	Year   int
	After  string
	Limit  int
}

// PlanFilter selects plans in a Store; zero fields select all.
type PlanFilter struct {
	Code   string
	Status PlanStatus
	Year   int
}
