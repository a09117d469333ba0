package datashare_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

func TestService_Records(t *testing.T) {
	ctx := context.Background()
	s, st, clock := newMountService(t)
	pop := mustPublished(t, s, popInput(t))
	people := []popRow{goodPerson(t, 1), goodPerson(t, 2)}
	mustMount(t, s, pop.Code, popCSV(people...), datashare.MountOptions{})
	biz := mustPublished(t, s, bizInput(t))
	mustMount(t, s, biz.Code, "统一社会信用代码,名称\n"+entityCode(t, 1)+",柳州市某某餐饮店\n", datashare.MountOptions{})
	secret := popInput(t)
	secret.Code, secret.Name, secret.ShareType, secret.ShareMethod = "101001/000009", "在逃人员信息", datashare.ShareNone, ""
	secret.Condition, secret.LegalBasis = "涉及侦查秘密", "《刑事诉讼法》"
	mustPublished(t, s, secret)
	draft := popInput(t)
	draft.Code = "101001/000010"
	mustCatalog(t, s, draft)

	full := map[string]string{"姓名": "张1", "公民身份号码": people[0].id, "出生日期": "1980-01-01", "年龄": "42", "身高": "1.72",
		"登记时间": "2022-03-01T08:30:00+08:00", "是否户主": "true", "住址": "柳北区"}
	masked := maps.Clone(full)
	masked["姓名"], masked["住址"] = govops.MaskName("张1"), govops.MaskName("柳北区")
	masked["公民身份号码"] = govops.MaskPersonalText(people[0].id)
	if masked["公民身份号码"] == people[0].id || masked["姓名"] == "张1" {
		t.Fatalf("masking changes nothing: %v", masked)
	}
	first := func(t *testing.T, by govops.Actor, code string) map[string]string {
		t.Helper()
		page, err := s.Records(ctx, by, code, datashare.RecordQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) == 0 {
			t.Fatal("no record")
		}
		return page.Items[0].Values
	}
	for _, tc := range []struct {
		name string
		by   govops.Actor
		want map[string]string
	}{
		{"OKProvider", actPolice(), full},
		{"OKCenter", actCenter(), full},
		{"OKViewerMasked", actViewer(), masked},
		{"OKProviderViewerMasked", actPoliceViewer(), masked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := first(t, tc.by, pop.Code); !maps.Equal(got, tc.want) {
				t.Fatalf("values = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("OKUnconditional", func(t *testing.T) {
		if got := first(t, actPolice(), biz.Code); got["名称"] != "柳州市某某餐饮店" || got["统一社会信用代码"] != entityCode(t, 1) {
			t.Fatalf("values = %v", got)
		}
	})
	t.Run("ErrConditionalWithoutGrant", func(t *testing.T) {
		_, err := s.Records(ctx, actMarket(), pop.Code, datashare.RecordQuery{})
		mustErrCode(t, err, govops.EFORBIDDEN)
		if !strings.Contains(err.Error(), "file a share request") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNotShared", func(t *testing.T) {
		_, err := s.Records(ctx, actMarket(), secret.Code, datashare.RecordQuery{})
		mustErrCode(t, err, govops.EFORBIDDEN)
		if !strings.Contains(err.Error(), "不予共享") || !strings.Contains(err.Error(), "《刑事诉讼法》") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrOtherDraft", func(t *testing.T) {
		_, err := s.Records(ctx, actMarket(), draft.Code, datashare.RecordQuery{})
		mustErrCode(t, err, govops.ENOTFOUND)
	})
	t.Run("OKGrantedItemsOnly", func(t *testing.T) {
		grant := datashare.Request{ID: mustV7(t), Catalog: pop.ID, CatalogCode: pop.Code, Consumer: "SCJGJ", Provider: "GAJ",
			Purpose: "核验经营者身份", Items: []string{"姓名", "出生日期"}, Applicant: "赵敏", Status: datashare.RequestApproved,
			Filed: clock.Now().UTC(), LimitDays: 10, Decided: clock.Now().UTC(), Decider: "李强", Expires: clock.Now().Add(24 * time.Hour).UTC()}
		if err := st.CreateRequest(ctx, grant, nil); err != nil {
			t.Fatal(err)
		}
		got := first(t, actMarket(), pop.Code)
		if want := map[string]string{"姓名": masked["姓名"], "出生日期": "1980-01-01"}; !maps.Equal(got, want) {
			t.Fatalf("values = %v, want %v", got, want)
		}
		clock.Advance(25 * time.Hour)
		_, err := s.Records(ctx, actMarket(), pop.Code, datashare.RecordQuery{})
		mustErrCode(t, err, govops.EFORBIDDEN)
	})
}

func TestService_Records_Paging(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newMountService(t)
	c := mustPublished(t, s, popInput(t))
	var want []string
	for b := range 3 {
		var people []popRow
		for i := range 3 {
			p := goodPerson(t, b*10+i)
			people = append(people, p)
			want = append(want, p.id)
		}
		mustMount(t, s, c.Code, popCSV(people...), datashare.MountOptions{})
	}
	var got []string
	q := datashare.RecordQuery{Limit: 2}
	pages := 0
	for {
		page, err := s.Records(ctx, actCenter(), c.Code, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) > 2 {
			t.Fatalf("page of %d", len(page.Items))
		}
		pages++
		for _, r := range page.Items {
			got = append(got, r.Values["公民身份号码"])
		}
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	if !slices.Equal(got, want) || pages != 5 {
		t.Fatalf("ids = %v in %d pages, want %v", got, pages, want)
	}
	t.Run("ErrCursor", func(t *testing.T) {
		for _, cur := range []string{"x", govops.EncodeCursor("abc"), govops.EncodeCursor(c.ID.String() + "/-1"), govops.EncodeCursor(c.ID.String() + "/01")} {
			_, err := s.Records(ctx, actCenter(), c.Code, datashare.RecordQuery{After: cur})
			mustErrFields(t, err, map[string]string{"cursor": "not a cursor"})
		}
		_, err := s.Records(ctx, actCenter(), c.Code, datashare.RecordQuery{Limit: 501})
		mustErrFields(t, err, map[string]string{"limit": ""})
	})
}
