package netops_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func TestService_SetUnit(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newInv(t)
	invSeed(t, s)
	t.Run("CreateThenReplace", func(t *testing.T) {
		u, err := s.SetUnit(ctx, invCenter(), "QZFJ", netops.UnitInput{Site: "XZDL", Room: "3F-JF", Note: "三楼东"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Unit != "QZFJ" || u.Site != "XZDL" || u.Room != "3F-JF" || u.Version != 1 {
			t.Fatalf("profile %+v", u)
		}
		u2, err := s.SetUnit(ctx, invCenter(), "QZFJ", netops.UnitInput{Site: "SLZH", IfVersion: 1})
		if err != nil {
			t.Fatal(err)
		}
		if u2.ID != u.ID || u2.Version != 2 || u2.Site != "SLZH" || u2.Room != "" {
			t.Fatalf("replaced %+v", u2)
		}
		evs, err := s.UnitTrail(ctx, invCenter(), "QZFJ")
		if err != nil || len(evs) != 2 || evs[0].Type != netops.EventUnitSet || evs[1].Note != "changed site, room, note" || evs[1].Department != "QZFJ" {
			t.Fatalf("trail %+v, %v", evs, err)
		}
		if stored, err := st.Unit(ctx, "QZFJ"); err != nil || stored.Version != 2 {
			t.Fatalf("stored %+v, %v", stored, err)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		invMustCode(t, invErr(s.SetUnit(ctx, invCenter(), "QZFJ", netops.UnitInput{Site: "XZDL", IfVersion: 1})), govops.ECONFLICT)
		invMustCode(t, invErr(s.SetUnit(ctx, invCenter(), "RSJ", netops.UnitInput{Site: "XZDL", IfVersion: 3})), govops.ECONFLICT)
	})
	for _, tc := range []struct {
		name  string
		unit  string
		in    netops.UnitInput
		field string
		says  string
	}{
		{"UnitRequired", "", netops.UnitInput{Site: "XZDL"}, "unit", "required"},
		{"UnitNotInDirectory", "GONE", netops.UnitInput{Site: "XZDL"}, "unit", "no active unit GONE"},
		{"SiteRequired", "RSJ", netops.UnitInput{}, "site", "required"},
		{"SiteUnknown", "RSJ", netops.UnitInput{Site: "NONE"}, "site", "no site NONE"},
		{"RoomNotOfSite", "RSJ", netops.UnitInput{Site: "SLZH", Room: "3F-JF"}, "room", "site SLZH has no room 3F-JF: use one of 1F-JF"},
		{"RoomWithoutSite", "RSJ", netops.UnitInput{Room: "3F-JF"}, "site", "required"},
		{"Note", "RSJ", netops.UnitInput{Site: "SLZH", Note: "\x07"}, "note", "control"},
		{"IfVersion", "RSJ", netops.UnitInput{Site: "SLZH", IfVersion: -1}, "if_version", "negative"},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			f := invMustFields(t, invErr(s.SetUnit(ctx, invCenter(), tc.unit, tc.in)), tc.field)
			invMustContain(t, f[tc.field], tc.says)
		})
	}
	t.Run("ErrForbidden", func(t *testing.T) {
		invMustCode(t, invErr(s.SetUnit(ctx, invQZFJ(), "QZFJ", netops.UnitInput{Site: "XZDL"})), govops.EFORBIDDEN)
	})
}

func TestService_Unit_Read(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newInv(t)
	invSeed(t, s)
	if _, err := s.SetUnit(ctx, invCenter(), "QZFJ", netops.UnitInput{Site: "XZDL", Note: "联系人13812341234"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetUnit(ctx, invCenter(), "RSJ", netops.UnitInput{Site: "SLZH"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateLink(ctx, invCenter(), invLink("QZFJ", "LZ-1", "10.1.0.0/24")); err != nil {
		t.Fatal(err)
	}
	planned := invLink("RSJ", "LZ-2", "10.2.0.0/24")
	planned.Status = netops.LinkPlanned
	if _, err := s.CreateLink(ctx, invCenter(), planned); err != nil {
		t.Fatal(err)
	}
	t.Run("View", func(t *testing.T) {
		v, err := s.Unit(ctx, invQZFJ(), "QZFJ")
		if err != nil {
			t.Fatal(err)
		}
		if v.Directory == nil || v.Directory.Name != "区财政局" || v.Net == nil || v.Net.Site != "XZDL" || len(v.Links) != 1 || !v.Connected {
			t.Fatalf("view %+v", v)
		}
		v, err = s.Unit(ctx, invCenter(), "RSJ")
		if err != nil || v.Connected || len(v.Links) != 1 {
			t.Fatalf("a planned link does not connect a unit: %+v, %v", v, err)
		}
		v, err = s.Unit(ctx, invCenter(), "SHC")
		if err != nil || v.Directory == nil || v.Net != nil || len(v.Links) != 0 {
			t.Fatalf("a unit of the directory without a profile: %+v, %v", v, err)
		}
	})
	t.Run("Masked", func(t *testing.T) {
		v, err := s.Unit(ctx, invViewer(), "QZFJ")
		if err != nil || strings.Contains(v.Net.Note, "13812341234") || v.Net.Site != "XZDL" {
			t.Fatalf("read-only view %+v, %v", v.Net, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		invMustCode(t, invErr(s.Unit(ctx, invQZFJ(), "RSJ")), govops.ENOTFOUND)
		invMustCode(t, invErr(s.UnitTrail(ctx, invQZFJ(), "RSJ")), govops.ENOTFOUND)
		invMustCode(t, invErr(s.Unit(ctx, invCenter(), "NOBODY")), govops.ENOTFOUND)
		invMustCode(t, invErr(s.UnitTrail(ctx, invCenter(), "SHC")), govops.ENOTFOUND)
	})
	t.Run("Units", func(t *testing.T) {
		page, err := s.Units(ctx, invCenter(), netops.UnitListInput{})
		if err != nil || len(page.Items) != 2 || page.Items[0].Unit != "QZFJ" || page.Items[1].Unit != "RSJ" {
			t.Fatalf("units %+v, %v", page.Items, err)
		}
		page, err = s.Units(ctx, invCenter(), netops.UnitListInput{Limit: 1})
		if err != nil || len(page.Items) != 1 || page.Next == "" {
			t.Fatalf("page %+v, %v", page, err)
		}
		page, err = s.Units(ctx, invCenter(), netops.UnitListInput{Limit: 1, Cursor: page.Next})
		if err != nil || len(page.Items) != 1 || page.Items[0].Unit != "RSJ" || page.Next != "" {
			t.Fatalf("second page %+v, %v", page, err)
		}
		page, err = s.Units(ctx, invCenter(), netops.UnitListInput{Site: "SLZH"})
		if err != nil || len(page.Items) != 1 || page.Items[0].Unit != "RSJ" {
			t.Fatalf("by site %+v, %v", page.Items, err)
		}
		page, err = s.Units(ctx, invRSJ(), netops.UnitListInput{})
		if err != nil || len(page.Items) != 1 || page.Items[0].Unit != "RSJ" {
			t.Fatalf("a department sees its own: %+v, %v", page.Items, err)
		}
		invMustFields(t, invErr(s.Units(ctx, invCenter(), netops.UnitListInput{Limit: 501, Site: "\x01"})), "limit", "site")
		invMustFields(t, invErr(s.Units(ctx, invCenter(), netops.UnitListInput{Cursor: "x"})), "cursor")
	})
}

// coverageDir returns a directory like the seed's: 182 departments, 2
// townships, 49 villages and 49 communities, and two more units: a new
// department (D182) and a unit of a kind the directory adds later.
func coverageDir() *invDir {
	d := &invDir{}
	for i := range 182 {
		d.units = append(d.units, netops.Unit{Code: fmt.Sprintf("D%03d", i), Name: fmt.Sprintf("部门%d", i), Kind: "department", KindLabel: "部门"})
	}
	d.units = append(d.units, netops.Unit{Code: "T1", Name: "跃进街道", Kind: "township", KindLabel: "乡镇街道"},
		netops.Unit{Code: "T2", Name: "长塘镇", Kind: "township", KindLabel: "乡镇街道"})
	for i := range 98 {
		kind, label := "village", "村"
		if i%2 == 0 {
			kind, label = "community", "社区"
		}
		d.units = append(d.units, netops.Unit{Code: fmt.Sprintf("V%02d", i), Name: fmt.Sprintf("村社%d", i), Kind: kind, KindLabel: label})
	}
	d.units = append(d.units, netops.Unit{Code: "D182", Name: "新设部门", Kind: "department", KindLabel: "部门"},
		netops.Unit{Code: "P1", Name: "园区管委会", Kind: "park", KindLabel: "园区"})
	return d
}

func TestService_Coverage(t *testing.T) {
	ctx := context.Background()
	dir := coverageDir()
	s, st, _ := newInv(t, netops.WithDirectory(dir))
	invSeed(t, s)
	for i, u := range dir.units {
		if u.Kind == "park" {
			continue
		}
		in := invLink(u.Code, "", fmt.Sprintf("10.%d.%d.0/24", i/256, i%256))
		if u.Code == "D182" {
			in.Status = netops.LinkProvisioning // not connected yet
		}
		if _, err := s.CreateLink(ctx, invCenter(), in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateLink(ctx, invCenter(), invLink("D001", "", "172.16.0.0/24")); err != nil {
		t.Fatal(err) // a second link connects no further
	}
	internet := invLink("D002", "", "172.16.1.0/24")
	internet.Type = netops.LinkInternet
	if _, err := s.CreateLink(ctx, invCenter(), internet); err != nil {
		t.Fatal(err)
	}
	// A unit the directory no longer holds, with an active extranet link.
	gone, _ := s.CreateLink(ctx, invCenter(), invLink("D003", "", "172.16.2.0/24"))
	ghost := *gone
	ghost.ID, ghost.Unit, ghost.Prefixes = invV7(t), "OLD9", nil
	ev, _ := govops.NewEvent(ghost.ID, 1, netops.EventLinkCreated, invCenter(), ghost.CreatedAt, "", netops.Status("active"))
	if err := st.CreateLinks(ctx, []netops.Link{ghost}, netops.Guard{}, []netops.Event{ev}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Coverage(ctx, invViewer())
	if err != nil {
		t.Fatal(err)
	}
	if c.Units != 284 || c.Connected != 282 || c.Rate.String() != "99.30%" {
		t.Fatalf("coverage %d/%d %s", c.Connected, c.Units, c.Rate)
	}
	var got []string
	for _, k := range c.ByKind {
		got = append(got, fmt.Sprintf("%s %s %d/%d %s", k.Kind, k.Label, k.Connected, k.Units, k.Rate))
	}
	want := []string{"department 部门 182/183 99.45%", "township 乡镇街道 2/2 100.00%", "village 村 49/49 100.00%",
		"community 社区 49/49 100.00%", "park 园区 0/1 0.00%"}
	if !slices.Equal(got, want) {
		t.Fatalf("by kind\n got %q\nwant %q", got, want)
	}
	byKind := map[string]int{}
	for _, k := range c.ByKind {
		byKind[k.Kind] = k.Connected
	}
	if above, below := byKind["department"]+byKind["township"], byKind["village"]+byKind["community"]; above != 184 || below != 98 {
		t.Fatalf("%d departments and townships, %d villages and communities connected; the seed's are 184 and 98", above, below)
	}
	if len(c.Unconnected) != 2 || c.Unconnected[0].Code != "D182" || c.Unconnected[1].Code != "P1" || c.Unconnected[1].Name != "园区管委会" {
		t.Fatalf("unconnected %+v", c.Unconnected)
	}
	if !slices.Equal(c.Unknown, []string{"OLD9"}) {
		t.Fatalf("unknown %v", c.Unknown)
	}
	invMustCode(t, invErr(s.Coverage(ctx, invQZFJ())), govops.EFORBIDDEN)
	t.Run("WithoutDirectory", func(t *testing.T) {
		s := netops.NewService(st)
		for _, u := range []string{"D182", "D001", "P1"} {
			if _, err := s.SetUnit(ctx, invCenter(), u, netops.UnitInput{Site: "XZDL"}); err != nil {
				t.Fatal(err)
			}
		}
		c, err := s.Coverage(ctx, invCenter())
		if err != nil {
			t.Fatal(err)
		}
		if c.Units != 3 || c.Connected != 1 || len(c.ByKind) != 0 || len(c.Unconnected) != 2 || len(c.Unknown) != 282 {
			t.Fatalf("over the profiles: %d/%d, %d kinds, %d unconnected, %d unknown", c.Connected, c.Units, len(c.ByKind), len(c.Unconnected), len(c.Unknown))
		}
	})
}
