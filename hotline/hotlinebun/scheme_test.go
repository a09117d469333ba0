package hotlinebun_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/dbtest"
)

// storedScheme is a scheme with every rule set, and storedSchemeBody its
// body exactly as hotline_schemes has held it since the table was created.
// A change of the hotline types' JSON must change neither.
func storedScheme() hotline.Scheme {
	d := decimal.RequireFromString
	return hotline.Scheme{
		ID:            uuid.MustParse("01890000-0000-7000-8000-000000000001"),
		Name:          "柳北区考核办法",
		EffectiveFrom: hotline.NewMonth(2022, 1),
		Base:          d("100"),
		Indicators: []hotline.IndicatorRule{{
			Indicator: hotline.IndicatorSatisfaction, Weight: d("40"),
			Bands: []hotline.Band{
				{From: d("0"), To: d("80"), AtFrom: d("0"), AtTo: d("0")},
				{From: d("80"), To: d("100"), AtFrom: d("60"), AtTo: d("100")},
			},
		}},
		Satisfaction: hotline.SatisfactionRule{
			Levels:           []hotline.Result{hotline.ResultVerySatisfied, hotline.ResultSatisfied},
			CountUnreachable: true,
		},
		NotApplicable:  hotline.NotApplicableZero,
		DeductionRules: []hotline.DeductionRule{{Code: "overdue", Label: "超期办理", Points: d("0.25")}},
		CreatedAt:      time.Date(2022, 1, 3, 1, 2, 3, 0, time.UTC),
		CreatedBy:      "中心-王",
	}
}

const storedSchemeBody = `{"base":"100",` +
	`"indicators":[{"indicator":"satisfaction","weight":"40","bands":[` +
	`{"from":"0","to":"80","at_from":"0","at_to":"0"},{"from":"80","to":"100","at_from":"60","at_to":"100"}]}],` +
	`"satisfaction":{"levels":["very_satisfied","satisfied"],"count_unreachable":true},` +
	`"not_applicable":"zero",` +
	`"deduction_rules":[{"code":"overdue","label":"超期办理","points":"0.25"}]}`

// sameScheme fails tb unless got and want hold the same values.
func sameScheme(tb testing.TB, got, want hotline.Scheme) {
	tb.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		tb.Fatalf("scheme reads\n%s\nwant\n%s", g, w)
	}
	if (got.Indicators == nil) != (want.Indicators == nil) || (got.DeductionRules == nil) != (want.DeductionRules == nil) ||
		(got.Satisfaction.Levels == nil) != (want.Satisfaction.Levels == nil) {
		tb.Fatalf("scheme reads nil and empty lists apart from how they were stored: %+v, want %+v", got, want)
	}
}

func TestStore_SchemeBody(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, db := MustOpenStore(t, d)
			ctx := t.Context()

			t.Run("ReadsStoredRows", func(t *testing.T) {
				want := storedScheme()
				row := map[string]any{"id": want.ID.String(), "effective_from": "2022-01", "name": want.Name,
					"body": storedSchemeBody, "created_at": want.CreatedAt, "created_by": want.CreatedBy}
				if _, err := db.NewInsert().Model(&row).TableExpr("hotline_schemes").Exec(ctx); err != nil {
					t.Fatal(err)
				}
				got, err := st.SchemeFor(ctx, hotline.NewMonth(2022, 6))
				if err != nil {
					t.Fatal(err)
				}
				sameScheme(t, *got, want)
			})
			t.Run("WritesTheStoredFormat", func(t *testing.T) {
				sc := storedScheme()
				sc.ID = uuid.MustParse("01890000-0000-7000-8000-000000000002")
				sc.EffectiveFrom = hotline.NewMonth(2023, 1)
				if err := st.CreateScheme(ctx, &sc); err != nil {
					t.Fatal(err)
				}
				var body string
				if err := db.NewSelect().TableExpr("hotline_schemes").Column("body").
					Where("id = ?", sc.ID.String()).Scan(ctx, &body); err != nil {
					t.Fatal(err)
				}
				if body != storedSchemeBody {
					t.Fatalf("stored body\n%s\nwant\n%s", body, storedSchemeBody)
				}
			})
			t.Run("NilAndEmptyLists", func(t *testing.T) {
				for i, sc := range []hotline.Scheme{
					{Base: decimal.Zero},
					{Base: decimal.Zero, Indicators: []hotline.IndicatorRule{}, DeductionRules: []hotline.DeductionRule{},
						Satisfaction: hotline.SatisfactionRule{Levels: []hotline.Result{}}},
				} {
					sc.ID = uuid.Must(uuid.NewV7())
					sc.EffectiveFrom = hotline.NewMonth(2030+i, 1)
					sc.CreatedAt = time.Date(2029, 12, 1, 0, 0, 0, 0, time.UTC)
					if err := st.CreateScheme(ctx, &sc); err != nil {
						t.Fatal(err)
					}
					got, err := st.SchemeFor(ctx, sc.EffectiveFrom)
					if err != nil {
						t.Fatal(err)
					}
					sameScheme(t, *got, sc)
				}
			})
		})
	}
}
