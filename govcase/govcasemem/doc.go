// Package govcasemem is an in-memory govcase.Store.
//
// It keeps cases, their event trails (办理记录), per-year case sequences and
// routing rules (派单规则) in maps guarded by one mutex, and copies every
// value on the way in and out, so a caller can never change stored state by
// mutating a value it passed or received. It passes the whole
// govcase/storetest conformance suite, which makes it the reference for what
// a Store must do, the store behind the govcase package's own tests, and a
// reasonable choice for embedding govcase in a single process that does not
// need its cases to outlive it.
//
// Statistics come from a summary it keeps in a map beside the cases, the
// sums of CaseStats for each year, kind, status and department, in total
// and per month of creation in its zone (WithLocation), changed under the
// same lock as every write: CaseStats and CaseCounts add up groups rather
// than go through every case when their creation bounds are unset or month
// starts in that zone, and go through the cases otherwise. It implements
// govops.SummaryKeeper.
//
// Nothing is persisted: a new Store starts empty.
package govcasemem
