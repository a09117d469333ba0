package portal

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// TaskStatus is where a rectification task stands.
type TaskStatus string

// Task statuses: open → fixed → verified; a re-check that fails moves a
// fixed or verified task back to open; an open task the center finds to be
// no problem is dismissed.
const (
	TaskOpen      TaskStatus = "open"      // 待整改
	TaskFixed     TaskStatus = "fixed"     // 已整改待复核
	TaskVerified  TaskStatus = "verified"  // 已复核
	TaskDismissed TaskStatus = "dismissed" // 已撤销（误报）
)

// TaskStatuses lists the task statuses.
func TaskStatuses() []TaskStatus {
	return []TaskStatus{TaskOpen, TaskFixed, TaskVerified, TaskDismissed}
}

// Label returns the Chinese label of s.
func (s TaskStatus) Label() string {
	switch s {
	case TaskOpen:
		return "待整改"
	case TaskFixed:
		return "已整改待复核"
	case TaskVerified:
		return "已复核"
	case TaskDismissed:
		return "已撤销"
	}
	return string(s)
}

// Valid reports whether s is one of TaskStatuses.
func (s TaskStatus) Valid() bool {
	return s == TaskOpen || s == TaskFixed || s == TaskVerified || s == TaskDismissed
}

// Task is a rectification task (整改任务) for the responsible department:
// a finding to fix, a stale column to update (督促更新), a consultation to
// answer, or another problem the center records.
type Task struct {
	ID     uuid.UUID
	SiteID uuid.UUID
	Kind   FindingKind `mask:"safe"`
	// FindingID is the finding it was made of (uuid.Nil for the others);
	// a finding makes one task at most.
	FindingID uuid.UUID
	// ColumnID is the stale column of an update urge, or the column of the
	// finding's page; ConsultationID the consultation to answer.
	ColumnID       uuid.UUID
	ConsultationID uuid.UUID
	// Key identifies the problem (see Finding.Key): while a task of a key
	// is neither verified nor dismissed, no other task of that key opens.
	Key        string `mask:"safe"`
	Department string `mask:"safe"`
	// Title says what to do, in Chinese; Detail the evidence (the page,
	// the link or the word, and its context).
	Title  string `mask:"safe"`
	Detail string
	// Page, Target, Word and Suggestion are the finding's: what the
	// re-check looks at again.
	Page       string `mask:"safe"`
	Target     string `mask:"safe"`
	Word       string `mask:"safe"`
	Suggestion string `mask:"safe"`
	// Due is when the department must have fixed it (zero: no deadline).
	Due    time.Time
	Status TaskStatus `mask:"safe"`
	// CaseNumber is the command-platform case it was dispatched as
	// ("2022-000123"), "" until it is dispatched.
	CaseNumber string `mask:"safe"`
	Opened     time.Time
	// Fixed, FixedBy and Fix say when, by whom and how it was fixed.
	Fixed   time.Time
	FixedBy string `mask:"name"`
	Fix     string
	// Verified and VerifiedBy are the passed re-check's.
	Verified   time.Time
	VerifiedBy string `mask:"name"`
	// Rechecks counts the failed re-checks that reopened it.
	Rechecks  int
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TaskInput is what OpenTask takes: a task the center records by hand.
type TaskInput struct {
	Site string
	// Kind is any kind but update_urge and consultation (UrgeUpdates and
	// UrgeConsultations make those).
	Kind       FindingKind
	Column     string
	Department string
	Title      string
	Detail     string
	Page       string
	Due        time.Time
}

// RaiseInput is what RaiseTasks takes: the findings of a crawl to make
// tasks of (every one when Findings is empty). A finding whose key has a
// task neither verified nor dismissed is skipped.
type RaiseInput struct {
	Crawl    string
	Findings []string
	// Due sets every new task's deadline (zero: none).
	Due time.Time
}

// FixInput is what MarkFixed takes.
type FixInput struct {
	Fix string
	// At is when; zero means now.
	At        time.Time
	IfVersion int64
}

// RecheckInput is what Recheck takes. A task whose problem the Service can
// look at again (a link, a word on a page, a column's update, a
// consultation's answer) is re-checked for real and Passed is ignored; a
// task of kind other takes Passed as the center's finding, and a failed
// re-check needs a Note.
type RecheckInput struct {
	Passed    bool
	Note      string
	IfVersion int64
}

// DismissInput is what Dismiss takes: why the task is no problem.
type DismissInput struct {
	Note      string
	IfVersion int64
}

// TaskFilter selects tasks in a Store; zero fields select all.
type TaskFilter struct {
	SiteID     uuid.UUID
	Kind       FindingKind
	Status     TaskStatus
	Department string
	Key        string
	CaseNumber string
	FindingID  uuid.UUID
	ColumnID   uuid.UUID
	// Live selects the tasks neither verified nor dismissed.
	Live bool
}

// TaskListInput selects tasks for Tasks.
type TaskListInput struct {
	Site       string
	Kind       FindingKind
	Status     TaskStatus
	Department string
	Case       string
	After      string
	Limit      int
}

// TaskGroupFilter selects the tasks TaskGroups counts: those opened in
// [OpenedFrom, OpenedTo), or fixed in [FixedFrom, FixedTo), when set.
type TaskGroupFilter struct {
	SiteID               uuid.UUID
	Department           string
	OpenedFrom, OpenedTo time.Time
	FixedFrom, FixedTo   time.Time
}

// TaskGroup is the count of the tasks of one (kind, status) a
// TaskGroupFilter selects.
type TaskGroup struct {
	Kind   FindingKind
	Status TaskStatus
	Count  int
}

// TaskCountInput selects what TaskCounts counts.
type TaskCountInput struct {
	Site       string
	Year       int
	Department string
}

// TaskCounts is what TaskCounts returns: per kind, the tasks opened and
// the tasks fixed (fixed or verified, by their fix time) in each month of
// the year. The seed's 120 / 236 / 245 / 56 are the year's Fixed of the
// crawl's kinds, and its 403 the Opened of update urges.
type TaskCounts struct {
	Year  int
	Kinds []KindCount
}

// KindCount is one kind's counts of a year.
type KindCount struct {
	Kind        FindingKind
	Opened      int
	Fixed       int
	OpenedMonth [12]int
	FixedMonth  [12]int
	// Open is how many of the year's tasks are still open.
	Open int
}

// Dispatcher sends a task to its department through the command platform
// and returns the reference that tracks it there. The reference server
// dispatches a task as a govcase case of kind portal and returns its
// number; portal never imports govcase.
type Dispatcher interface {
	// Dispatch sends t and returns its case number. An error leaves the
	// task open and undispatched; Dispatch (the Service's) tries again.
	Dispatch(ctx context.Context, t Task) (caseNumber string, err error)
}
