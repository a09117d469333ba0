package license_test

import (
	"context"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
)

func TestService_AddType(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _ := MustOpenService(t)
		got := mustAddType(t, s, bizLicense(t))
		if got.Version != 1 || got.AuthorityCode != authority(t) || got.Code != typeCode(t, 1) {
			t.Fatalf("type = %+v", got)
		}
		read, err := s.GetType(ctx, viewer(), got.Code)
		if err != nil || read.Name != "食品经营许可证" || !read.SingleValid || read.Validity.MaxMonths != 60 {
			t.Fatalf("GetType = %+v, %v", read, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		s, _ := MustOpenService(t)
		in := bizLicense(t)
		in.Code = breakCheck(authority(t)) + "001"
		in.Name = ""
		in.Level = "galactic"
		in.HolderCategory = "robots"
		in.Validity = license.Validity{MinMonths: 24, MaxMonths: 12}
		_, err := s.AddType(ctx, center(), in)
		mustFields(t, err, map[string]string{"code": "check character", "name": "required", "level": "unknown level",
			"holder_category": "unknown holder category", "validity": "max_months"})
	})
	t.Run("ErrCodeShape", func(t *testing.T) {
		s, _ := MustOpenService(t)
		for code, want := range map[string]string{
			authority(t) + "01":  "21 in all",
			authority(t) + "0A1": "3-digit sequence",
			"":                   "required",
		} {
			in := bizLicense(t)
			in.Code = code
			_, err := s.AddType(ctx, center(), in)
			mustFields(t, err, map[string]string{"code": want})
		}
		in := bizLicense(t)
		in.AuthorityCode = issuer(t)
		_, err := s.AddType(ctx, center(), in)
		mustFields(t, err, map[string]string{"authority_code": "is not the authority"})
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _ := MustOpenService(t)
		for _, by := range []govops.Actor{market(), viewer()} {
			_, err := s.AddType(ctx, by, bizLicense(t))
			mustCode(t, err, govops.EFORBIDDEN)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustAddType(t, s, bizLicense(t))
		_, err := s.AddType(ctx, center(), bizLicense(t))
		mustCode(t, err, govops.ECONFLICT)
	})
}

func TestService_UpdateType(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	tp := mustAddType(t, s, bizLicense(t))
	name := "食品经营许可证（新版）"
	single := false
	got, err := s.UpdateType(ctx, center(), tp.Code, license.TypeUpdate{Name: &name, SingleValid: &single, IfVersion: 1})
	if err != nil || got.Version != 2 || got.Name != name || got.SingleValid {
		t.Fatalf("UpdateType = %+v, %v", got, err)
	}
	_, err = s.UpdateType(ctx, center(), tp.Code, license.TypeUpdate{Name: &name, IfVersion: 1})
	mustCode(t, err, govops.ECONFLICT)
	empty := ""
	_, err = s.UpdateType(ctx, center(), tp.Code, license.TypeUpdate{Name: &empty})
	mustFields(t, err, map[string]string{"name": "required"})
	_, err = s.UpdateType(ctx, market(), tp.Code, license.TypeUpdate{Name: &name})
	mustCode(t, err, govops.EFORBIDDEN)
	_, err = s.UpdateType(ctx, center(), typeCode(t, 9), license.TypeUpdate{Name: &name})
	mustCode(t, err, govops.ENOTFOUND)
}

func TestService_ListTypes(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	mustAddType(t, s, bizLicense(t))
	mustAddType(t, s, personLicense(t))
	page, err := s.ListTypes(ctx, market(), license.TypeList{Limit: 1})
	if err != nil || len(page.Items) != 1 || page.Next == "" || page.Items[0].Code != typeCode(t, 1) {
		t.Fatalf("page 1 = %+v, %v", page, err)
	}
	page, err = s.ListTypes(ctx, market(), license.TypeList{Cursor: page.Next, Limit: 1})
	if err != nil || len(page.Items) != 1 || page.Next != "" || page.Items[0].Code != typeCode(t, 2) {
		t.Fatalf("page 2 = %+v, %v", page, err)
	}
	page, err = s.ListTypes(ctx, market(), license.TypeList{TypeFilter: license.TypeFilter{Level: license.LevelCounty}})
	if err != nil || len(page.Items) != 1 || page.Items[0].Code != typeCode(t, 2) {
		t.Fatalf("level filter = %+v, %v", page, err)
	}
	_, err = s.ListTypes(ctx, market(), license.TypeList{TypeFilter: license.TypeFilter{Level: "x"}, Limit: 501})
	mustFields(t, err, map[string]string{"level": "unknown level", "limit": "between 1 and 500"})
}

func TestService_ImportTypes(t *testing.T) {
	ctx := context.Background()
	a := authority(t)
	file := strings.Join([]string{
		"证照类型代码,证照名称,定义机构,定义机构级别,持证主体类别,有效期,关联事项,唯一有效",
		a + "001,食品经营许可证,柳州市市场监督管理局,地市,法人,1-5年,食品经营许可；食品经营变更,是",
		a + "002,独生子女父母光荣证,柳州市卫生健康委员会,区县,自然人,长期,,否",
		a + "001,重复,柳州市市场监督管理局,地市,法人,,,",
		breakCheck(a) + "003,早期代码,柳州市市场监督管理局,省,法人,60,,",
		a + "004,,柳州市市场监督管理局,星际,机器人,永远,,也许",
	}, "\n") + "\n"
	t.Run("AllOrNothing", func(t *testing.T) {
		s, _ := MustOpenService(t)
		rep, err := s.ImportTypes(ctx, center(), strings.NewReader(file), license.ImportOptions{})
		mustCode(t, err, govops.EINVALID)
		if rep.Rows != 5 || rep.Imported != 0 || rep.BadRows() != 3 {
			t.Fatalf("report = %+v", rep)
		}
		want := map[int][]string{4: {"code"}, 5: {"code"}, 6: {"name", "level", "holder_category", "validity", "single_valid"}}
		got := map[int][]string{}
		for _, e := range rep.Errors {
			got[e.Row] = append(got[e.Row], e.Field)
		}
		for row, fields := range want {
			if strings.Join(got[row], ",") != strings.Join(fields, ",") {
				t.Errorf("row %d: fields %v, want %v (%+v)", row, got[row], fields, rep.Errors)
			}
		}
		page, _ := s.ListTypes(ctx, center(), license.TypeList{})
		if len(page.Items) != 0 {
			t.Fatalf("stored %d types after a failed all-or-nothing import", len(page.Items))
		}
	})
	t.Run("KeepGoodWarn", func(t *testing.T) {
		s, _ := MustOpenService(t)
		rep, err := s.ImportTypes(ctx, center(), strings.NewReader(file), license.ImportOptions{Mode: csvimport.KeepGood, IDMode: idcode.Warn})
		if err != nil || rep.Imported != 3 || rep.BadRows() != 2 || len(rep.Warnings) != 1 || rep.Warnings[0].Row != 5 {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		tp, err := s.GetType(ctx, center(), a+"001")
		if err != nil || tp.Validity != (license.Validity{MinMonths: 12, MaxMonths: 60}) || len(tp.Services) != 2 || !tp.SingleValid || tp.Level != license.LevelCity {
			t.Fatalf("imported type = %+v, %v", tp, err)
		}
		// Importing again finds every code taken.
		rep, err = s.ImportTypes(ctx, center(), strings.NewReader(file), license.ImportOptions{Mode: csvimport.KeepGood, IDMode: idcode.Warn})
		if err != nil || rep.Imported != 0 || rep.BadRows() != 5 {
			t.Fatalf("second import = %+v, %v", rep, err)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _ := MustOpenService(t)
		_, err := s.ImportTypes(ctx, market(), strings.NewReader(file), license.ImportOptions{})
		mustCode(t, err, govops.EFORBIDDEN)
	})
}

func TestParseValidity(t *testing.T) {
	for in, want := range map[string]license.Validity{
		"": {}, "长期": {}, "长期有效": {}, "60": {MaxMonths: 60}, "12-60": {MinMonths: 12, MaxMonths: 60},
		"5年": {MaxMonths: 60}, "1-5年": {MinMonths: 12, MaxMonths: 60}, "6个月": {MaxMonths: 6},
	} {
		got, ok := license.ParseValidity(in)
		if !ok || got != want {
			t.Errorf("ParseValidity(%q) = %+v, %v; want %+v", in, got, ok, want)
		}
	}
	for _, in := range []string{"永远", "0", "-5", "5-1", "200年", "a-b"} {
		if _, ok := license.ParseValidity(in); ok {
			t.Errorf("ParseValidity(%q) ok, want not", in)
		}
	}
}
