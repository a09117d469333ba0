package netops

import (
	"time"

	"github.com/google/uuid"
)

// MigrationStatus is where a migration of a unit between sites stands.
type MigrationStatus string

// Migration statuses.
const (
	MigrationPlanned   MigrationStatus = "planned"   // 已计划
	MigrationCutover   MigrationStatus = "cutover"   // 已割接
	MigrationVerified  MigrationStatus = "verified"  // 已验证
	MigrationCancelled MigrationStatus = "cancelled" // 已取消
)

// MigrationStatuses lists every status in order.
func MigrationStatuses() []MigrationStatus {
	return []MigrationStatus{MigrationPlanned, MigrationCutover, MigrationVerified, MigrationCancelled}
}

// Label returns the Chinese label of s.
func (s MigrationStatus) Label() string {
	switch s {
	case MigrationPlanned:
		return "已计划"
	case MigrationCutover:
		return "已割接"
	case MigrationVerified:
		return "已验证"
	case MigrationCancelled:
		return "已取消"
	}
	return string(s)
}

// Valid reports whether s is one of MigrationStatuses.
func (s MigrationStatus) Valid() bool {
	for _, v := range MigrationStatuses() {
		if s == v {
			return true
		}
	}
	return false
}

// Migration moves a unit's network from one site to another (搬迁割接):
// a plan with its window, the cutover, which moves the unit's profile to
// the new site, and the verification that the unit works there.
type Migration struct {
	ID       uuid.UUID
	Unit     string `mask:"safe"`
	FromSite string `mask:"safe"`
	FromRoom string `mask:"safe"`
	ToSite   string `mask:"safe"`
	ToRoom   string `mask:"safe"`
	// PlannedFor is the planned cutover time.
	PlannedFor time.Time
	// Plan says how: steps, fallback, who is on site.
	Plan string
	// CutoverAt is when the cutover was done; VerifiedAt and VerifiedBy
	// when and by whom it was verified. Zero until then.
	CutoverAt  time.Time
	VerifiedAt time.Time
	VerifiedBy string          `mask:"safe"`
	Status     MigrationStatus `mask:"safe"`
	Note       string
	Version    int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// MigrationInput is what PlanMigration takes. The unit must have a
// network profile; its current site is the migration's FromSite.
type MigrationInput struct {
	Unit       string
	ToSite     string
	ToRoom     string
	PlannedFor time.Time
	Plan       string
	Note       string
}

// MigrationStep is what CutoverMigration, VerifyMigration and
// CancelMigration take: when (now unless set; never in the future) and a
// note (required to cancel).
type MigrationStep struct {
	At        time.Time
	Note      string
	IfVersion int64
}

// MigrationListInput selects migrations for Migrations.
type MigrationListInput struct {
	Unit   string
	Status MigrationStatus
	Cursor string
	Limit  int
}
