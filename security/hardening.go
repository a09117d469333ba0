package security

import (
	"time"

	"github.com/google/uuid"
)

// FindingKind says what is wrong with an asset.
type FindingKind string

// Finding kinds.
const (
	FindingWeakPassword      FindingKind = "weak_password"      // 弱口令
	FindingNoPassword        FindingKind = "no_password"        // 空口令
	FindingDefaultCredential FindingKind = "default_credential" // 默认口令
	FindingExposedService    FindingKind = "exposed_service"    // 暴露服务
	FindingUnpatched         FindingKind = "unpatched"          // 未修复漏洞
)

// FindingKinds lists every finding kind.
func FindingKinds() []FindingKind {
	return []FindingKind{FindingWeakPassword, FindingNoPassword, FindingDefaultCredential, FindingExposedService, FindingUnpatched}
}

// Label returns the Chinese label of k.
func (k FindingKind) Label() string {
	switch k {
	case FindingWeakPassword:
		return "弱口令"
	case FindingNoPassword:
		return "空口令"
	case FindingDefaultCredential:
		return "默认口令"
	case FindingExposedService:
		return "暴露服务"
	case FindingUnpatched:
		return "未修复漏洞"
	}
	return string(k)
}

// Valid reports whether k is one of FindingKinds.
func (k FindingKind) Valid() bool {
	for _, v := range FindingKinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Severity is how grave a finding is.
type Severity string

// Severities, gravest first.
const (
	SeverityCritical Severity = "critical" // 严重
	SeverityHigh     Severity = "high"     // 高危
	SeverityMedium   Severity = "medium"   // 中危
	SeverityLow      Severity = "low"      // 低危
)

// Severities lists the severities, gravest first.
func Severities() []Severity {
	return []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow}
}

// Label returns the Chinese label of s.
func (s Severity) Label() string {
	switch s {
	case SeverityCritical:
		return "严重"
	case SeverityHigh:
		return "高危"
	case SeverityMedium:
		return "中危"
	case SeverityLow:
		return "低危"
	}
	return string(s)
}

// Valid reports whether s is one of Severities.
func (s Severity) Valid() bool {
	return s == SeverityCritical || s == SeverityHigh || s == SeverityMedium || s == SeverityLow
}

// SourceKind says where a hardening record was found.
type SourceKind string

// Source kinds.
const (
	SourceInspection SourceKind = "inspection" // 自查
	SourceExercise   SourceKind = "exercise"   // 攻防演练
	SourceDrill      SourceKind = "drill"      // 应急演练
	SourceOther      SourceKind = "other"      // 其他（如通报、扫描）
)

// Label returns the Chinese label of k.
func (k SourceKind) Label() string {
	switch k {
	case SourceInspection:
		return "自查"
	case SourceExercise:
		return "攻防演练"
	case SourceDrill:
		return "应急演练"
	case SourceOther:
		return "其他"
	}
	return string(k)
}

// Valid reports whether k is a source kind.
func (k SourceKind) Valid() bool {
	return k == SourceInspection || k == SourceExercise || k == SourceDrill || k == SourceOther
}

// Source is where a hardening record was found: the finding Seq of the
// inspection, exercise or drill ID. A record of SourceOther has neither
// ID nor Seq, and Ref says where it came from (a notice's number).
type Source struct {
	Kind SourceKind `mask:"safe"`
	ID   uuid.UUID
	Seq  int
	Ref  string `mask:"safe"`
}

// HardeningStatus is where a hardening record stands.
type HardeningStatus string

// Hardening statuses: open → remediated → verified; a failed re-test
// moves a remediated or verified record back to open.
const (
	HardeningOpen       HardeningStatus = "open"       // 待整改
	HardeningRemediated HardeningStatus = "remediated" // 已整改待复核
	HardeningVerified   HardeningStatus = "verified"   // 已复核
)

// Label returns the Chinese label of s.
func (s HardeningStatus) Label() string {
	switch s {
	case HardeningOpen:
		return "待整改"
	case HardeningRemediated:
		return "已整改待复核"
	case HardeningVerified:
		return "已复核"
	}
	return string(s)
}

// Valid reports whether s is a hardening status.
func (s HardeningStatus) Valid() bool {
	return s == HardeningOpen || s == HardeningRemediated || s == HardeningVerified
}

// Hardening is a hardening record (加固记录): one finding on one asset and
// its remediation. It never holds a credential: it says that a password
// was weak, never what it was.
type Hardening struct {
	ID uuid.UUID
	// Department is the code of the unit that owns the asset ("" for the
	// center's own): only that unit and the center see the record.
	Department string      `mask:"safe"`
	Asset      string      `mask:"safe"`
	Kind       FindingKind `mask:"safe"`
	Severity   Severity    `mask:"safe"`
	Detail     string
	Source     Source
	FoundOn    time.Time
	Status     HardeningStatus `mask:"safe"`
	// Remediation says what was done, by whom and when.
	Remediation  string
	RemediatedBy string `mask:"name"`
	RemediatedOn time.Time
	// VerifiedBy and VerifiedAt are set when the center verified it.
	VerifiedBy string `mask:"name"`
	VerifiedAt time.Time
	// Retests counts the failed re-tests that reopened the record.
	Retests   int
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// HardeningInput is what OpenHardening and UpdateHardening take (a record
// found outside a drill, inspection or exercise, with SourceOther).
// UpdateHardening changes an open record's description only.
type HardeningInput struct {
	Department string
	Asset      string
	Kind       FindingKind
	Severity   Severity
	Detail     string
	// SourceRef says where it came from, such as a notice's number.
	SourceRef string
	FoundOn   time.Time
	IfVersion int64
}

// Remediation is what Remediate takes.
type Remediation struct {
	Remediation  string
	RemediatedBy string
	// On is when; zero means now.
	On        time.Time
	IfVersion int64
}

// Verification is what Verify takes.
type Verification struct {
	VerifiedBy string
	// At is when; zero means now.
	At        time.Time
	Note      string
	IfVersion int64
}

// Retest is what Retest takes: a re-test that passed verifies a
// remediated record; one that failed reopens a remediated or verified
// record, and needs a note.
type Retest struct {
	Passed    bool
	TestedBy  string
	At        time.Time
	Note      string
	IfVersion int64
}

// HardeningListInput selects hardening records for Hardenings.
type HardeningListInput struct {
	Department string
	Status     HardeningStatus
	Kind       FindingKind
	Severity   Severity
	SourceKind SourceKind
	// Source is a reference (the ID) of the inspection, exercise or drill.
	Source string
	After  string
	Limit  int
}

// HardeningFilter selects hardening records in a Store; zero fields
// select all. FoundFrom and FoundBefore bound FoundOn, half-open, and
// VerifiedFrom and VerifiedBefore bound VerifiedAt, half-open, for the
// reports; a zero time (a record not found or not verified on any date)
// lies before every bound, as it does in Go. A department of "" selects
// every unit's; the Service scopes a department's reader to its own.
type HardeningFilter struct {
	Department     string
	Status         HardeningStatus
	Kind           FindingKind
	Severity       Severity
	SourceKind     SourceKind
	SourceID       uuid.UUID
	FoundFrom      time.Time
	FoundBefore    time.Time
	VerifiedFrom   time.Time
	VerifiedBefore time.Time
}

// FoundYear is the year (Asia/Shanghai) the record was found in: 1 for a
// zero FoundOn, which lies before every year. The Store's counts
// (HardeningCounts) group by it.
func (h *Hardening) FoundYear() int {
	if h.FoundOn.IsZero() {
		return 1
	}
	return h.FoundOn.In(shanghai).Year()
}

// FoundDay is the start (Asia/Shanghai, in UTC) of the day the record was
// found on: zero for a zero FoundOn. The Store's counts by day
// (HardeningDays) group by it.
func (h *Hardening) FoundDay() time.Time {
	if h.FoundOn.IsZero() {
		return time.Time{}
	}
	return dayOf(h.FoundOn)
}

// VerifiedYear is the year (Asia/Shanghai) a verified record (Status
// verified) was verified in, 1 for a zero VerifiedAt; 0 for a record not
// verified. The Store's counts group by it.
func (h *Hardening) VerifiedYear() int {
	switch {
	case h.Status != HardeningVerified:
		return 0
	case h.VerifiedAt.IsZero():
		return 1
	}
	return h.VerifiedAt.In(shanghai).Year()
}

// HardeningCount is what a Store counts for the yearly report: the
// hardening records of one Kind and Severity found in one year and
// verified in one (see Hardening.FoundYear and VerifiedYear).
type HardeningCount struct {
	Kind         FindingKind `mask:"safe"`
	Severity     Severity    `mask:"safe"`
	FoundYear    int
	VerifiedYear int
	Count        int64
}

// HardeningDay is what a Store counts for the ages of the open records:
// the hardening records of one Severity found on one day (FoundDay: its
// start in Asia/Shanghai, in UTC) and verified in one year (VerifiedYear,
// 0 for those not verified).
type HardeningDay struct {
	Severity     Severity `mask:"safe"`
	FoundDay     time.Time
	VerifiedYear int
	Count        int64
}
