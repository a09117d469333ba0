package hotline

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// goRows checks values given in Go as an import of a CSV checks its rows
// (see csvimport.Check): rows numbered from 1, made by row when good, and
// the problems of the others.
func goRows[T, R any](vs []T, cols csvimport.Columns, problems func(*T, *govops.Problems), row func(int, T) R) ([]R, []csvimport.RowError) {
	var rows []R
	var errs []csvimport.RowError
	for v := range csvimport.Check(vs, cols, problems) {
		if v.Errors != nil {
			errs = append(errs, v.Errors...)
			continue
		}
		rows = append(rows, row(v.Row, v.Value))
	}
	return rows, errs
}

// checkImport checks an import's actor, who must be center staff allowed to
// write (what names the import), and its mode.
func checkImport(by govops.Actor, what string, mode csvimport.Mode) error {
	if err := by.CenterOnly(what); err != nil {
		return err
	}
	if !mode.Valid() {
		return govops.FieldError("mode", `must be "all_or_nothing" or "keep_good"`)
	}
	return nil
}

// ImportCallbacksCSV imports a callbacks CSV (see CallbackColumns). Every bad
// row is reported: fields that do not parse or validate, a callback that
// cannot have happened, as RecordCallback refuses it (called_at in the
// future, beyond MaxCallbackClockSkew; a department other than the one the
// case's stored outcome records), a case and month repeated within the
// file, and a case and month that already has a callback. With
// csvimport.AllOrNothing and any bad row, nothing is written and the report
// comes with an EINVALID error; otherwise the good rows are written in one
// atomic bulk insert. A header problem is an EINVALID error without a
// report. Only the center imports: a department or read-only actor gets
// EFORBIDDEN before r is read.
//
// Checking departments reads the outcome of each case in the file that has
// one, one at a time after a bulk look-up of which cases have one.
func (s *Service) ImportCallbacksCSV(ctx context.Context, by govops.Actor, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error) {
	if err := checkImport(by, "import callbacks", mode); err != nil {
		return nil, err
	}
	rows, errs, err := ParseCallbacksCSV(r)
	if err != nil {
		return nil, err
	}
	return s.importCallbacks(ctx, by, rows, errs, mode)
}

// ImportCallbacks imports callbacks given in Go, as ImportCallbacksCSV
// does; the rows of the report are the indexes of ins plus 1.
func (s *Service) ImportCallbacks(ctx context.Context, by govops.Actor, ins []CallbackInput, mode csvimport.Mode) (*csvimport.Report, error) {
	if err := checkImport(by, "import callbacks", mode); err != nil {
		return nil, err
	}
	rows, errs := goRows(ins, callbackColumns(), (*CallbackInput).problems,
		func(row int, in CallbackInput) CallbackRow { return CallbackRow{Row: row, Input: in} })
	return s.importCallbacks(ctx, by, rows, errs, mode)
}

func (s *Service) importCallbacks(ctx context.Context, by govops.Actor, rows []CallbackRow, errs []csvimport.RowError, mode csvimport.Mode) (*csvimport.Report, error) {
	rep := &csvimport.Report{Errors: errs}
	rep.Rows = len(rows) + rep.BadRows()
	now := s.clock()
	rows, err := s.possibleCallbacks(ctx, rows, now, rep)
	if err != nil {
		return nil, err
	}
	first := map[CallbackKey]int{}
	var keys []CallbackKey
	good := rows[:0:0]
	for _, r := range rows {
		k := CallbackKey{CaseNumber: r.Input.CaseNumber, Month: r.Input.Month}
		if prev, dup := first[k]; dup {
			rep.Errors = append(rep.Errors, csvimport.RowError{Row: r.Row, Field: "case_number",
				Problem: fmt.Sprintf("case %s already has a callback in %s on row %d", k.CaseNumber, k.Month, prev)})
			continue
		}
		first[k] = r.Row
		keys = append(keys, k)
		good = append(good, r)
	}
	existing, err := s.store.ExistingCallbacks(ctx, keys)
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		taken := make(map[CallbackKey]bool, len(existing))
		for _, k := range existing {
			taken[k] = true
		}
		kept := good[:0]
		for _, r := range good {
			if taken[CallbackKey{CaseNumber: r.Input.CaseNumber, Month: r.Input.Month}] {
				rep.Errors = append(rep.Errors, csvimport.RowError{Row: r.Row, Field: "case_number",
					Problem: fmt.Sprintf("case %s already has a callback in %s", r.Input.CaseNumber, r.Input.Month)})
				continue
			}
			kept = append(kept, r)
		}
		good = kept
	}
	rep.Sort()
	if err := rep.Err(mode); err != nil {
		return rep, err
	}
	cs := make([]Callback, len(good))
	for i, r := range good {
		if cs[i], err = r.Input.callback(now, by); err != nil {
			return nil, err
		}
	}
	if err := s.store.BulkInsertCallbacks(ctx, cs); err != nil {
		return rep, err
	}
	rep.Imported = len(cs)
	return rep, nil
}

// possibleCallbacks returns the rows whose callback can have happened, and
// reports each problem of the others in rep: a call after now, or a
// department other than the one the stored outcome of the case records
// (see checkCallbackFacts). Rows are checked alone, as parsing checks
// them, before any duplicate is looked for.
func (s *Service) possibleCallbacks(ctx context.Context, rows []CallbackRow, now time.Time, rep *csvimport.Report) ([]CallbackRow, error) {
	numbers := make([]string, len(rows))
	for i, r := range rows {
		numbers[i] = r.Input.CaseNumber
	}
	depts, err := s.outcomeDepartments(ctx, numbers)
	if err != nil {
		return nil, err
	}
	cols := callbackColumns()
	kept := rows[:0:0]
	for _, r := range rows {
		var p govops.Problems
		checkCallbackFacts(&p, &r.Input, now, depts[r.Input.CaseNumber])
		if !p.Empty() {
			rep.Errors = append(rep.Errors, cols.RowErrors(r.Row, p.Err())...)
			continue
		}
		kept = append(kept, r)
	}
	return kept, nil
}

// ImportOutcomesCSV imports an outcomes CSV (see OutcomeColumns) as
// ImportCallbacksCSV imports callbacks. An import only adds outcomes: a
// case that already has one is a bad row (change it with RecordOutcome).
func (s *Service) ImportOutcomesCSV(ctx context.Context, by govops.Actor, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error) {
	if err := checkImport(by, "import outcomes", mode); err != nil {
		return nil, err
	}
	rows, errs, err := ParseOutcomesCSV(r)
	if err != nil {
		return nil, err
	}
	return s.importOutcomes(ctx, by, rows, errs, mode)
}

// ImportOutcomes imports outcomes given in Go, as ImportOutcomesCSV does;
// the rows of the report are the indexes of ins plus 1. IfVersion is
// ignored: an import only adds outcomes.
func (s *Service) ImportOutcomes(ctx context.Context, by govops.Actor, ins []OutcomeInput, mode csvimport.Mode) (*csvimport.Report, error) {
	if err := checkImport(by, "import outcomes", mode); err != nil {
		return nil, err
	}
	rows, errs := goRows(ins, outcomeColumns(), (*OutcomeInput).problems,
		func(row int, in OutcomeInput) OutcomeRow { in.IfVersion = 0; return OutcomeRow{Row: row, Input: in} })
	return s.importOutcomes(ctx, by, rows, errs, mode)
}

func (s *Service) importOutcomes(ctx context.Context, by govops.Actor, rows []OutcomeRow, errs []csvimport.RowError, mode csvimport.Mode) (*csvimport.Report, error) {
	rep := &csvimport.Report{Errors: errs}
	rep.Rows = len(rows) + rep.BadRows()
	first := map[string]int{}
	var numbers []string
	good := rows[:0:0]
	for _, r := range rows {
		n := r.Input.CaseNumber
		if prev, dup := first[n]; dup {
			rep.Errors = append(rep.Errors, csvimport.RowError{Row: r.Row, Field: "case_number",
				Problem: fmt.Sprintf("case %s already appears on row %d", n, prev)})
			continue
		}
		first[n] = r.Row
		numbers = append(numbers, n)
		good = append(good, r)
	}
	existing, err := s.store.ExistingOutcomes(ctx, numbers)
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		taken := make(map[string]bool, len(existing))
		for _, n := range existing {
			taken[n] = true
		}
		kept := good[:0]
		for _, r := range good {
			if taken[r.Input.CaseNumber] {
				rep.Errors = append(rep.Errors, csvimport.RowError{Row: r.Row, Field: "case_number",
					Problem: fmt.Sprintf("case %s already has an outcome: change it with RecordOutcome", r.Input.CaseNumber)})
				continue
			}
			kept = append(kept, r)
		}
		good = kept
	}
	rep.Sort()
	if err := rep.Err(mode); err != nil {
		return rep, err
	}
	now := s.clock()
	os := make([]Outcome, len(good))
	for i, r := range good {
		os[i] = r.Input.outcome(1, now, by.Name)
	}
	if err := s.store.BulkInsertOutcomes(ctx, os); err != nil {
		return rep, err
	}
	rep.Imported = len(os)
	return rep, nil
}

// ImportPeerResultsCSV imports the city's published district results (see
// PeerColumns). The results of each period in the file replace the stored
// results of that period, in one atomic step. A district listed twice for
// a period is a bad row. Only the center imports: a department or
// read-only actor gets EFORBIDDEN before r is read.
//
// Since a period is replaced as a whole, a bad row holds back its whole
// period: csvimport.AllOrNothing writes nothing, as for the other
// imports, and csvimport.KeepGood writes the periods without a bad row and
// reports each good row of the others as not imported (field "period"), so
// that a district whose row was bad is never silently dropped from a
// ranking. A bad row whose period cannot be read might belong to any
// period of the file, so it holds back every period.
func (s *Service) ImportPeerResultsCSV(ctx context.Context, by govops.Actor, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error) {
	if err := checkImport(by, "import peer results", mode); err != nil {
		return nil, err
	}
	rows, errs, badPeriods, err := parsePeerCSV(r)
	if err != nil {
		return nil, err
	}
	return s.importPeers(ctx, by, rows, errs, badPeriods, mode)
}

// ImportPeerResults imports district results given in Go, as
// ImportPeerResultsCSV does; the rows of the report are the indexes of rs
// plus 1.
func (s *Service) ImportPeerResults(ctx context.Context, by govops.Actor, rs []PeerResult, mode csvimport.Mode) (*csvimport.Report, error) {
	if err := checkImport(by, "import peer results", mode); err != nil {
		return nil, err
	}
	rows, errs := goRows(rs, peerColumns(), (*PeerResult).problems,
		func(row int, r PeerResult) PeerRow { return PeerRow{Row: row, Result: r} })
	badPeriods := map[int]Period{}
	for _, e := range errs {
		if per := rs[e.Row-1].Period; per.Valid() {
			badPeriods[e.Row] = per
		}
	}
	return s.importPeers(ctx, by, rows, errs, badPeriods, mode)
}

// importPeers writes the good rows. badPeriods gives the period of each bad
// row in errs whose period could be read.
func (s *Service) importPeers(ctx context.Context, by govops.Actor, rows []PeerRow, errs []csvimport.RowError, badPeriods map[int]Period, mode csvimport.Mode) (*csvimport.Report, error) {
	rep := &csvimport.Report{Errors: errs}
	rep.Rows = len(rows) + rep.BadRows()
	type key struct {
		district string
		period   Period
	}
	// held maps a period to its first bad row; unread is the first bad row
	// whose period is unknown (0 if none).
	held := map[Period]int{}
	unread := 0
	hold := func(row int, per Period, known bool) {
		if !known {
			if unread == 0 || row < unread {
				unread = row
			}
			return
		}
		if first, ok := held[per]; !ok || row < first {
			held[per] = row
		}
	}
	for _, e := range errs {
		per, known := badPeriods[e.Row]
		hold(e.Row, per, known)
	}
	first := map[key]int{}
	var good []PeerRow
	for _, r := range rows {
		k := key{r.Result.District, r.Result.Period}
		if prev, dup := first[k]; dup {
			rep.Errors = append(rep.Errors, csvimport.RowError{Row: r.Row, Field: "district",
				Problem: fmt.Sprintf("%s already has a result for %s on row %d", k.district, k.period, prev)})
			hold(r.Row, k.period, true)
			continue
		}
		first[k] = r.Row
		good = append(good, r)
	}
	rep.Sort()
	if err := rep.Err(mode); err != nil {
		return rep, err
	}
	now := s.clock()
	var write []PeerResult
	for _, r := range good {
		per := r.Result.Period
		if bad, ok := held[per]; ok {
			rep.Errors = append(rep.Errors, csvimport.RowError{Row: r.Row, Field: "period", Problem: fmt.Sprintf(
				"not imported: row %d of period %s has a problem, and a period's results are replaced only as a whole; fix that row and import the period again", bad, per)})
			continue
		}
		if unread != 0 {
			rep.Errors = append(rep.Errors, csvimport.RowError{Row: r.Row, Field: "period", Problem: fmt.Sprintf(
				"not imported: the period of row %d cannot be read, so it may belong to %s, whose results are replaced only as a whole; fix that row and import again", unread, per)})
			continue
		}
		pr := r.Result
		pr.ImportedAt, pr.ImportedBy = now, by.Name
		write = append(write, pr)
	}
	rep.Sort()
	if err := s.store.ReplacePeerResults(ctx, write); err != nil {
		return rep, err
	}
	rep.Imported = len(write)
	return rep, nil
}

// PeerRanking ranks the districts of period p by their imported results,
// best first with ties sharing a rank (1, 2, 2, 4), and marks the home
// district (WithHomeDistrict). The results are published: every valid
// actor may read the ranking. It returns EINVALID for a bad period.
func (s *Service) PeerRanking(ctx context.Context, by govops.Actor, p Period) (*Ranking, error) {
	var pr govops.Problems
	by.Check(&pr)
	if !p.Valid() {
		pr.Add("period", "must be a year (2022) or a month (2022-08)")
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	rs, err := s.store.ListPeerResults(ctx, p)
	if err != nil {
		return nil, err
	}
	rk := &Ranking{Period: p, HomeDistrict: s.home, Districts: Rank(rs, s.home)}
	for _, d := range rk.Districts {
		if d.Home {
			rk.HomeRank = d.Rank
		}
	}
	return rk, nil
}
