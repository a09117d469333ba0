package license

import (
	"time"

	"github.com/google/uuid"
)

// ClaimKind says what a department declared about a license type.
type ClaimKind string

// Claim kinds.
const (
	// KindClaim (认领): the department issues licenses of the type.
	KindClaim ClaimKind = "claim"
	// KindExplanation (情况说明): the department does not issue the type,
	// and says why.
	KindExplanation ClaimKind = "explanation"
)

// ClaimKinds lists every claim kind.
func ClaimKinds() []ClaimKind { return []ClaimKind{KindClaim, KindExplanation} }

// Label returns the Chinese label of k.
func (k ClaimKind) Label() string {
	switch k {
	case KindClaim:
		return "认领"
	case KindExplanation:
		return "情况说明"
	}
	return string(k)
}

// Valid reports whether k is one of ClaimKinds.
func (k ClaimKind) Valid() bool { return validEnum(k, ClaimKinds()) }

// ClaimStatus says whether a claim or explanation stands.
type ClaimStatus string

// Claim statuses.
const (
	ClaimActive    ClaimStatus = "active"    // 有效
	ClaimWithdrawn ClaimStatus = "withdrawn" // 已撤回
)

// Label returns the Chinese label of s.
func (s ClaimStatus) Label() string {
	switch s {
	case ClaimActive:
		return "有效"
	case ClaimWithdrawn:
		return "已撤回"
	}
	return string(s)
}

// Valid reports whether s is a claim status.
func (s ClaimStatus) Valid() bool { return s == ClaimActive || s == ClaimWithdrawn }

// Claim is what one department declared about one license type: that it
// issues it (a claim, 认领, with the number of records it expects to
// upload), or that it does not (an explanation, 情况说明, with its reason).
// There is at most one Claim per type and department; withdrawing one and
// filing again updates it. A type with no active claim and no active
// explanation is unclaimed.
//
// Expected is the number of records the department declares it holds (its
// 底数); a negative Expected means not declared yet, which the coverage
// report lists as a risk. Version is 1 when the claim is filed and grows by
// one with each change, each recorded by the Event of that Seq.
type Claim struct {
	ID          uuid.UUID
	Type        string      `mask:"safe"` // the type code
	Department  string      `mask:"safe"`
	Kind        ClaimKind   `mask:"safe"`
	Status      ClaimStatus `mask:"safe"`
	Expected    int64
	Explanation string `mask:"safe"` // why the department does not issue the type
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Active reports whether c stands.
func (c *Claim) Active() bool { return c.Status == ClaimActive }

// Issues reports whether c says its department issues the type: an active
// claim.
func (c *Claim) Issues() bool { return c.Active() && c.Kind == KindClaim }

// ExpectedKnown reports whether c declares how many records it expects.
func (c *Claim) ExpectedKnown() bool { return c.Expected >= 0 }
