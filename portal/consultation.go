package portal

import (
	"time"

	"github.com/google/uuid"
)

// Consultation is a question a member of the public left on a site (咨询留言)
// and its answer. One unanswered for more than 3 months vetoes the site.
type Consultation struct {
	ID     uuid.UUID
	SiteID uuid.UUID
	// Ref is the site's own number of it, unique within the site.
	Ref     string `mask:"safe"`
	Subject string
	// Asker is the name the member of the public gave: personal data.
	Asker      string `mask:"name"`
	Department string `mask:"safe"`
	Received   time.Time
	// Answered is zero while it is unanswered.
	Answered  time.Time
	Answer    string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ConsultationInput is what RecordConsultation takes.
type ConsultationInput struct {
	Site       string
	Ref        string
	Subject    string
	Asker      string
	Department string
	Received   time.Time
}

// AnswerInput is what AnswerConsultation takes.
type AnswerInput struct {
	Answer string
	// At is when; zero means now.
	At        time.Time
	IfVersion int64
}

// ConsultationFilter selects consultations in a Store; zero fields select
// all. ReceivedBefore bounds Received (before it). Unanswered selects those
// unanswered now (Answered zero); UnansweredAt those that were unanswered
// at that time (Answered zero or after it), which the evaluator's late
// consultations are.
type ConsultationFilter struct {
	SiteID         uuid.UUID
	Department     string
	Unanswered     bool
	ReceivedBefore time.Time
	UnansweredAt   time.Time
}

// ConsultationListInput selects consultations for Consultations.
type ConsultationListInput struct {
	Site       string
	Department string
	Unanswered bool
	After      string
	Limit      int
}
