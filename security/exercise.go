package security

import (
	"time"

	"github.com/google/uuid"
	"github.com/govops-kit/govops"
)

// ExerciseRole is the part the district took in an exercise.
type ExerciseRole string

// Exercise roles.
const (
	RoleDefender ExerciseRole = "defender" // 防守方
	RoleTarget   ExerciseRole = "target"   // 攻击目标单位
)

// Label returns the Chinese label of r.
func (r ExerciseRole) Label() string {
	switch r {
	case RoleDefender:
		return "防守方"
	case RoleTarget:
		return "攻击目标单位"
	}
	return string(r)
}

// Valid reports whether r is an exercise role.
func (r ExerciseRole) Valid() bool { return r == RoleDefender || r == RoleTarget }

// Exercise is an attack-defense exercise (攻防演练).
type Exercise struct {
	ID uuid.UUID
	// Name is the exercise's name, such as "2022 年柳州市网络安全攻防演练",
	// and Organizer who held it.
	Name      string `mask:"safe"`
	Organizer string `mask:"safe"`
	// Start and End are its first and last days.
	Start, End time.Time
	Role       ExerciseRole `mask:"safe"`
	// Detected counts the attacks detected, Blocked those blocked, and
	// Early those detected before they reached a target (提前发现). Blocked
	// and Early never exceed Detected.
	Detected  int
	Blocked   int
	Early     int
	Findings  []Observation
	Note      string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ExerciseInput is what RecordExercise and UpdateExercise take. Findings
// already raised as hardening records may not be removed or changed.
type ExerciseInput struct {
	Name      string
	Organizer string
	Start     time.Time
	End       time.Time
	Role      ExerciseRole
	Detected  int
	Blocked   int
	Early     int
	Findings  []Observation
	Note      string
	IfVersion int64
}

// ExerciseListInput selects exercises for Exercises.
type ExerciseListInput struct {
	Year  int
	After string
	Limit int
}

// ExerciseFilter selects exercises in a Store; zero fields select all.
// From and To bound Start, half-open.
type ExerciseFilter struct {
	From, To time.Time
}

// ExerciseSummary sums up one exercise.
type ExerciseSummary struct {
	Exercise Exercise
	// BlockRate is Blocked over Detected, EarlyRate Early over Detected.
	BlockRate govops.Rate
	EarlyRate govops.Rate
	// Findings counts its findings, Raised those raised as hardening
	// records, and Open, Remediated and Verified those records by status.
	Findings   int
	Raised     int
	Open       int
	Remediated int
	Verified   int
	// BySeverity counts its findings by severity, gravest first.
	BySeverity []SeverityCount
}

// SeverityCount is a count of findings of one severity.
type SeverityCount struct {
	Severity Severity `mask:"safe"`
	Count    int
}
