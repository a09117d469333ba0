package datashare

import (
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// MountFilter selects the entries whose committed batches MountTotals and
// MountStats count, by the entry's current department and status; each
// field that is not zero narrows the selection. An entry counts under its
// current department and status, whatever they were when its batches were
// mounted: an entry moved to another department takes its records along.
type MountFilter struct {
	Department string
	Status     CatalogStatus
}

// MountTotals is what the committed batches of the entries of a
// MountFilter mounted (Store.MountTotals): the records of each entry, and
// the records by the month their batch committed in.
type MountTotals struct {
	// Entries holds each selected entry whose committed batches mounted a
	// record, in any order.
	Entries []EntryRecords
	// Months holds each month (MountMonth) in which a selected entry's
	// committed batches mounted a record, in any order.
	Months []MonthRecords
}

// EntryRecords is the records the committed batches of one entry mounted:
// the sum of their Mounted.
type EntryRecords struct {
	Catalog uuid.UUID
	Records int64
}

// EntryMounts is what the committed batches of one entry say of its
// quality (Store.MountStats): the records they mounted, the sums of their
// item statistics, and the latest of them.
type EntryMounts struct {
	Catalog uuid.UUID
	// Records is the sum of the batches' Mounted.
	Records int64
	// Items sums the batches' Items by item name, in any order: each
	// name once, with its Present and Invalid summed; a name whose sums
	// are both zero may be left out. A name is that of an item when the
	// batch ran, which the entry may have dropped since.
	Items []ItemStats
	// Latest is the batch that committed last: the latest FinishedAt, and
	// of batches that finished at the same instant the greatest ID.
	Latest Batch
}

// MountMonth returns the month of a commit at t, as the metrics count
// months: "2022-03", in Asia/Shanghai; "" for the zero time. Asia/Shanghai
// has kept UTC+8 since 1991, so that a Store may compute the same month in
// SQL by adding eight hours to the UTC time.
func MountMonth(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(govops.ShanghaiLocation()).Format("2006-01")
}
