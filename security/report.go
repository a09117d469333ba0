package security

import (
	"time"

	"github.com/govops-kit/govops"
)

// Report is the security work of one year (网络安全保障工作情况), as the
// center reports it. A department's reader gets the parts about its own
// unit only: its hardening records and incidents.
type Report struct {
	Year int
	// Department is set when the report is a department's own.
	Department string `mask:"safe"`
	// At is the instant the report describes: the end of the year, or
	// now during it.
	At time.Time
	// Plans are the plan revisions approved in the year; Compliance is
	// the drill compliance at At (the center's report only).
	PlansApproved int
	Compliance    *DrillCompliance
	// Drills counts the drills held in the year by type, and Actions the
	// follow-up actions of those drills by status, with the overdue ones.
	Drills         []DrillTypeCount
	ActionsOpen    int
	ActionsDone    int
	ActionsOverdue int
	// Inspections counts the self-inspections held in the year.
	Inspections int
	Findings    FindingsReport
	Incidents   IncidentsReport
	Exercises   []ExerciseSummary
}

// DrillTypeCount is a count of drills of one type.
type DrillTypeCount struct {
	Type  DrillType `mask:"safe"`
	Count int
}

// FindingsReport sums up the hardening records.
type FindingsReport struct {
	// Found counts the records found in the year, by kind in ByKind;
	// Verified those of them verified by At.
	Found    int
	Verified int
	ByKind   []KindCount
	// HardenedByKind counts, by kind, the records hardened in the year:
	// verified at At, their verification in the year (by At), whenever
	// they were found. A record a failed re-test reopened counts again
	// once it is verified anew.
	HardenedByKind []KindCount
	// Open counts every record not verified at At (found in the year or
	// before), by severity (gravest first) and age.
	Open      int
	OpenByAge []FindingAge
}

// KindCount is a count of findings of one kind.
type KindCount struct {
	Kind  FindingKind `mask:"safe"`
	Count int
}

// FindingAge counts the open records of one severity by how long they
// have been open at the report's instant.
type FindingAge struct {
	Severity Severity `mask:"safe"`
	Total    int
	// Days30 counts those found at most 30 days before, Days90 31–90
	// days, Days180 91–180 days, and Older more.
	Days30  int
	Days90  int
	Days180 int
	Older   int
}

// IncidentsReport sums up the incidents detected in the year.
type IncidentsReport struct {
	Total int
	// OnTime counts those reported within the limit of their grade, and
	// ReportRate is OnTime over Total.
	OnTime     int
	ReportRate govops.Rate
	ByGrade    []GradeIncidents
}

// GradeIncidents sums up the incidents of one grade.
type GradeIncidents struct {
	Grade       Grade `mask:"safe"`
	Count       int
	Reported    int
	OnTime      int
	ReportRate  govops.Rate
	ReportLimit time.Duration
	Resolved    int
}
