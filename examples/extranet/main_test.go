package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	s, err := run(t.Context(), &out)
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	t.Log(text)

	// The seed's figures, as computed: 184 departments and townships and
	// 98 villages and communities, every one connected.
	want := map[string][2]int{"department": {173, 173}, "township": {11, 11}, "community": {60, 60}, "village": {38, 38}}
	for _, k := range s.Coverage.ByKind {
		if got := [2]int{k.Connected, k.Units}; got != want[k.Kind] {
			t.Errorf("coverage of %s: %d / %d, want %d / %d", k.Kind, got[0], got[1], want[k.Kind][0], want[k.Kind][1])
		}
		delete(want, k.Kind)
	}
	if len(want) != 0 {
		t.Errorf("coverage left out kinds %v", want)
	}
	if s.Coverage.Connected != 282 || s.Coverage.Units != 282 || len(s.Coverage.Unconnected) != 0 || len(s.Coverage.Unknown) != 0 {
		t.Errorf("coverage %d / %d, unconnected %d, unknown %v; want 282 / 282", s.Coverage.Connected, s.Coverage.Units, len(s.Coverage.Unconnected), s.Coverage.Unknown)
	}
	// The file's two bad rows were reported, the others written.
	if s.Imported != 282+selfBuilt || s.Bad != 2 {
		t.Errorf("imported %d, bad %d; want %d and 2", s.Imported, s.Bad, 282+selfBuilt)
	}
	if govops.ErrorCode(s.Overlap) != govops.ECONFLICT || !strings.Contains(govops.ErrorMessage(s.Overlap), "10.20.") {
		t.Errorf("overlapping link: %v; want ECONFLICT naming the prefix it overlaps", s.Overlap)
	}
	// No self-built line is left.
	c := s.Campaign
	if c.Total != selfBuilt || c.Revoked != selfBuilt || c.Active != 0 || c.Remaining != 0 || !c.Done {
		t.Errorf("campaign %+v; want %d lines, all revoked", c, selfBuilt)
	}
	// Compliance by zone is what the generator made, against 15/45/90.
	sla := map[netops.Zone]int{netops.ZoneBuilding: 15, netops.ZoneUrban: 45, netops.ZoneSuburban: 90}
	total := 0
	for _, z := range s.Compliance.ByZone {
		e := s.Expected[z.Zone]
		if z.SLAMinutes != sla[z.Zone] || int(z.OnTime) != e[0] || int(z.Arrived) != e[1] || z.Rate.String() != govops.NewRate(int64(e[0]), int64(e[1])).String() {
			t.Errorf("%s: SLA %d, on time %d of %d (%s); want %d, %d of %d", z.Zone, z.SLAMinutes, z.OnTime, z.Arrived, z.Rate, sla[z.Zone], e[0], e[1])
		}
		if e[0] == e[1] || e[0] < e[1]*8/10 {
			t.Errorf("%s: %d of %d on time; the generator makes about nine in ten", z.Zone, e[0], e[1])
		}
		total += e[1]
	}
	if int(s.Compliance.Total.Visits) != total || total < 1000 {
		t.Errorf("%d visits reported, generated %d", s.Compliance.Total.Visits, total)
	}
	// The roster's one hole, to the minute, and nobody on two shifts.
	cst := time.FixedZone("CST", 8*3600)
	hole := netops.Interval{Start: time.Date(2022, 10, 1, 16, 0, 0, 0, cst), End: time.Date(2022, 10, 1, 18, 30, 0, 0, cst)}
	if r := s.Roster; len(r.Uncovered) != 1 || !r.Uncovered[0].Start.Equal(hole.Start) || !r.Uncovered[0].End.Equal(hole.End) || len(r.DoubleBooked) != 0 {
		t.Errorf("roster gaps %v, double-booked %v; want only %v", r.Uncovered, r.DoubleBooked, hole)
	}
	for _, want := range []string{
		"部门与乡镇街道 184 个、村和社区 98 个接入电子政务外网",
		"清理完成：true",
		"承诺 15 分钟", "承诺 45 分钟", "承诺 90 分钟",
		"值班空档：2022-10-01 16:00 至 18:30（150 分钟）",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
}
