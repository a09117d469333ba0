package datashare

import (
	"time"

	"github.com/google/uuid"
)

// Batch is one mount (挂接) of records into a catalog entry: who ran it,
// from which file, in which mode, and what it wrote. It is stored when the
// mount starts (BatchLoading) and its records become visible together when
// it commits.
type Batch struct {
	ID      uuid.UUID
	Catalog uuid.UUID
	// CatalogCode and Department are the entry's code and providing
	// department, kept so that metrics need not read the entry again.
	CatalogCode string `mask:"safe"`
	Department  string `mask:"safe"`
	Actor       string `mask:"safe"`
	ActorDept   string `mask:"safe"`
	// Mode is csvimport.AllOrNothing or csvimport.KeepGood, as a string.
	Mode string `mask:"safe"`
	// Replace says the batch replaces every record mounted into the entry
	// before it (a full refresh, 全量) rather than adding to them (增量).
	Replace bool
	Status  BatchStatus `mask:"safe"`
	// StartedAt is when the mount started, TouchedAt when it last wrote (a
	// heartbeat: a loading batch not touched for long belongs to a process
	// that died) and FinishedAt when it committed, failed or was replaced.
	StartedAt  time.Time
	TouchedAt  time.Time
	FinishedAt time.Time
	// Rows is how many rows were read, Mounted how many were written,
	// BadRows how many were refused and Warnings how many problems the
	// good rows were let through with.
	Rows     int64
	Mounted  int64
	BadRows  int64
	Warnings int64
	// Columns are the columns the file named, in its order: the
	// consistency dimension compares them with the entry's items.
	Columns []string `mask:"safe"`
	// Items counts, for each item the entry declared when the batch ran,
	// the mounted records that hold a value and those whose value failed
	// a check it was let through with (idcode in warn mode).
	Items []ItemStats
	// KeyRows and KeyDistinct are, when the batch committed, how many of
	// the entry's visible records had a Key and how many distinct keys
	// they had: the uniqueness dimension of quality. The Store computes
	// them at Commit.
	KeyRows     int64
	KeyDistinct int64
	// Source names the file; Problem says why a failed batch failed.
	Source  string `mask:"safe"`
	Problem string `mask:"safe"`
	Version int64
}

// ItemStats counts the values of one item over the records a batch mounted.
type ItemStats struct {
	Item    string `mask:"safe"`
	Present int64
	Invalid int64
}

// BatchStatus is where a mount batch stands.
type BatchStatus string

// Batch statuses.
const (
	// BatchLoading: rows are being written; none of them is visible.
	BatchLoading BatchStatus = "loading"
	// BatchCommitted: its rows are visible.
	BatchCommitted BatchStatus = "committed"
	// BatchFailed: it ended without committing; its rows are gone.
	BatchFailed BatchStatus = "failed"
	// BatchReplaced: a later full-refresh batch of its entry replaced it;
	// its rows are gone.
	BatchReplaced BatchStatus = "replaced"
)

// Label returns the Chinese label of s.
func (s BatchStatus) Label() string {
	switch s {
	case BatchLoading:
		return "挂接中"
	case BatchCommitted:
		return "已挂接"
	case BatchFailed:
		return "挂接失败"
	case BatchReplaced:
		return "已被替换"
	}
	return string(s)
}

// Record is one row of data mounted into a catalog entry, as the Store
// keeps it: the batch that wrote it, its line in that batch's file, the
// digest of its key values and its values as a JSON object keyed by item
// name (the Service encodes and decodes it; the Store keeps it as text).
type Record struct {
	Catalog uuid.UUID
	Batch   uuid.UUID
	Line    int64
	// Key is a digest of the values of the entry's Key items: records with
	// equal keys have equal digests. "" when the entry declares no key.
	Key string `mask:"safe"`
	// Data is the JSON object of the record's values: {"item": "value"}.
	Data string
}

// RecordKey is where a listing of records resumes: after the record of
// this batch and line. Records are ordered by batch ID (so in mount order,
// batch IDs being UUIDv7), then by line.
type RecordKey struct {
	Batch uuid.UUID
	Line  int64
}
