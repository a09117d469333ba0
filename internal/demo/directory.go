package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
)

// directorySteps is the chapter's expected steps, for the progress bar:
// one for each unit made.
func directorySteps(p Params) int64 { return int64(p.Departments + p.Communities) }

// dirStaff is the center's staff member who keeps the directory.
var dirStaff = govops.Actor{Name: "王芳"}

// runDirectory fills the directory: p.Departments units (the district's
// offices and institutions, its sub-districts and towns) and
// p.Communities villages and communities below the townships, imported in
// one CSV on the year's first working morning. In Append mode the units
// whose codes exist are read, not made again.
func runDirectory(ctx context.Context, g *Gen) error {
	depts := dirPlan(g.P)
	clock := NewClock(dirFirstMorning(g))
	svc := g.Services(clock)
	existing := map[string]*directory.Department{}
	if g.Append() {
		in := directory.ListInput{Limit: govops.MaxPageSize}
		for {
			page, err := svc.Departments.List(ctx, dirStaff, in)
			if err != nil {
				return fmt.Errorf("read the directory: %w", err)
			}
			for _, d := range page.Items {
				existing[d.Code] = d
			}
			if page.Next == "" {
				break
			}
			in.Cursor = page.Next
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"code", "name", "kind", "parent", "zone"})
	rows := 0
	for i, d := range depts {
		if e, ok := existing[d.Code]; ok {
			depts[i] = Dept{Code: e.Code, Name: e.Name, Kind: e.Kind, Parent: e.Parent, Zone: e.Zone}
			continue
		}
		_ = w.Write([]string{d.Code, d.Name, string(d.Kind), d.Parent, string(d.Zone)})
		rows++
	}
	w.Flush()
	if rows > 0 {
		rep, err := svc.Departments.Import(ctx, dirStaff, &buf, directory.ImportOptions{})
		if err != nil {
			if len(rep.Errors) > 0 {
				return fmt.Errorf("import the directory: %w (%s)", err, rep.Errors[0])
			}
			return fmt.Errorf("import the directory: %w", err)
		}
	}
	g.SetDepartments(depts)
	g.Step("directory", int64(len(depts)))
	return nil
}

// dirFirstMorning is 08:40 on the year's first working day, Shanghai time.
func dirFirstMorning(g *Gen) time.Time {
	d := time.Date(g.P.Year, 1, 1, 8, 40, 0, 0, Shanghai)
	for range 15 {
		if ok, err := g.Calendar().IsWorkday(d); err == nil && ok {
			break
		}
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// dirPlan lists the units of the year: the townships, the offices (and
// institutions, up to p.Departments units in all), then the villages and
// communities, p.Communities of them, spread over the townships in turn.
func dirPlan(p Params) []Dept {
	var out []Dept
	nTown := min(len(dirTownships), p.Departments)
	for _, t := range dirTownships[:nTown] {
		out = append(out, Dept{Code: t.code, Name: t.name, Kind: directory.KindTownship, Zone: t.zone})
	}
	nOffice := p.Departments - nTown
	for i := range nOffice {
		var name string
		zone := directory.ZoneUrban
		switch {
		case i < len(dirOffices):
			name, zone = dirOffices[i].name, dirOffices[i].zone
		default:
			j := i - len(dirOffices)
			place := dirSchoolPlaces[(j/len(dirSchoolKinds))%len(dirSchoolPlaces)]
			name = "柳北区" + place + dirSchoolKinds[j%len(dirSchoolKinds)]
			if n := j / (len(dirSchoolKinds) * len(dirSchoolPlaces)); n > 0 {
				name += fmt.Sprintf("%d分部", n+1)
			}
			if pi := (j / len(dirSchoolKinds)) % len(dirSchoolPlaces); pi >= 7 && pi <= 10 {
				zone = directory.ZoneSuburban
			}
		}
		out = append(out, Dept{Code: fmt.Sprintf("LBQ%03d", i+1), Name: name, Kind: directory.KindDepartment, Zone: zone})
	}
	if nTown == 0 {
		return out
	}
	// Villages and communities: the townships' own names, in turn, then
	// more of them numbered, in turn, should more be asked for.
	next := make([]int, nTown)
	own := 0
	for _, t := range dirTownships[:nTown] {
		own += len(t.below)
	}
	for made := 0; made < p.Communities; {
		for ti, t := range dirTownships[:nTown] {
			j := next[ti]
			if made == p.Communities || (made < own && j >= len(t.below)) {
				continue
			}
			next[ti]++
			var name string
			switch {
			case j < len(t.below):
				name = t.below[j]
			case t.village:
				name = fmt.Sprintf("%s第%d村", t.name[:len(t.name)-len("人民政府")], j+1)
			default:
				name = fmt.Sprintf("%s第%d社区", t.name[:len(t.name)-len("办事处")], j+1)
			}
			kind, code := directory.KindCommunity, fmt.Sprintf("%s%03d", t.code, j+1)
			if t.village && !isResidents(name) {
				kind, code = directory.KindVillage, fmt.Sprintf("%s%03d", t.code, 200+j+1)
			}
			out = append(out, Dept{Code: code, Name: name, Kind: kind, Parent: t.code, Zone: t.zone})
			made++
		}
	}
	return out
}

// isResidents reports whether name is a town's residents' committee
// (居委会), which the directory keeps as a community.
func isResidents(name string) bool {
	return len(name) > len("居委会") && name[len(name)-len("居委会"):] == "居委会"
}
