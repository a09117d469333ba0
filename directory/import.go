package directory

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// Columns returns the columns of a departments CSV, in their usual order:
//
//	code   (编码, 代码)      required
//	name   (名称)            required
//	kind   (类型)            optional: department, township, village or community, or a label
//	                         (部门, 乡镇街道, 村, 社区; see ParseKind); empty means department
//	parent (上级, 上级编码)  optional: the code of the unit above, in the directory already or
//	                         on any row of the file, before or after this one
//	zone   (片区)            optional: building, urban or suburban, or a label (行政大楼, 城区,
//	                         郊区); empty while not known
//
// Columns may come in any order; a header may use the Chinese names. An
// unknown or repeated column makes the whole file invalid.
func Columns() []string { return columns().Names() }

func columns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "code", Aliases: []string{"编码", "代码"}, Required: true},
		{Name: "name", Aliases: []string{"名称"}, Required: true},
		{Name: "kind", Aliases: []string{"类型"}},
		{Name: "parent", Aliases: []string{"上级", "上级编码"}},
		{Name: "zone", Aliases: []string{"片区"}},
	}
}

// ImportOptions says how Import reads a file and what it writes.
type ImportOptions struct {
	// Mode is csvimport.AllOrNothing (the default, for "") or
	// csvimport.KeepGood.
	Mode csvimport.Mode
	// Encoding is the file's encoding; the zero value detects UTF-8 or
	// GB18030 (see csvimport).
	Encoding csvimport.Encoding
}

// Import adds the units of a departments CSV (see Columns), in UTF-8 or
// GB18030, each active at version 1 with a created event whose note names
// its row. Only center staff may: a department or read-only actor gets
// EFORBIDDEN before r is read. A header problem is an EINVALID error
// without a report.
//
// Every bad row is reported, each with every problem found: a field that
// does not parse or breaks a rule of Create; a code taken in any letter
// case, by a unit in the directory or by an earlier row; a parent that is
// neither in the directory nor on a row of the file (exact code), is
// dissolved, or is not a township for a village or community; rows whose
// parents form a cycle; and a row whose parent row is bad, since it cannot
// be added without it. Parents may come later in the file than their
// children.
//
// With csvimport.AllOrNothing and any bad row, nothing is stored and the
// report comes with an EINVALID error (csvimport.Report.Err); with
// csvimport.KeepGood the good rows are stored. Either way the rows are
// stored in one Store call, all or none, parents before children.
func (s *Service) Import(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, error) {
	if err := by.CenterOnly("import departments"); err != nil {
		return csvimport.Report{}, err
	}
	mode := opts.Mode
	if mode == "" {
		mode = csvimport.AllOrNothing
	}
	if !mode.Valid() {
		return csvimport.Report{}, govops.FieldError("mode", `must be "all_or_nothing" or "keep_good"`)
	}
	rd, err := csvimport.NewReader(r, columns(), csvimport.WithEncoding(opts.Encoding))
	if err != nil {
		return csvimport.Report{}, err
	}
	im := &importer{}
	for row, err := range csvimport.Parse(rd, parseRow) {
		if err != nil {
			return csvimport.Report{}, err
		}
		im.add(row)
	}
	if err := im.check(ctx, s.store); err != nil {
		return csvimport.Report{}, err
	}
	im.rep.Sort()
	if err := im.rep.Err(mode); err != nil {
		return im.rep, err
	}
	ds, events, err := im.departments(by, s.clock())
	if err != nil {
		return csvimport.Report{}, err
	}
	if err := s.store.Create(ctx, ds, events); err != nil {
		return im.rep, err
	}
	im.rep.Imported = len(ds)
	return im.rep, nil
}

// parseRow reads one row of a departments CSV into the input of Create,
// recording the problems of its fields in p.
func parseRow(row *csvimport.Row, p *govops.Problems) CreateInput {
	in := CreateInput{Code: row.Get("code"), Name: row.Get("name"), Parent: row.Get("parent")}
	if v := row.Get("kind"); v != "" {
		k, ok := ParseKind(v)
		if !ok {
			p.Addf("kind", "%q is not a kind: write %s", govops.Truncate(v, 40), kindChoices())
			k = Kind(v)
		}
		in.Kind = k
	}
	z, ok := ParseZone(row.Get("zone"))
	if !ok {
		p.Addf("zone", "%q is not a zone: write %s", govops.Truncate(row.Get("zone"), 40), zoneChoices())
	}
	in.Zone = z
	in.normalize()
	in.problems(p)
	return in
}

// importRow is one row of an import, as read.
type importRow struct {
	line int
	in   CreateInput
	bad  bool
	// badParent says the row has a problem with its parent already.
	badParent bool
	// parent is the index of the row that adds the parent, -1 when the
	// parent is not on a row.
	parent int
}

// importer checks the rows of one import against each other and the
// directory, and reports each problem in rep.
type importer struct {
	rows  []importRow
	rep   csvimport.Report
	byKey map[string]int // CodeKey → the first row with a code of that key
}

// add takes one parsed row: good or bad, since a bad row's code still
// takes its place in the file and its children depend on it.
func (im *importer) add(p csvimport.Parsed[CreateInput]) {
	im.rep.Rows++
	im.rows = append(im.rows, importRow{line: p.Row, in: p.Value, bad: p.Errors != nil, parent: -1})
	im.rep.Errors = append(im.rep.Errors, p.Errors...)
}

// fail records the problem of field on row i, which makes the row bad.
func (im *importer) fail(i int, field, problem string) {
	r := &im.rows[i]
	r.bad = true
	r.badParent = r.badParent || field == "parent"
	im.rep.Errors = append(im.rep.Errors, csvimport.RowError{Row: r.line, Field: field, Problem: problem})
}

// check finds every problem that a row has beside the others and the
// directory: a code taken in the file or in the directory, a parent that
// cannot be, a cycle, a parent row that is bad.
func (im *importer) check(ctx context.Context, st Store) error {
	im.byKey = make(map[string]int, len(im.rows))
	for i, r := range im.rows {
		if !ValidCode(r.in.Code) {
			continue
		}
		k := CodeKey(r.in.Code)
		if j, dup := im.byKey[k]; dup {
			im.fail(i, "code", takenOnRow(r.in.Code, im.rows[j].in.Code, im.rows[j].line))
			continue
		}
		im.byKey[k] = i
	}
	stored, err := im.lookup(ctx, st)
	if err != nil {
		return err
	}
	for i := range im.rows {
		r := &im.rows[i]
		if !ValidCode(r.in.Code) || im.byKey[CodeKey(r.in.Code)] != i {
			continue
		}
		if d, ok := stored[CodeKey(r.in.Code)]; ok {
			im.fail(i, "code", govops.ErrorMessage(codeTaken(r.in.Code, d.Code)))
		}
		if ValidCode(r.in.Parent) && CodeKey(r.in.Parent) != CodeKey(r.in.Code) {
			im.resolveParent(i, stored)
		}
	}
	im.spread()
	return nil
}

// lookup returns the stored departments that take the codes of the rows or
// might be their parents, by CodeKey.
func (im *importer) lookup(ctx context.Context, st Store) (map[string]*Department, error) {
	var codes []string
	seen := map[string]bool{}
	for _, r := range im.rows {
		for _, c := range []string{r.in.Code, r.in.Parent} {
			if ValidCode(c) && !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
	}
	if len(codes) == 0 {
		return nil, nil
	}
	ds, err := st.Lookup(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Department, len(ds))
	for i := range ds {
		out[CodeKey(ds[i].Code)] = &ds[i]
	}
	return out, nil
}

// resolveParent finds the parent of row i, on a row of the file (first) or
// in the directory, and records what keeps it from being the parent.
func (im *importer) resolveParent(i int, stored map[string]*Department) {
	r := &im.rows[i]
	k := CodeKey(r.in.Parent)
	if j, ok := im.byKey[k]; ok && im.rows[j].in.Code == r.in.Parent {
		r.parent = j
		pk := im.rows[j].in.Kind
		if r.in.Kind.belowTownship() && pk.Valid() && pk != KindTownship {
			im.fail(i, "parent", fmt.Sprintf("%s (row %d) is a %s (%s), but the parent of a %s (%s) must be a township (乡镇街道)",
				r.in.Parent, im.rows[j].line, pk, pk.Label(), r.in.Kind, r.in.Kind.Label()))
		}
		return
	}
	if d, ok := stored[k]; ok && d.Code == r.in.Parent {
		if why := parentProblem(r.in.Kind, d, true); why != "" {
			im.fail(i, "parent", why)
		}
		return
	}
	other := ""
	if j, ok := im.byKey[k]; ok {
		other = fmt.Sprintf("%s (row %d)", im.rows[j].in.Code, im.rows[j].line)
	} else if d, ok := stored[k]; ok {
		other = d.Code
	}
	im.fail(i, "parent", noParent(r.in.Parent, ", in the directory or on a row of the file", other))
}

// spread makes bad each row whose parent row is bad, and each row of a
// cycle of parents: a row is added only with its parent. It follows each
// chain of parent rows once.
func (im *importer) spread() {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, len(im.rows))
	for i := range im.rows {
		var path []int
		j := i
		for j >= 0 && state[j] == unseen {
			state[j] = onPath
			path = append(path, j)
			j = im.rows[j].parent
		}
		cycle := map[int]bool{}
		if j >= 0 && state[j] == onPath {
			start := 0
			for path[start] != j {
				start++
			}
			im.failCycle(path[start:])
			for _, c := range path[start:] {
				cycle[c] = true
			}
		}
		for k := len(path) - 1; k >= 0; k-- {
			n := path[k]
			state[n] = done
			p := im.rows[n].parent
			if cycle[n] || p < 0 || !im.rows[p].bad || im.rows[n].badParent {
				continue
			}
			im.fail(n, "parent", fmt.Sprintf("row %d, which adds %s, has problems: fix it first", im.rows[p].line, im.rows[n].in.Parent))
		}
	}
}

// failCycle reports the rows of a cycle of parents, each naming the whole
// cycle.
func (im *importer) failCycle(cycle []int) {
	lines := make([]string, len(cycle))
	codes := make([]string, len(cycle)+1)
	for k, c := range cycle {
		lines[k] = fmt.Sprint(im.rows[c].line)
		codes[k] = im.rows[c].in.Code
	}
	codes[len(cycle)] = codes[0]
	problem := fmt.Sprintf("rows %s form a cycle of parents (%s): one of them must have another parent, or none",
		strings.Join(lines, ", "), strings.Join(codes, " → "))
	for _, c := range cycle {
		im.fail(c, "parent", problem)
	}
}

// departments returns the units of the good rows, parents before children,
// each with its created event.
func (im *importer) departments(by govops.Actor, now time.Time) ([]Department, []Event, error) {
	var ds []Department
	var events []Event
	emitted := make([]bool, len(im.rows))
	var chain []int
	for i := range im.rows {
		chain = chain[:0]
		for j := i; j >= 0 && !emitted[j] && !im.rows[j].bad; j = im.rows[j].parent {
			chain = append(chain, j)
			emitted[j] = true
		}
		for k := len(chain) - 1; k >= 0; k-- {
			r := &im.rows[chain[k]]
			id, err := uuid.NewV7()
			if err != nil {
				return nil, nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
			}
			d := Department{ID: id, Code: r.in.Code, Name: r.in.Name, Kind: r.in.Kind, Parent: r.in.Parent, Zone: r.in.Zone,
				Status: StatusActive, Version: 1, CreatedAt: now, UpdatedAt: now}
			ev, err := newEvent(&d, EventCreated, by, now, "", fmt.Sprintf("imported from row %d", r.line))
			if err != nil {
				return nil, nil, err
			}
			ds, events = append(ds, d), append(events, ev)
		}
	}
	return ds, events, nil
}

// takenOnRow is the problem of a code that an earlier row of the file
// takes: the same code, or other, which differs from it in letter case.
func takenOnRow(code, other string, line int) string {
	if code == other {
		return fmt.Sprintf("code %s is on row %d already", code, line)
	}
	return fmt.Sprintf("code %s is taken by %s on row %d: codes must differ in more than letter case", code, other, line)
}
