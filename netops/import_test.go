package netops_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/netops"
)

// invGB18030 returns s encoded in GB18030, as Excel on a Chinese Windows
// saves a CSV.
func invGB18030(tb testing.TB, s string) string {
	tb.Helper()
	out, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// rowFields lists the problems of a report as "row.field".
func rowFields(rep csvimport.Report) []string {
	var out []string
	for _, e := range rep.Errors {
		out = append(out, fmt.Sprintf("%d.%s", e.Row, e.Field))
	}
	return out
}

// problemOf returns the problem of row and field in rep.
func problemOf(rep csvimport.Report, row int, field string) string {
	for _, e := range rep.Errors {
		if e.Row == row && e.Field == field {
			return e.Problem
		}
	}
	return ""
}

const invUnitsCSV = "单位代码,站点,机房,备注\n" +
	"QZFJ,XZDL,3F-JF,三楼东侧\n" + // 2: good
	"RSJ,NONE,,\n" + // 3: no such site
	"GONE,XZDL,,\n" + // 4: not in the directory
	"QZFJ,SLZH,,\n" + // 5: on row 2 already
	"YJJD,SLZH,3F-JF,\n" + // 6: not a room of SLZH
	"SHC,XZDL\n" + // 7: a field short
	"HXSQ,SLZH,1F-JF,\n" // 8: good

func TestService_ImportUnits(t *testing.T) {
	ctx := context.Background()
	wantErrs := []string{"3.site", "4.unit", "5.unit", "6.room", "7."}
	t.Run("AllOrNothingGB18030", func(t *testing.T) {
		s, st, _ := newInv(t)
		invSeed(t, s)
		rep, err := s.ImportUnits(ctx, invCenter(), strings.NewReader(invGB18030(t, invUnitsCSV)), netops.ImportOptions{})
		invMustCode(t, err, govops.EINVALID)
		if got := rowFields(rep); !slices.Equal(got, wantErrs) {
			t.Fatalf("errors %v, want %v", got, wantErrs)
		}
		invMustContain(t, problemOf(rep, 5, "unit"), "on row 2 already")
		invMustContain(t, problemOf(rep, 6, "room"), "site SLZH has no room 3F-JF")
		if rep.Rows != 7 || rep.Imported != 0 {
			t.Fatalf("%d rows, %d imported", rep.Rows, rep.Imported)
		}
		if us, _ := st.Units(ctx, netops.UnitFilter{}, "", 0); len(us) != 0 {
			t.Fatalf("an all-or-nothing import with a bad row stores nothing: %+v", us)
		}
	})
	t.Run("KeepGood", func(t *testing.T) {
		s, st, _ := newInv(t)
		invSeed(t, s)
		rep, err := s.ImportUnits(ctx, invCenter(), strings.NewReader(invUnitsCSV), netops.ImportOptions{Mode: csvimport.KeepGood})
		if err != nil {
			t.Fatal(err)
		}
		if got := rowFields(rep); !slices.Equal(got, wantErrs) || rep.Imported != 2 {
			t.Fatalf("errors %v, %d imported", got, rep.Imported)
		}
		u, err := st.Unit(ctx, "QZFJ")
		if err != nil || u.Site != "XZDL" || u.Room != "3F-JF" || u.Note != "三楼东侧" {
			t.Fatalf("imported %+v, %v", u, err)
		}
		evs, _ := st.Events(ctx, u.ID)
		if len(evs) != 1 || evs[0].Note != "imported from row 2" {
			t.Fatalf("trail %+v", evs)
		}
		// Again: the same profiles are let through unwritten, a changed
		// one is refused.
		again := "unit,site,room,note\nQZFJ,XZDL,3F-JF,三楼东侧\nHXSQ,XZDL,,\nRSJ,SLZH,,\n"
		rep, err = s.ImportUnits(ctx, invCenter(), strings.NewReader(again), netops.ImportOptions{Mode: csvimport.KeepGood})
		if err != nil {
			t.Fatal(err)
		}
		if got := rowFields(rep); !slices.Equal(got, []string{"3.unit"}) || rep.Imported != 1 || len(rep.Warnings) != 1 || rep.Warnings[0].Row != 2 {
			t.Fatalf("errors %v, warnings %v, %d imported", got, rep.Warnings, rep.Imported)
		}
		invMustContain(t, problemOf(rep, 3, "unit"), "has a network profile already (site SLZH room 1F-JF)")
	})
	t.Run("Errs", func(t *testing.T) {
		s, _, _ := newInv(t)
		invMustCode(t, invErr(s.ImportUnits(ctx, invQZFJ(), strings.NewReader(invUnitsCSV), netops.ImportOptions{})), govops.EFORBIDDEN)
		invMustFields(t, invErr(s.ImportUnits(ctx, invCenter(), strings.NewReader(invUnitsCSV), netops.ImportOptions{Mode: "some"})), "mode")
		f := invMustCode(t, invErr(s.ImportUnits(ctx, invCenter(), strings.NewReader("unit,room\nQZFJ,x\n"), netops.ImportOptions{})), govops.EINVALID)
		if f["site"] == "" {
			t.Fatalf("a missing required column: %v", f)
		}
	})
}

const invLinksCSV = "unit,site,room,carrier,circuit_id,type,via_extranet,network,bandwidth_mbps,vlan,prefixes,status,since,note\n" +
	"QZFJ,XZDL,3F-JF,中国电信,LZ-1,外网接入,,,100,10,10.1.0.0/24; 2001:db8:1::/48,在用,2022-01-05,\n" + // 2: good
	"RSJ,XZDL,,中国电信,LZ-1,extranet,,,,,,planned,,\n" + // 3: circuit of row 2
	"RSJ,XZDL,,中国联通,LT-1,外网接入,,,abc,5000,10.1.0.128/25,,,\n" + // 4: bandwidth, vlan; overlaps row 2
	"YJJD,SLZH,,中国移动,,互联网专线,是,,,,,规划,,\n" + // 5: good
	"SHC,SLZH,,中国移动,,业务专网,,GAZW,,,10.1.0.0/24,在用,,\n" + // 6: good: another space
	"HXSQ,SLZH,,中国移动,,外网接入,否,GAZW,,,10.9.0.0/24,已拆除,,\n" + // 7: network; note
	"HXSQ,SLZH,,移动,,wifi,maybe,,,,10.0.0.1/24 10.3.0.0/16,up,2022-13-01,\n" + // 8: type, via_extranet, prefixes, status, since
	"QZFJ,XZDL,,电信,DX-9,外网接入,,,,,10.200.0.0/16,,2099-01-01,\n" + // 9: since in the future
	"QZFJ,XZDL,,电信,DX-10,外网接入,,,,,10.50.1.0/24,,,\n" + // 10: overlaps a stored link
	"QZFJ,XZDL,,中国电信,STORED-1,外网接入,,,,,,,,\n" + // 11: a stored link's circuit
	"GONE,XZDL,,中国电信,,外网接入,,,,,,,,\n" // 12: not in the directory

func TestService_ImportLinks(t *testing.T) {
	ctx := context.Background()
	wantErrs := []string{"3.circuit_id", "4.bandwidth_mbps", "4.vlan", "4.prefixes", "7.network", "7.note",
		"8.type", "8.via_extranet", "8.status", "8.since", "8.prefixes[0]", "9.since", "10.prefixes", "11.circuit_id", "12.unit"}
	setup := func(t *testing.T) (*netops.Service, netops.Store, uuid.UUID) {
		s, st, _ := newInv(t)
		invSeed(t, s)
		in := invLink("RSJ", "STORED-1", "10.50.0.0/16")
		stored, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		return s, st, stored.ID
	}
	t.Run("AllOrNothing", func(t *testing.T) {
		s, st, storedID := setup(t)
		rep, err := s.ImportLinks(ctx, invCenter(), strings.NewReader(invLinksCSV), netops.ImportOptions{})
		invMustCode(t, err, govops.EINVALID)
		got := rowFields(rep)
		if !sameSet(got, wantErrs) {
			t.Fatalf("errors\n got %v\nwant %v", got, wantErrs)
		}
		invMustContain(t, problemOf(rep, 3, "circuit_id"), "中国电信 circuit LZ-1 is on row 2 already")
		invMustContain(t, problemOf(rep, 4, "prefixes"), "10.1.0.128/25 overlaps 10.1.0.0/24 of row 2 (unit QZFJ)")
		invMustContain(t, problemOf(rep, 7, "network"), "only a private link")
		invMustContain(t, problemOf(rep, 7, "note"), "decommissioned")
		invMustContain(t, problemOf(rep, 8, "prefixes[0]"), "10.0.0.1/24 has host bits set: write 10.0.0.0/24")
		invMustContain(t, problemOf(rep, 8, "since"), `"2022-13-01" is not a date`)
		invMustContain(t, problemOf(rep, 9, "since"), "future")
		invMustContain(t, problemOf(rep, 10, "prefixes"), "10.50.1.0/24 overlaps 10.50.0.0/16 of link "+storedID.String(), "unit RSJ", "STORED-1")
		invMustContain(t, problemOf(rep, 11, "circuit_id"), "is link "+storedID.String())
		if rep.Rows != 11 || rep.Imported != 0 {
			t.Fatalf("%d rows, %d imported", rep.Rows, rep.Imported)
		}
		if ls, _ := st.Links(ctx, netops.LinkFilter{}, uuid.Nil, 0); len(ls) != 1 {
			t.Fatalf("an all-or-nothing import with a bad row stores nothing: %d links", len(ls))
		}
	})
	t.Run("KeepGood", func(t *testing.T) {
		s, st, _ := setup(t)
		rep, err := s.ImportLinks(ctx, invCenter(), strings.NewReader(invLinksCSV), netops.ImportOptions{Mode: csvimport.KeepGood})
		if err != nil {
			t.Fatal(err)
		}
		if got := rowFields(rep); !sameSet(got, wantErrs) || rep.Imported != 3 {
			t.Fatalf("errors %v, %d imported", got, rep.Imported)
		}
		ls, _ := st.Links(ctx, netops.LinkFilter{Unit: "QZFJ"}, uuid.Nil, 0)
		if len(ls) != 1 || ls[0].CircuitID != "LZ-1" || ls[0].Status != netops.LinkActive || len(ls[0].Prefixes) != 2 ||
			ls[0].Steps.Active.Format("2006-01-02 15:04") != "2022-01-04 16:00" || ls[0].VLAN != 10 || ls[0].BandwidthMbps != 100 {
			t.Fatalf("row 2 imported as %+v", ls)
		}
		yj, _ := st.Links(ctx, netops.LinkFilter{Unit: "YJJD"}, uuid.Nil, 0)
		if len(yj) != 1 || !yj[0].ViaExtranet || yj[0].Type != netops.LinkInternet || yj[0].Status != netops.LinkPlanned {
			t.Fatalf("row 5 imported as %+v", yj)
		}
		evs, _ := st.Events(ctx, ls[0].ID)
		if len(evs) != 1 || evs[0].Note != "imported from row 2" || evs[0].Type != netops.EventLinkCreated {
			t.Fatalf("trail %+v", evs)
		}
		// The same file again: rows 2 and 6 find their circuit or
		// prefixes stored; row 5, with neither, is a line like any other.
		rep, err = s.ImportLinks(ctx, invCenter(), strings.NewReader(invLinksCSV), netops.ImportOptions{Mode: csvimport.KeepGood})
		if err != nil || rep.Imported != 1 || problemOf(rep, 2, "circuit_id") == "" || problemOf(rep, 2, "prefixes") == "" || problemOf(rep, 6, "prefixes") == "" {
			t.Fatalf("again: %v, %+v", err, rep)
		}
	})
	t.Run("GB18030ChineseHeader", func(t *testing.T) {
		s, st, _ := setup(t)
		csv := "单位代码,站点,运营商,电路编号,线路类型,经外网出口,带宽,VLAN,IP地址段,状态,开通日期,备注\n" +
			"QZFJ,XZDL,中国电信,DX-1,外网接入,否,100,20,10.7.0.0/24,在用,2021/3/1,财政局\n" +
			"RSJ,SLZH,中国联通,LT-9,互联网专线,否,50,,,在用,2020-07-01,自建专线\n"
		rep, err := s.ImportLinks(ctx, invCenter(), strings.NewReader(invGB18030(t, csv)), netops.ImportOptions{})
		if err != nil || rep.Imported != 2 {
			t.Fatalf("%v: %+v", err, rep)
		}
		camp, err := s.Campaign(ctx, invCenter())
		if err != nil || camp.Total != 1 || camp.Lines[0].Link.CircuitID != "LT-9" || camp.Lines[0].Link.Note != "自建专线" {
			t.Fatalf("the self-built line imported: %+v, %v", camp, err)
		}
		if c, _ := s.Coverage(ctx, invCenter()); c.Connected != 2 {
			t.Fatalf("coverage %d", c.Connected)
		}
		_ = st
	})
	t.Run("Errs", func(t *testing.T) {
		s, _, _ := newInv(t)
		invMustCode(t, invErr(s.ImportLinks(ctx, invViewer(), strings.NewReader(invLinksCSV), netops.ImportOptions{})), govops.EFORBIDDEN)
		invMustCode(t, invErr(s.ImportLinks(ctx, invCenter(), strings.NewReader("unit,site\nQZFJ,XZDL\n"), netops.ImportOptions{})), govops.EINVALID)
	})
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestService_ImportLinks_Guard races an import against a writer of an
// overlapping link: the one that lands second is refused, whichever it
// is, and no overlap is stored.
func TestService_ImportLinks_Guard(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newInv(t)
	invSeed(t, s)
	rs := &invRacyStore{Store: st}
	rs.race = func() {
		if _, err := s.CreateLink(ctx, invCenter(), invLink("RSJ", "", "10.60.0.0/16")); err != nil {
			t.Errorf("racing writer: %v", err)
		}
	}
	rsvc := netops.NewService(rs, netops.WithDirectory(&invDir{units: invUnits()}))
	csv := "unit,site,carrier,type,prefixes,status\nQZFJ,XZDL,中国电信,extranet,10.60.1.0/24,active\nYJJD,XZDL,中国电信,extranet,10.61.0.0/24,active\n"
	rep, err := rsvc.ImportLinks(ctx, invCenter(), strings.NewReader(csv), netops.ImportOptions{Mode: csvimport.KeepGood})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || !slices.Equal(rowFields(rep), []string{"2.prefixes"}) {
		t.Fatalf("the import checks again after the racing write: %+v", rep)
	}
	ps, _ := st.LivePrefixes(ctx)
	if o := netops.FindOverlaps(ps); len(o) != 0 {
		t.Fatalf("overlaps stored: %v", o)
	}
}
