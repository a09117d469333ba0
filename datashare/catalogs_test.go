package datashare_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/idcode"
)

func TestService_CreateCatalog(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _, _ := newMountService(t)
		in := popInput(t)
		in.Department = ""
		in.ProviderCode = " " + strings.ToLower(in.ProviderCode) + " "
		c, err := s.CreateCatalog(ctx, actPolice(), in)
		if err != nil {
			t.Fatal(err)
		}
		want := popInput(t)
		if c.Department != "GAJ" || c.Status != datashare.CatalogDraft || c.Version != 1 || c.Class != datashare.ClassBasic ||
			c.ProviderCode != want.ProviderCode || !c.Published.IsZero() || c.CreatedAt.IsZero() || !slices.Equal(c.Items, want.Items) {
			t.Fatalf("entry = %+v", c)
		}
		got, err := s.Catalog(ctx, actPolice(), c.ID.String())
		if err != nil || got.Code != c.Code || got.Version != 1 {
			t.Fatalf("Catalog = %+v, %v", got, err)
		}
		evs, err := s.CatalogTrail(ctx, actCenter(), c.Code)
		if err != nil || len(evs) != 1 || evs[0].Type != datashare.EventCatalogCreated || evs[0].Seq != 1 ||
			evs[0].To != datashare.Status(datashare.CatalogDraft) || evs[0].Department != "GAJ" || evs[0].ActorDept != "GAJ" {
			t.Fatalf("trail = %+v, %v", evs, err)
		}
	})
	t.Run("ErrCenterNamesNoDepartment", func(t *testing.T) {
		s, _, _ := newMountService(t)
		in := popInput(t)
		in.Department = ""
		_, err := s.CreateCatalog(ctx, actCenter(), in)
		mustErrFields(t, err, map[string]string{"department": "is required"})
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _, _ := newMountService(t)
		_, err := s.CreateCatalog(ctx, actMarket(), popInput(t))
		mustErrCode(t, err, govops.EFORBIDDEN)
		_, err = s.CreateCatalog(ctx, actViewer(), popInput(t))
		mustErrCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("ErrCodeTaken", func(t *testing.T) {
		s, _, _ := newMountService(t)
		mustCatalog(t, s, popInput(t))
		in := bizInput(t)
		in.Code, in.Class, in.Related = popInput(t).Code, "", nil
		_, err := s.CreateCatalog(ctx, actCenter(), in)
		mustErrCode(t, err, govops.ECONFLICT)
		if f := govops.ErrorFields(err)["code"]; !strings.Contains(f, "is taken") {
			t.Fatalf("fields = %v", govops.ErrorFields(err))
		}
	})
	t.Run("ErrDepartmentCheck", func(t *testing.T) {
		s, _, _ := newMountService(t, datashare.WithDepartmentCheck(func(_ context.Context, code string) error {
			if code != "GAJ" {
				return govops.FieldError("department", "no department "+code)
			}
			return nil
		}))
		mustCatalog(t, s, popInput(t))
		_, err := s.CreateCatalog(ctx, actCenter(), bizInput(t))
		mustErrFields(t, err, map[string]string{"department": "no department SCJGJ"})
	})
}

func TestService_CreateCatalog_Validation(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("长", datashare.MaxNameLen+1)
	for _, tc := range []struct {
		name   string
		change func(in *datashare.CatalogInput)
		fields map[string]string
	}{
		{"ErrCode", func(in *datashare.CatalogInput) { in.Code = "101001-000001" }, map[string]string{"code": "has no / before its sequence number"}},
		{"ErrClassDisagrees", func(in *datashare.CatalogInput) { in.Class = datashare.ClassTheme },
			map[string]string{"class": "is theme (主题), but code 101001/000001 begins with 1, which is basic (基础)"}},
		{"ErrClassUnknown", func(in *datashare.CatalogInput) { in.Class = "misc" }, map[string]string{"class": `unknown class "misc": use basic (基础), theme (主题) or department (部门)`}},
		{"ErrName", func(in *datashare.CatalogInput) { in.Name = " " }, map[string]string{"name": "required"}},
		{"ErrNameTooLong", func(in *datashare.CatalogInput) { in.Name = long }, map[string]string{"name": "200"}},
		{"ErrNameTwoLines", func(in *datashare.CatalogInput) { in.Name = "人口\n信息" }, map[string]string{"name": "one line"}},
		{"ErrDepartment", func(in *datashare.CatalogInput) { in.Department = "G\tAJ" }, map[string]string{"department": ""}},
		{"ErrProvider", func(in *datashare.CatalogInput) { in.Provider = "" }, map[string]string{"provider": "required"}},
		{"ErrProviderCodeMissing", func(in *datashare.CatalogInput) { in.ProviderCode = "" }, map[string]string{"provider_code": "is required"}},
		{"ErrProviderCodeCheck", func(in *datashare.CatalogInput) { in.ProviderCode = wrongCheck(in.ProviderCode) },
			map[string]string{"provider_code": "is not a unified social credit code: 统一社会信用代码: check character"}},
		{"ErrSummary", func(in *datashare.CatalogInput) { in.Summary = "" }, map[string]string{"summary": "required"}},
		{"ErrSummaryControl", func(in *datashare.CatalogInput) { in.Summary = "a\x00b" }, map[string]string{"summary": "control"}},
		{"ErrFormat", func(in *datashare.CatalogInput) { in.Format = "excel" }, map[string]string{"format": "unknown format class"}},
		{"ErrSubFormat", func(in *datashare.CatalogInput) { in.SubFormat = strings.Repeat("x", 51) }, map[string]string{"sub_format": "50"}},
		{"ErrNoItems", func(in *datashare.CatalogInput) { in.Items, in.Key = nil, nil }, map[string]string{"items": "at least one data item"}},
		{"ErrTooManyItems", func(in *datashare.CatalogInput) {
			in.Items = make([]datashare.Item, 65)
			for i := range in.Items {
				in.Items[i] = datashare.Item{Name: fmt.Sprintf("项%d", i), Type: datashare.TypeString}
			}
			in.Key = nil
		}, map[string]string{"items": "has 65 items: at most 64"}},
		{"ErrItems", func(in *datashare.CatalogInput) {
			in.Items[0].Name = ""
			in.Items[2].Type = "blob"
			in.Items[3].Length = -1
			in.Items[4].ID = idcode.KindUSCC
			in.Items[6].ID = "passport"
			in.Items[7].Name = "公民身份号码"
		}, map[string]string{
			"items[0].name": "required", "items[2].type": `unknown data type "blob"`, "items[3].length": "is -1",
			"items[4].id": "applies to string items only", "items[6].id": `unknown identifier "passport": use uscc (统一社会信用代码)`,
			"items[7].name": "repeats the name of items[1]"}},
		{"ErrItemNameCase", func(in *datashare.CatalogInput) {
			in.Items = []datashare.Item{{Name: "Name", Type: datashare.TypeString}, {Name: "NAME", Type: datashare.TypeString}}
			in.Key = nil
		}, map[string]string{"items[1].name": "whatever their letter case"}},
		{"ErrKey", func(in *datashare.CatalogInput) {
			in.Key = []string{"身份证", "公民身份号码", "公民身份号码", ""}
		},
			map[string]string{"key[0]": `"身份证" is not one of the entry's items`, "key[2]": "repeats key[1]", "key[3]": "is empty"}},
		{"ErrShareType", func(in *datashare.CatalogInput) { in.ShareType = "" }, map[string]string{"share_type": "unknown share type"}},
		{"ErrConditionAndBasis", func(in *datashare.CatalogInput) { in.Condition, in.LegalBasis = "", " " },
			map[string]string{"condition": "is required for 有条件共享", "legal_basis": "is required for 有条件共享"}},
		{"ErrNoneNeedsBasis", func(in *datashare.CatalogInput) {
			in.ShareType, in.ShareMethod, in.LegalBasis = datashare.ShareNone, "", ""
		}, map[string]string{"legal_basis": "is required for 不予共享"}},
		{"ErrShareMethod", func(in *datashare.CatalogInput) { in.ShareMethod = "email" }, map[string]string{"share_method": "unknown share method"}},
		{"ErrOpen", func(in *datashare.CatalogInput) { in.Open = "public" }, map[string]string{"open": "unknown open attribute"}},
		{"ErrOpenCondition", func(in *datashare.CatalogInput) { in.Open = datashare.OpenConditional }, map[string]string{"open_condition": "is required for 有条件开放"}},
		{"ErrCycle", func(in *datashare.CatalogInput) { in.Cycle = "hourly" }, map[string]string{"cycle": `unknown update cycle "hourly"`}},
		{"ErrRelated", func(in *datashare.CatalogInput) {
			in.Related = []string{"201001/000001", "101001/000001", "bad", "201001/000001"}
		}, map[string]string{"related[1]": "the entry's own code", "related[2]": "has no /", "related[3]": "repeats related[0]"}},
		{"ErrIfVersion", func(in *datashare.CatalogInput) { in.IfVersion = -1 }, map[string]string{"if_version": ""}},
		{"ErrEveryField", func(in *datashare.CatalogInput) {
			*in = datashare.CatalogInput{Department: "GAJ"}
		}, map[string]string{"code": "required", "name": "required", "provider": "required", "provider_code": "required",
			"summary": "required", "format": "unknown", "items": "at least one", "share_type": "unknown",
			"share_method": "unknown", "open": "unknown", "cycle": "unknown"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, _ := newMountService(t)
			in := popInput(t)
			tc.change(&in)
			_, err := s.CreateCatalog(ctx, actCenter(), in)
			mustErrFields(t, err, tc.fields)
		})
	}
	t.Run("OKUnconditionalNeedsNoCondition", func(t *testing.T) {
		s, _, _ := newMountService(t)
		in := bizInput(t)
		in.Condition, in.LegalBasis = "", ""
		if _, err := s.CreateCatalog(ctx, actCenter(), in); err != nil {
			t.Fatal(err)
		}
	})
}

func TestService_CreateCatalogs(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _, _ := newMountService(t)
		cs, err := s.CreateCatalogs(ctx, actCenter(), []datashare.CatalogInput{popInput(t), bizInput(t)})
		if err != nil || len(cs) != 2 || cs[0].Code != "101001/000001" || cs[1].Class != datashare.ClassDepartment {
			t.Fatalf("CreateCatalogs = %+v, %v", cs, err)
		}
		page, err := s.Catalogs(ctx, actCenter(), datashare.CatalogQuery{})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("Catalogs = %+v, %v", page, err)
		}
	})
	t.Run("ErrEveryEntryReported", func(t *testing.T) {
		s, _, _ := newMountService(t)
		bad := bizInput(t)
		bad.Name, bad.Items[1].Type = "", "text"
		dup := bizInput(t)
		dup.Code, dup.Class, dup.Related = popInput(t).Code, "", nil
		_, err := s.CreateCatalogs(ctx, actCenter(), []datashare.CatalogInput{popInput(t), bad, dup})
		mustErrFields(t, err, map[string]string{"catalogs[1].name": "required", "catalogs[1].items[1].type": "unknown data type",
			"catalogs[2].code": "repeats the code of catalogs[0]"})
		if page, _ := s.Catalogs(ctx, actCenter(), datashare.CatalogQuery{}); len(page.Items) != 0 {
			t.Fatalf("%d entries stored", len(page.Items))
		}
	})
	t.Run("ErrTakenStoresNothing", func(t *testing.T) {
		s, _, _ := newMountService(t)
		mustCatalog(t, s, bizInput(t))
		_, err := s.CreateCatalogs(ctx, actCenter(), []datashare.CatalogInput{popInput(t), bizInput(t)})
		mustErrCode(t, err, govops.ECONFLICT)
		if _, ok := govops.ErrorFields(err)["catalogs[1].code"]; !ok {
			t.Fatalf("fields = %v", govops.ErrorFields(err))
		}
		if _, err := s.Catalog(ctx, actCenter(), popInput(t).Code); govops.ErrorCode(err) != govops.ENOTFOUND {
			t.Fatalf("the good entry was stored: %v", err)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _, _ := newMountService(t)
		own := popInput(t)
		own.Department = ""
		_, err := s.CreateCatalogs(ctx, actPolice(), []datashare.CatalogInput{own, bizInput(t)})
		mustErrCode(t, err, govops.EFORBIDDEN)
		if _, ok := govops.ErrorFields(err)["catalogs[1].department"]; !ok {
			t.Fatalf("fields = %v", govops.ErrorFields(err))
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		s, _, _ := newMountService(t)
		_, err := s.CreateCatalogs(ctx, actCenter(), nil)
		mustErrFields(t, err, map[string]string{"catalogs": "at least one"})
	})
}

func TestService_UpdateCatalog(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		in := popInput(t)
		in.Code, in.Department = "", ""
		in.Name, in.Cycle, in.IfVersion = "人口基本信息（2022）", datashare.CycleRealtime, c.Version
		in.Items = append(in.Items, datashare.Item{Name: "民族", Type: datashare.TypeString})
		got, err := s.UpdateCatalog(ctx, actPolice(), c.Code, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 3 || got.Name != in.Name || got.Status != datashare.CatalogPublished || !got.Published.Equal(c.Published) ||
			got.Department != "GAJ" || len(got.Items) != 9 || !got.CreatedAt.Equal(c.CreatedAt) {
			t.Fatalf("updated = %+v", got)
		}
		evs, _ := s.CatalogTrail(ctx, actCenter(), c.Code)
		if last := evs[len(evs)-1]; last.Type != datashare.EventCatalogUpdated || last.Seq != 3 || last.Note != "changed name, items, cycle" {
			t.Fatalf("last event = %+v", last)
		}
	})
	t.Run("OKNoChange", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		got, err := s.UpdateCatalog(ctx, actCenter(), c.Code, popInput(t))
		if err != nil || got.Version != 1 {
			t.Fatalf("update without change = %+v, %v", got, err)
		}
	})
	t.Run("OKCenterMovesEntry", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		in := popInput(t)
		in.Department = "SCJGJ"
		got, err := s.UpdateCatalog(ctx, actCenter(), c.Code, in)
		if err != nil || got.Department != "SCJGJ" {
			t.Fatalf("moved = %+v, %v", got, err)
		}
		if _, err := s.Catalog(ctx, actPolice(), c.Code); govops.ErrorCode(err) != govops.ENOTFOUND {
			t.Fatalf("GAJ still sees the draft: %v", err)
		}
	})
	t.Run("ErrCodeChange", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		in := popInput(t)
		in.Code = "101001/000002"
		_, err := s.UpdateCatalog(ctx, actCenter(), c.Code, in)
		mustErrFields(t, err, map[string]string{"code": "cannot change"})
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		in := popInput(t)
		in.Name, in.IfVersion = "新名称", 1
		_, err := s.UpdateCatalog(ctx, actCenter(), c.Code, in)
		mustErrCode(t, err, govops.ECONFLICT)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		in := popInput(t)
		in.Key = []string{"none"}
		_, err := s.UpdateCatalog(ctx, actCenter(), c.Code, in)
		mustErrFields(t, err, map[string]string{"key[0]": "is not one of"})
	})
	t.Run("ErrOtherDepartment", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		_, err := s.UpdateCatalog(ctx, actMarket(), c.Code, popInput(t))
		mustErrCode(t, err, govops.EFORBIDDEN)
		in := popInput(t)
		in.Department = "SCJGJ"
		_, err = s.UpdateCatalog(ctx, actPolice(), c.Code, in)
		mustErrCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		_, err := s.UpdateCatalog(ctx, actMarket(), c.Code, popInput(t))
		mustErrCode(t, err, govops.ENOTFOUND)
	})
}

func TestService_PublishCatalog(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _, clock := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		got, err := s.PublishCatalog(ctx, actPolice(), c.Code, 1)
		if err != nil {
			t.Fatal(err)
		}
		// 00:30 on 5 September in Shanghai is still 4 September in UTC.
		if got.Status != datashare.CatalogPublished || got.Version != 2 || !got.Published.Equal(time.Date(2022, 9, 5, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("published = %+v", got)
		}
		clock.Advance(48 * time.Hour)
		if _, err := s.WithdrawCatalog(ctx, actCenter(), c.Code, 2, "数据口径调整"); err != nil {
			t.Fatal(err)
		}
		again, err := s.PublishCatalog(ctx, actCenter(), c.ID.String(), 0)
		if err != nil || again.Version != 4 || !again.Published.Equal(got.Published) {
			t.Fatalf("published again = %+v, %v", again, err)
		}
		evs, err := s.CatalogTrail(ctx, actViewer(), c.Code)
		if err != nil {
			t.Fatal(err)
		}
		var trail []string
		for i, e := range evs {
			if e.Seq != int64(i+1) {
				t.Fatalf("event %d has seq %d", i, e.Seq)
			}
			trail = append(trail, string(e.Type)+":"+string(e.From)+">"+string(e.To)+":"+e.Note)
		}
		want := []string{"catalog_created:>draft:", "catalog_published:draft>published:",
			"catalog_withdrawn:published>withdrawn:数据口径调整", "catalog_published:withdrawn>published:"}
		if !slices.Equal(trail, want) {
			t.Fatalf("trail = %v, want %v", trail, want)
		}
	})
	t.Run("ErrAlreadyPublished", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		_, err := s.PublishCatalog(ctx, actCenter(), c.Code, 0)
		mustErrCode(t, err, govops.ECONFLICT)
		if !strings.Contains(err.Error(), "it is published (已发布), and publish needs draft or withdrawn") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		_, err := s.PublishCatalog(ctx, actCenter(), c.Code, 2)
		mustErrCode(t, err, govops.ECONFLICT)
	})
	t.Run("ErrOtherDepartment", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		_, err := s.PublishCatalog(ctx, actMarket(), c.Code, 0)
		mustErrCode(t, err, govops.ENOTFOUND)
		_, err = s.PublishCatalog(ctx, actPoliceViewer(), c.Code, 0)
		mustErrCode(t, err, govops.EFORBIDDEN)
	})
}

func TestService_WithdrawCatalog(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrNoReason", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		_, err := s.WithdrawCatalog(ctx, actCenter(), c.Code, 0, "  ")
		mustErrFields(t, err, map[string]string{"reason": "is required to withdraw"})
	})
	t.Run("ErrDraft", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		_, err := s.WithdrawCatalog(ctx, actCenter(), c.Code, 0, "不再提供")
		mustErrCode(t, err, govops.ECONFLICT)
		if govops.ErrorFields(err)["status"] != "draft" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrOtherDepartment", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		_, err := s.WithdrawCatalog(ctx, actMarket(), c.Code, 0, "不再提供")
		mustErrCode(t, err, govops.EFORBIDDEN)
	})
}

func TestService_Catalog(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newMountService(t)
	draft := mustCatalog(t, s, popInput(t))
	pub := mustPublished(t, s, bizInput(t))
	for _, tc := range []struct {
		name string
		by   govops.Actor
		ref  string
		code string // "" for ENOTFOUND
	}{
		{"OKOwnDraft", actPolice(), draft.Code, draft.Code},
		{"OKCenterDraft", actCenter(), draft.ID.String(), draft.Code},
		{"OKViewerDraft", actViewer(), draft.Code, draft.Code},
		{"OKOtherPublished", actPolice(), pub.Code, pub.Code},
		{"ErrOtherDraft", actMarket(), draft.Code, ""},
		{"ErrOtherDraftByID", actMarket(), draft.ID.String(), ""},
		{"ErrUnknown", actCenter(), "101001/999999", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := s.Catalog(ctx, tc.by, tc.ref)
			if tc.code == "" {
				mustErrCode(t, err, govops.ENOTFOUND)
				return
			}
			if err != nil || c.Code != tc.code {
				t.Fatalf("Catalog = %+v, %v", c, err)
			}
		})
	}
	t.Run("ErrBadRef", func(t *testing.T) {
		_, err := s.Catalog(ctx, actCenter(), "人口")
		mustErrCode(t, err, govops.EINVALID)
	})
	t.Run("ErrBadActor", func(t *testing.T) {
		_, err := s.Catalog(ctx, govops.Actor{}, pub.Code)
		mustErrCode(t, err, govops.EINVALID)
	})
}

func TestService_Catalogs(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newMountService(t)
	// GAJ: drafts 101001/00000{1,3}, published 101001/00000{2,4};
	// SCJGJ: draft 201001/000001, published 201001/000002.
	for i, seq := range []string{"1", "2", "3", "4"} {
		in := popInput(t)
		in.Code = "101001/00000" + seq
		if i%2 == 0 {
			mustCatalog(t, s, in)
		} else {
			mustPublished(t, s, in)
		}
	}
	for i, seq := range []string{"1", "2"} {
		in := bizInput(t)
		in.Code, in.Class, in.Related = "201001/00000"+seq, "", nil
		if i == 0 {
			mustCatalog(t, s, in)
		} else {
			mustPublished(t, s, in)
		}
	}
	list := func(t *testing.T, by govops.Actor, q datashare.CatalogQuery) []string {
		t.Helper()
		var codes []string
		for {
			page, err := s.Catalogs(ctx, by, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) > max(q.Limit, 1) && q.Limit > 0 {
				t.Fatalf("page of %d items, limit %d", len(page.Items), q.Limit)
			}
			for _, c := range page.Items {
				codes = append(codes, c.Code)
			}
			if page.Next == "" {
				return codes
			}
			q.After = page.Next
		}
	}
	for _, tc := range []struct {
		name string
		by   govops.Actor
		q    datashare.CatalogQuery
		want string
	}{
		{"OKCenterEverything", actCenter(), datashare.CatalogQuery{Limit: 2},
			"101001/000001 101001/000002 101001/000003 101001/000004 201001/000001 201001/000002"},
		{"OKDepartmentOwnAndPublished", actPolice(), datashare.CatalogQuery{Limit: 1},
			"101001/000001 101001/000002 101001/000003 101001/000004 201001/000002"},
		{"OKOtherDepartment", actMarket(), datashare.CatalogQuery{Limit: 2},
			"101001/000002 101001/000004 201001/000001 201001/000002"},
		{"OKDraftsOfOwn", actMarket(), datashare.CatalogQuery{CatalogFilter: datashare.CatalogFilter{Status: datashare.CatalogDraft}},
			"201001/000001"},
		{"OKOtherDepartmentsPublished", actMarket(), datashare.CatalogQuery{CatalogFilter: datashare.CatalogFilter{Department: "GAJ"}},
			"101001/000002 101001/000004"},
		{"OKOtherDepartmentsDrafts", actMarket(), datashare.CatalogQuery{CatalogFilter: datashare.CatalogFilter{Department: "GAJ", Status: datashare.CatalogDraft}},
			""},
		{"OKFilter", actViewer(), datashare.CatalogQuery{CatalogFilter: datashare.CatalogFilter{ShareType: datashare.ShareUnconditional}},
			"201001/000001 201001/000002"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(list(t, tc.by, tc.q), " "); got != tc.want {
				t.Fatalf("codes = %s, want %s", got, tc.want)
			}
		})
	}
	t.Run("ErrFilter", func(t *testing.T) {
		_, err := s.Catalogs(ctx, actCenter(), datashare.CatalogQuery{CatalogFilter: datashare.CatalogFilter{Class: "x", Status: "gone"}, Limit: 501, After: "zz"})
		mustErrFields(t, err, map[string]string{"class": "unknown class", "status": "unknown status", "limit": ""})
		_, err = s.Catalogs(ctx, actCenter(), datashare.CatalogQuery{After: "zz"})
		mustErrFields(t, err, map[string]string{"cursor": "not a cursor"})
	})
}
