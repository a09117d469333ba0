package datashare

import (
	"time"

	"github.com/google/uuid"
)

// Request is a share request (共享申请): a consumer department asks the
// provider of a conditionally shared entry for its data, stating a purpose
// and the items it needs. The provider approves it (a grant, until Expires)
// or denies it with a reason, within a number of working days.
type Request struct {
	ID      uuid.UUID
	Catalog uuid.UUID
	// CatalogCode is the entry's code, kept for listings.
	CatalogCode string `mask:"safe"`
	// Consumer is the directory code of the department that asks, and
	// Provider that of the entry's department, which answers.
	Consumer string `mask:"safe"`
	Provider string `mask:"safe"`
	// Purpose is why the consumer needs the data (申请用途). It is free
	// text that may name a citizen, whom no masking could find: a reader
	// who may not see personal data gets none of it.
	Purpose string `mask:"omit"`
	// Items are the names of the entry's items it asks for.
	Items []string `mask:"safe"`
	// Applicant is who filed it.
	Applicant string        `mask:"safe"`
	Status    RequestStatus `mask:"safe"`
	// Filed is when it was filed, and LimitDays the working days the
	// provider had then to answer: the deadline is counted from these on
	// the calendar when it is read, so a calendar loaded later counts it
	// right.
	Filed     time.Time
	LimitDays int
	// Decided is when the provider approved or denied it; Decider who.
	Decided time.Time
	Decider string `mask:"safe"`
	// Reason is the reason of a denial, a withdrawal or a revocation;
	// left out, as Purpose is, for a reader who may not see personal data.
	Reason string `mask:"omit"`
	// Expires is when an approved grant ends.
	Expires time.Time
	// Revoked is when a grant was revoked.
	Revoked time.Time
	Version int64
}

// RequestStatus is where a share request stands.
type RequestStatus string

// Request statuses.
const (
	RequestPending   RequestStatus = "pending"   // 待答复
	RequestApproved  RequestStatus = "approved"  // 已同意
	RequestDenied    RequestStatus = "denied"    // 不同意
	RequestWithdrawn RequestStatus = "withdrawn" // 已撤回
	RequestRevoked   RequestStatus = "revoked"   // 已撤销
)

// Label returns the Chinese label of s.
func (s RequestStatus) Label() string {
	switch s {
	case RequestPending:
		return "待答复"
	case RequestApproved:
		return "已同意"
	case RequestDenied:
		return "不同意"
	case RequestWithdrawn:
		return "已撤回"
	case RequestRevoked:
		return "已撤销"
	}
	return string(s)
}
