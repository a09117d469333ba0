package netops_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// invMigrating returns a service whose units QZFJ and RSJ sit at XZDL
// 3F-JF.
func invMigrating(t *testing.T) (*netops.Service, *invClock) {
	t.Helper()
	s, _, c := newInv(t)
	invSeed(t, s)
	for _, u := range []string{"QZFJ", "RSJ"} {
		if _, err := s.SetUnit(context.Background(), invCenter(), u, netops.UnitInput{Site: "XZDL", Room: "3F-JF"}); err != nil {
			t.Fatal(err)
		}
	}
	return s, c
}

func invPlan(unit string) netops.MigrationInput {
	return netops.MigrationInput{Unit: unit, ToSite: "SLZH", ToRoom: "1F-JF", PlannedFor: invStart().AddDate(0, 0, 7), Plan: "周六凌晨割接，回退方案：恢复原线路"}
}

func TestService_PlanMigration(t *testing.T) {
	ctx := context.Background()
	s, _ := invMigrating(t)
	m, err := s.PlanMigration(ctx, invCenter(), invPlan("QZFJ"))
	if err != nil {
		t.Fatal(err)
	}
	if m.FromSite != "XZDL" || m.FromRoom != "3F-JF" || m.ToSite != "SLZH" || m.Status != netops.MigrationPlanned || m.Version != 1 {
		t.Fatalf("migration %+v", m)
	}
	t.Run("ErrOneOpenAtATime", func(t *testing.T) {
		f := invMustCode(t, invErr(s.PlanMigration(ctx, invCenter(), invPlan("QZFJ"))), govops.ECONFLICT)
		if f["unit"] == "" {
			t.Fatalf("fields %v", f)
		}
	})
	for _, tc := range []struct {
		name   string
		change func(in *netops.MigrationInput)
		field  string
		says   string
	}{
		{"UnitRequired", func(in *netops.MigrationInput) { in.Unit = "" }, "unit", "required"},
		{"UnitWithoutProfile", func(in *netops.MigrationInput) { in.Unit = "YJJD" }, "unit", "has no network profile"},
		{"ToSiteRequired", func(in *netops.MigrationInput) { in.ToSite, in.ToRoom = "", "" }, "to_site", "required"},
		{"ToSiteUnknown", func(in *netops.MigrationInput) { in.ToSite, in.ToRoom = "NONE", "" }, "to_site", "no site NONE"},
		{"ToSiteSame", func(in *netops.MigrationInput) { in.ToSite, in.ToRoom = "XZDL", "5F-HY" }, "to_site", "at site XZDL already"},
		{"ToRoom", func(in *netops.MigrationInput) { in.ToRoom = "3F-JF" }, "to_room", "site SLZH has no room 3F-JF"},
		{"PlannedFor", func(in *netops.MigrationInput) { in.PlannedFor = time.Time{} }, "planned_for", "required"},
		{"Plan", func(in *netops.MigrationInput) { in.Plan = "\x00" }, "plan", "control"},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			in := invPlan("RSJ")
			tc.change(&in)
			f := invMustFields(t, invErr(s.PlanMigration(ctx, invCenter(), in)), tc.field)
			invMustContain(t, f[tc.field], tc.says)
		})
	}
	t.Run("ErrForbidden", func(t *testing.T) {
		invMustCode(t, invErr(s.PlanMigration(ctx, invRSJ(), invPlan("RSJ"))), govops.EFORBIDDEN)
	})
}

func TestService_MoveMigration_Table(t *testing.T) {
	ctx := context.Background()
	allowed := map[[2]netops.MigrationStatus]bool{
		{netops.MigrationPlanned, netops.MigrationCutover}:   true,
		{netops.MigrationPlanned, netops.MigrationCancelled}: true,
		{netops.MigrationCutover, netops.MigrationVerified}:  true,
	}
	// reach brings a fresh migration of a fresh service to status st.
	reach := func(t *testing.T, st netops.MigrationStatus) (*netops.Service, *netops.Migration) {
		s, _ := invMigrating(t)
		m, err := s.PlanMigration(ctx, invCenter(), invPlan("QZFJ"))
		if err != nil {
			t.Fatal(err)
		}
		step := netops.MigrationStep{Note: "按计划"}
		switch st {
		case netops.MigrationCutover:
			m, err = s.CutoverMigration(ctx, invCenter(), m.ID.String(), step)
		case netops.MigrationVerified:
			if m, err = s.CutoverMigration(ctx, invCenter(), m.ID.String(), step); err == nil {
				m, err = s.VerifyMigration(ctx, invCenter(), m.ID.String(), step)
			}
		case netops.MigrationCancelled:
			m, err = s.CancelMigration(ctx, invCenter(), m.ID.String(), step)
		}
		if err != nil {
			t.Fatal(err)
		}
		return s, m
	}
	for _, from := range netops.MigrationStatuses() {
		for _, to := range []netops.MigrationStatus{netops.MigrationCutover, netops.MigrationVerified, netops.MigrationCancelled} {
			ok := allowed[[2]netops.MigrationStatus{from, to}]
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				if netops.MigrationMoveAllowed(from, to) != ok {
					t.Errorf("MigrationMoveAllowed(%s, %s) = %v", from, to, !ok)
				}
				s, m := reach(t, from)
				step := netops.MigrationStep{Note: "变更"}
				var err error
				switch to {
				case netops.MigrationCutover:
					_, err = s.CutoverMigration(ctx, invCenter(), m.ID.String(), step)
				case netops.MigrationVerified:
					_, err = s.VerifyMigration(ctx, invCenter(), m.ID.String(), step)
				case netops.MigrationCancelled:
					_, err = s.CancelMigration(ctx, invCenter(), m.ID.String(), step)
				}
				if ok {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				invMustCode(t, err, govops.ECONFLICT)
				invMustContain(t, govops.ErrorMessage(err), string(from), string(to), from.Label(), to.Label())
			})
		}
	}
}

func TestService_CutoverMigration(t *testing.T) {
	ctx := context.Background()
	s, c := invMigrating(t)
	m, err := s.PlanMigration(ctx, invCenter(), invPlan("QZFJ"))
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(7 * 24 * time.Hour)
	at := c.Now().Add(-2 * time.Hour)
	t.Run("ErrStale", func(t *testing.T) {
		invMustCode(t, invErr(s.CutoverMigration(ctx, invCenter(), m.ID.String(), netops.MigrationStep{IfVersion: 5})), govops.ECONFLICT)
		invMustFields(t, invErr(s.CutoverMigration(ctx, invCenter(), m.ID.String(), netops.MigrationStep{At: c.Now().Add(time.Hour)})), "at")
	})
	cut, err := s.CutoverMigration(ctx, invCenter(), m.ID.String(), netops.MigrationStep{At: at, IfVersion: 1, Note: "割接顺利"})
	if err != nil {
		t.Fatal(err)
	}
	if cut.Status != netops.MigrationCutover || !cut.CutoverAt.Equal(at) || cut.Version != 2 {
		t.Fatalf("cut over %+v", cut)
	}
	u, err := s.Unit(ctx, invCenter(), "QZFJ")
	if err != nil || u.Net.Site != "SLZH" || u.Net.Room != "1F-JF" || u.Net.Version != 2 {
		t.Fatalf("the cutover moves the unit: %+v, %v", u.Net, err)
	}
	uevs, _ := s.UnitTrail(ctx, invCenter(), "QZFJ")
	if len(uevs) != 2 || uevs[1].Type != netops.EventUnitMoved || uevs[1].Seq != 2 {
		t.Fatalf("unit trail %+v", uevs)
	}
	invMustContain(t, uevs[1].Note, "site XZDL room 3F-JF", "site SLZH room 1F-JF", m.ID.String())
	mevs, _ := s.MigrationTrail(ctx, invCenter(), m.ID.String())
	if len(mevs) != 2 || mevs[1].Type != netops.EventMigrationCutover || mevs[1].From != "planned" || mevs[1].To != "cutover" {
		t.Fatalf("migration trail %+v", mevs)
	}
	t.Run("ErrPlanAnotherWhileOpen", func(t *testing.T) {
		in := invPlan("QZFJ")
		in.ToSite, in.ToRoom = "XZDL", ""
		invMustCode(t, invErr(s.PlanMigration(ctx, invCenter(), in)), govops.ECONFLICT)
	})
	t.Run("Verify", func(t *testing.T) {
		f := invMustFields(t, invErr(s.VerifyMigration(ctx, invCenter(), m.ID.String(), netops.MigrationStep{At: at.Add(-time.Minute)})), "at")
		invMustContain(t, f["at"], "before the cutover")
		v, err := s.VerifyMigration(ctx, invCenter(), m.ID.String(), netops.MigrationStep{})
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != netops.MigrationVerified || v.VerifiedBy != invCenter().Name || !v.VerifiedAt.Equal(govops.StoredTime(c.Now())) {
			t.Fatalf("verified %+v", v)
		}
		in := invPlan("QZFJ")
		in.ToSite, in.ToRoom = "XZDL", ""
		back, err := s.PlanMigration(ctx, invCenter(), in)
		if err != nil || back.FromSite != "SLZH" || back.FromRoom != "1F-JF" {
			t.Fatalf("once verified, the unit may move again, from its new site: %+v, %v", back, err)
		}
	})
}

func TestService_CutoverMigration_UnitMovedSince(t *testing.T) {
	ctx := context.Background()
	s, _ := invMigrating(t)
	m, err := s.PlanMigration(ctx, invCenter(), invPlan("RSJ"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetUnit(ctx, invCenter(), "RSJ", netops.UnitInput{Site: "XZDL", Room: "5F-HY"}); err != nil {
		t.Fatal(err)
	}
	err = invErr(s.CutoverMigration(ctx, invCenter(), m.ID.String(), netops.MigrationStep{}))
	invMustCode(t, err, govops.ECONFLICT)
	invMustContain(t, govops.ErrorMessage(err), "cancel the migration and plan it again")
	f := invMustFields(t, invErr(s.CancelMigration(ctx, invCenter(), m.ID.String(), netops.MigrationStep{})), "note")
	invMustContain(t, f["note"], "required to cancel")
	cancelled, err := s.CancelMigration(ctx, invCenter(), m.ID.String(), netops.MigrationStep{Note: "单位已另行调整机房"})
	if err != nil || cancelled.Status != netops.MigrationCancelled {
		t.Fatalf("%+v, %v", cancelled, err)
	}
	u, _ := s.Unit(ctx, invCenter(), "RSJ")
	if u.Net.Room != "5F-HY" || u.Net.Version != 2 {
		t.Fatalf("a refused cutover moves nothing: %+v", u.Net)
	}
}

func TestService_Migrations_Read(t *testing.T) {
	ctx := context.Background()
	s, _ := invMigrating(t)
	mq, err := s.PlanMigration(ctx, invCenter(), invPlan("QZFJ"))
	if err != nil {
		t.Fatal(err)
	}
	mr, err := s.PlanMigration(ctx, invCenter(), invPlan("RSJ"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelMigration(ctx, invCenter(), mr.ID.String(), netops.MigrationStep{Note: "推迟"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migration(ctx, invQZFJ(), mq.ID.String()); err != nil {
		t.Fatal(err)
	}
	invMustCode(t, invErr(s.Migration(ctx, invQZFJ(), mr.ID.String())), govops.ENOTFOUND)
	invMustCode(t, invErr(s.MigrationTrail(ctx, invQZFJ(), mr.ID.String())), govops.ENOTFOUND)
	page, err := s.Migrations(ctx, invQZFJ(), netops.MigrationListInput{})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != mq.ID {
		t.Fatalf("a department lists its own: %+v, %v", page.Items, err)
	}
	invMustCode(t, invErr(s.Migrations(ctx, invQZFJ(), netops.MigrationListInput{Unit: "RSJ"})), govops.EFORBIDDEN)
	page, err = s.Migrations(ctx, invViewer(), netops.MigrationListInput{Status: netops.MigrationCancelled})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != mr.ID {
		t.Fatalf("by status: %+v, %v", page.Items, err)
	}
	page, err = s.Migrations(ctx, invCenter(), netops.MigrationListInput{Limit: 1})
	if err != nil || len(page.Items) != 1 || page.Next == "" {
		t.Fatalf("page %+v, %v", page, err)
	}
	next, err := s.Migrations(ctx, invCenter(), netops.MigrationListInput{Limit: 1, Cursor: page.Next})
	if err != nil || len(next.Items) != 1 || next.Items[0].ID == page.Items[0].ID || next.Next != "" {
		t.Fatalf("next page %+v, %v", next, err)
	}
	invMustFields(t, invErr(s.Migrations(ctx, invCenter(), netops.MigrationListInput{Status: "done", Limit: -1})), "status", "limit")
	invMustCode(t, invErr(s.Migration(ctx, invCenter(), "2022-000001")), govops.ENOTFOUND)
}
