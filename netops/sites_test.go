package netops_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func TestService_CreateSite(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newInv(t)
	good := func() netops.SiteInput {
		return netops.SiteInput{Code: "XYL", Name: "向华楼", Zone: netops.ZoneUrban, Address: "柳北区胜利路",
			Rooms: []netops.Room{{Code: "2F-JF", Name: "二楼机房", Kind: netops.RoomMachine, Floor: "2"}, {Code: "HY1", Name: "会议室", Kind: netops.RoomMeeting}},
			Note:  "物业电话13812341234"}
	}
	t.Run("OK", func(t *testing.T) {
		in := good()
		in.Code, in.Name = " XYL ", " 向华楼 "
		site, err := s.CreateSite(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		if site.Code != "XYL" || site.Name != "向华楼" || site.Version != 1 || len(site.Rooms) != 2 {
			t.Fatalf("site %+v", site)
		}
		stored, err := st.Site(ctx, "XYL")
		if err != nil || stored.ID != site.ID {
			t.Fatalf("stored %+v, %v", stored, err)
		}
		evs, err := s.SiteTrail(ctx, invCenter(), "XYL")
		if err != nil || len(evs) != 1 || evs[0].Type != netops.EventSiteCreated || evs[0].Seq != 1 {
			t.Fatalf("trail %+v, %v", evs, err)
		}
	})
	t.Run("ErrCodeTaken", func(t *testing.T) {
		f := invMustCode(t, invErr(s.CreateSite(ctx, invCenter(), good())), govops.ECONFLICT)
		if f["code"] == "" {
			t.Fatalf("fields %v", f)
		}
	})
	t.Run("NoZoneWhileNotKnown", func(t *testing.T) {
		in := good()
		in.Code, in.Zone = "GYL", ""
		if _, err := s.CreateSite(ctx, invCenter(), in); err != nil {
			t.Fatal(err)
		}
	})
	for _, tc := range []struct {
		name   string
		change func(in *netops.SiteInput)
		field  string
		says   string
	}{
		{"CodeRequired", func(in *netops.SiteInput) { in.Code = "" }, "code", "required"},
		{"CodeControl", func(in *netops.SiteInput) { in.Code = "A\tB" }, "code", "control"},
		{"CodeTooLong", func(in *netops.SiteInput) { in.Code = strings.Repeat("A", 65) }, "code", "at most 64"},
		{"NameRequired", func(in *netops.SiteInput) { in.Name = "" }, "name", "required"},
		{"NameTooLong", func(in *netops.SiteInput) { in.Name = strings.Repeat("楼", netops.MaxNameLen+1) }, "name", "at most"},
		{"Zone", func(in *netops.SiteInput) { in.Zone = "downtown" }, "zone", `unknown zone "downtown"`},
		{"Address", func(in *netops.SiteInput) { in.Address = "x\x00" }, "address", "control"},
		{"Note", func(in *netops.SiteInput) { in.Note = strings.Repeat("n", netops.MaxNoteLen+1) }, "note", "at most"},
		{"RoomCode", func(in *netops.SiteInput) { in.Rooms[1].Code = "" }, "rooms[1].code", "required"},
		{"RoomCodeTwice", func(in *netops.SiteInput) { in.Rooms[1].Code = "2F-JF" }, "rooms[1].code", "repeats the code of rooms[0]"},
		{"RoomName", func(in *netops.SiteInput) { in.Rooms[0].Name = " " }, "rooms[0].name", "required"},
		{"RoomKindRequired", func(in *netops.SiteInput) { in.Rooms[0].Kind = "" }, "rooms[0].kind", "required"},
		{"RoomKind", func(in *netops.SiteInput) { in.Rooms[0].Kind = "kitchen" }, "rooms[0].kind", `unknown kind "kitchen"`},
		{"RoomFloor", func(in *netops.SiteInput) { in.Rooms[0].Floor = strings.Repeat("9", 33) }, "rooms[0].floor", "at most 32"},
		{"TooManyRooms", func(in *netops.SiteInput) {
			in.Rooms = nil
			for i := range netops.MaxRooms + 1 {
				in.Rooms = append(in.Rooms, netops.Room{Code: fmt.Sprint(i), Name: "房间", Kind: netops.RoomOther})
			}
		}, "rooms", "at most 200"},
		{"IfVersion", func(in *netops.SiteInput) { in.IfVersion = -1 }, "if_version", "negative"},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			in := good()
			in.Code = "NEW"
			tc.change(&in)
			f := invMustFields(t, invErr(s.CreateSite(ctx, invCenter(), in)), tc.field)
			invMustContain(t, f[tc.field], tc.says)
		})
	}
	t.Run("ErrAllAtOnce", func(t *testing.T) {
		in := netops.SiteInput{Zone: "x", Rooms: []netops.Room{{}, {Code: "a", Name: "b", Kind: "c"}}}
		invMustFields(t, invErr(s.CreateSite(ctx, invCenter(), in)), "code", "name", "zone",
			"rooms[0].code", "rooms[0].name", "rooms[0].kind", "rooms[1].kind")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		in := good()
		in.Code = "NEW"
		for _, by := range []govops.Actor{invQZFJ(), invViewer()} {
			invMustCode(t, invErr(s.CreateSite(ctx, by, in)), govops.EFORBIDDEN)
		}
		invMustFields(t, invErr(s.CreateSite(ctx, govops.Actor{}, in)), "actor")
	})
}

func TestService_UpdateSite(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newInv(t)
	invSeed(t, s)
	cur, err := s.Site(ctx, invCenter(), "XZDL")
	if err != nil {
		t.Fatal(err)
	}
	in := netops.SiteInput{Name: cur.Name, Zone: cur.Zone, Rooms: cur.Rooms[:1], Note: "五楼会议室改作办公室"}
	t.Run("OK", func(t *testing.T) {
		got, err := s.UpdateSite(ctx, invCenter(), "XZDL", in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || len(got.Rooms) != 1 || got.Code != "XZDL" || got.ID != cur.ID {
			t.Fatalf("updated %+v", got)
		}
		evs, _ := s.SiteTrail(ctx, invCenter(), "XZDL")
		if len(evs) != 2 || evs[1].Type != netops.EventSiteUpdated || evs[1].Note != "changed rooms, note" {
			t.Fatalf("trail %+v", evs)
		}
		same, err := s.UpdateSite(ctx, invCenter(), "XZDL", in)
		if err != nil || same.Version != 2 {
			t.Fatalf("an update that changes nothing writes nothing: %+v, %v", same, err)
		}
	})
	t.Run("ErrCode", func(t *testing.T) {
		in := in
		in.Code = "OTHER"
		invMustFields(t, invErr(s.UpdateSite(ctx, invCenter(), "XZDL", in)), "code")
	})
	t.Run("ErrStale", func(t *testing.T) {
		in := in
		in.Name, in.IfVersion = "新名", 1
		invMustCode(t, invErr(s.UpdateSite(ctx, invCenter(), "XZDL", in)), govops.ECONFLICT)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		invMustCode(t, invErr(s.UpdateSite(ctx, invCenter(), "NONE", in)), govops.ENOTFOUND)
		invMustCode(t, invErr(s.Site(ctx, invCenter(), "NONE")), govops.ENOTFOUND)
		invMustCode(t, invErr(s.SiteTrail(ctx, invCenter(), "NONE")), govops.ENOTFOUND)
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		invMustCode(t, invErr(s.UpdateSite(ctx, invQZFJ(), "XZDL", in)), govops.EFORBIDDEN)
	})
}

func TestService_Sites_Read(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newInv(t)
	invSeed(t, s)
	if _, err := s.UpdateSite(ctx, invCenter(), "SLZH", netops.SiteInput{Name: "胜利综合楼", Zone: netops.ZoneUrban,
		Rooms: []netops.Room{{Code: "1F-JF", Name: "一楼机房", Kind: netops.RoomMachine}}, Note: "钥匙在门卫，电话13812341234"}); err != nil {
		t.Fatal(err)
	}
	for _, by := range []govops.Actor{invCenter(), invQZFJ(), invViewer()} {
		ss, err := s.Sites(ctx, by)
		if err != nil || len(ss) != 2 || ss[0].Code != "SLZH" || ss[1].Code != "XZDL" {
			t.Fatalf("%s reads sites %+v, %v", by.Name, ss, err)
		}
		site, err := s.Site(ctx, by, "SLZH")
		if err != nil {
			t.Fatal(err)
		}
		whole := strings.Contains(site.Note, "13812341234")
		if whole != by.IsCenter() || whole != strings.Contains(ss[0].Note, "13812341234") {
			t.Errorf("%s reads the note %q: only the center reads it whole", by.Name, site.Note)
		}
		if len(site.Rooms) != 1 || site.Rooms[0].Name != "一楼机房" {
			t.Errorf("rooms are read whole: %+v", site.Rooms)
		}
		evs, err := s.SiteTrail(ctx, by, "SLZH")
		if err != nil || len(evs) != 2 {
			t.Fatalf("trail %+v, %v", evs, err)
		}
	}
}
