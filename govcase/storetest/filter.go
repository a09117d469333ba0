package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// refMatch is the brute-force reference of govcase.Filter, cursor included.
func refMatch(c *govcase.Case, f govcase.Filter) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, c.Kind) {
		return false
	}
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, c.Status) {
		return false
	}
	if (f.Department != "" && c.Department != f.Department) ||
		(f.Category != "" && c.Category != f.Category) ||
		(f.Priority != "" && c.Priority != f.Priority) ||
		(f.Source != "" && c.Source != f.Source) ||
		(f.ExternalNo != "" && c.ExternalNo != f.ExternalNo) ||
		(f.Year != 0 && c.Year != f.Year) {
		return false
	}
	if f.Text != "" && !strings.Contains(c.Number, f.Text) {
		if f.MaskedText && !strings.Contains(c.SearchText(), f.Text) {
			return false
		}
		if !f.MaskedText && !strings.Contains(c.Title, f.Text) && !strings.Contains(c.Description, f.Text) &&
			!strings.Contains(c.ExternalNo, f.Text) {
			return false
		}
	}
	if !f.CreatedFrom.IsZero() && c.CreatedAt.Before(f.CreatedFrom) {
		return false
	}
	if !f.CreatedTo.IsZero() && !c.CreatedAt.Before(f.CreatedTo) {
		return false
	}
	if !f.ResolveByBefore.IsZero() && (c.ResolveBy.IsZero() || !c.ResolveBy.Before(f.ResolveByBefore)) {
		return false
	}
	if !f.ResolveByAfter.IsZero() && (c.ResolveBy.IsZero() || c.ResolveBy.Before(f.ResolveByAfter)) {
		return false
	}
	if f.ProvisionalDeadlines && !c.AcceptByProvisional && !c.ResolveByProvisional {
		return false
	}
	if f.After != uuid.Nil && storetestkit.CompareID(c.ID, f.After) >= 0 {
		return false
	}
	return true
}

// refList is the brute-force reference of ListCases.
func refList(all []*govcase.Case, f govcase.Filter) []*govcase.Case {
	var out []*govcase.Case
	for _, c := range all {
		if refMatch(c, f) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *govcase.Case) int { return storetestkit.CompareID(b.ID, a.ID) })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}

// Pivot times of the filter fixture; fixture cases sit exactly on each, so
// that the inclusive and exclusive bounds are both tested.
func createdFromPivot() time.Time { return time.Date(2022, 4, 1, 0, 0, 0, 123456000, time.UTC) }
func createdToPivot() time.Time   { return time.Date(2022, 9, 30, 12, 0, 0, 654321000, time.UTC) }
func resolveByPivot() time.Time   { return time.Date(2022, 6, 15, 8, 30, 0, 1000, time.UTC) }
func filterFixtureSize() int      { return 150 }
func filterTitles() []string {
	return []string{
		"小区夜间施工噪音扰民", "路灯不亮请求维修", "政务外网无法访问", "门户网站栏目长期未更新",
		"办事大厅排队时间过长", "供水管道破裂50米需维修", "事项",
	}
}
func filterDescriptions() []string {
	return []string{"市民来电反映情况属实", "现场发现井盖缺失", "", "路边占用50个车位", "请尽快处理"}
}

// filterFixture returns cases with varied fields and a few planted ones that
// catch SQL pitfalls: LIKE wildcards and escapes in the search text, case
// folding, and time bounds hit exactly.
func filterFixture(tb testing.TB) []*govcase.Case {
	g := newGenerator(tb, 12345)
	all := make([]*govcase.Case, filterFixtureSize())
	for i := range all {
		year := 2021 + i%3
		if i < 3 {
			year = 2022
		}
		c := g.next(year)
		c.Title = filterTitles()[i%len(filterTitles())]
		c.Description = filterDescriptions()[i%len(filterDescriptions())]
		all[i] = c
	}
	all[0].CreatedAt = createdFromPivot()
	all[1].CreatedAt = createdToPivot()
	all[2].ResolveBy = resolveByPivot()
	all[2].Status, all[2].Department = govcase.StatusAccepted, "dept01"
	all[10].Title = "商场降价50%促销噪音"
	all[11].Title = "Wifi 信号弱"
	all[12].Title = "WIFI 无法连接"
	all[13].Title = "wifi 掉线"
	all[14].ExternalNo = "WX_2022001"
	all[15].ExternalNo = "WXA2022001"
	all[16].Description = `材料保存在 C:\政务\材料 目录`
	all[17].Description = `材料保存在 C:政务材料 目录`
	// Personal data in free text, which a masked search must not see.
	all[18].Title = "李四反映 13700001111 楼道灯坏"
	all[18].Reporter = govcase.Contact{Name: "李四", Phone: "13700001111"}
	all[19].Description = "身份证 110101199003071234 补办"
	all[19].ExternalNo = "GD13900002222"
	// Provisional deadlines, each flag alone and both, in every status.
	for i := 40; i < len(all); i += 4 {
		switch i % 3 {
		case 0:
			all[i].AcceptByProvisional = true
		case 1:
			all[i].ResolveByProvisional = true
		default:
			all[i].AcceptByProvisional, all[i].ResolveByProvisional = true, true
		}
	}
	return all
}

type filterRow struct {
	name string
	f    govcase.Filter
	all  bool // the filter may match every case
	none bool // the filter may match no case
	n    int  // when > 0, the exact number of cases it must match
}

func filterRows(all []*govcase.Case) []filterRow {
	ids := make([]uuid.UUID, len(all))
	for i, c := range all {
		ids[i] = c.ID
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return storetestkit.CompareID(a, b) })
	mid := ids[len(ids)/2]
	between := mid // a cursor that is no stored ID: just below mid
	for i := 9; i < 16; i++ {
		between[i] = 0
	}
	hot, it := govcase.KindHotline, govcase.KindITOps
	return []filterRow{
		{name: "zero filter", f: govcase.Filter{}, all: true},
		{name: "empty slices", f: govcase.Filter{Kinds: []govcase.Kind{}, Statuses: []govcase.Status{}}, all: true},
		{name: "kind", f: govcase.Filter{Kinds: []govcase.Kind{hot}}},
		{name: "kinds multi", f: govcase.Filter{Kinds: []govcase.Kind{it, govcase.KindPortal}}},
		{name: "kind unknown", f: govcase.Filter{Kinds: []govcase.Kind{"nosuchkind"}}, none: true},
		{name: "status", f: govcase.Filter{Statuses: []govcase.Status{govcase.StatusRegistered}}},
		{name: "statuses open", f: govcase.Filter{Statuses: govcase.OpenStatuses()}},
		{name: "statuses multi", f: govcase.Filter{Statuses: []govcase.Status{govcase.StatusClosed, govcase.StatusCancelled, govcase.StatusReturned}}},
		{name: "department", f: govcase.Filter{Department: "dept02"}},
		{name: "category", f: govcase.Filter{Category: govcase.CategoryComplaint}},
		{name: "priority", f: govcase.Filter{Priority: govcase.PriorityCritical}},
		{name: "source", f: govcase.Filter{Source: govcase.SourceWeChat}},
		{name: "external no exact", f: govcase.Filter{ExternalNo: "WX_2022001"}, n: 1},
		{name: "external no is not a substring match", f: govcase.Filter{ExternalNo: "WX"}, none: true},
		{name: "year", f: govcase.Filter{Year: 2022}},
		{name: "text in title chinese", f: govcase.Filter{Text: "噪音"}},
		{name: "text in title and description", f: govcase.Filter{Text: "维修"}},
		{name: "text in description only", f: govcase.Filter{Text: "井盖"}},
		{name: "text in number", f: govcase.Filter{Text: "2022-00001"}},
		{name: "text whole number", f: govcase.Filter{Text: all[20].Number}, n: 1},
		{name: "text in external no", f: govcase.Filter{Text: "GD2023"}},
		{name: "text percent is literal", f: govcase.Filter{Text: "50%"}, n: 1},
		{name: "text underscore is literal", f: govcase.Filter{Text: "WX_"}, n: 1},
		{name: "text backslash is literal", f: govcase.Filter{Text: `C:\政务`}, n: 1},
		{name: "text is case-sensitive", f: govcase.Filter{Text: "Wifi"}, n: 1},
		{name: "text no match", f: govcase.Filter{Text: "不存在的内容"}, none: true},
		{name: "text raw phone", f: govcase.Filter{Text: "1370000111"}, n: 1},
		{name: "masked text hides the phone", f: govcase.Filter{Text: "1370000111", MaskedText: true}, none: true},
		{name: "masked text hides a digit of the phone", f: govcase.Filter{Text: "00001", MaskedText: true}, none: true},
		{name: "masked text hides the ID number", f: govcase.Filter{Text: "19900307", MaskedText: true}, none: true},
		{name: "masked text hides the reporter's name", f: govcase.Filter{Text: "李四", MaskedText: true}, none: true},
		{name: "masked text matches what is shown", f: govcase.Filter{Text: "李*反映 137****1111", MaskedText: true}, n: 1},
		{name: "masked text matches the masked ID", f: govcase.Filter{Text: "110***********1234", MaskedText: true}, n: 1},
		{name: "masked text matches plain words", f: govcase.Filter{Text: "噪音", MaskedText: true}},
		{name: "masked text matches the number", f: govcase.Filter{Text: all[20].Number, MaskedText: true}, n: 1},
		{name: "masked text matches the external no", f: govcase.Filter{Text: "GD2023", MaskedText: true}},
		{name: "masked text hides a long external no", f: govcase.Filter{Text: "GD1390000", MaskedText: true}, none: true},
		{name: "masked text matches the masked external no", f: govcase.Filter{Text: "GD139****2222", MaskedText: true}, n: 1},
		{name: "created from inclusive", f: govcase.Filter{CreatedFrom: createdFromPivot()}},
		{name: "created to exclusive", f: govcase.Filter{CreatedTo: createdToPivot()}},
		{name: "created range", f: govcase.Filter{CreatedFrom: createdFromPivot(), CreatedTo: createdToPivot()}},
		{name: "resolve by before", f: govcase.Filter{ResolveByBefore: resolveByPivot()}},
		{name: "resolve by after inclusive", f: govcase.Filter{ResolveByAfter: resolveByPivot()}},
		{name: "resolve by window", f: govcase.Filter{ResolveByAfter: resolveByPivot(), ResolveByBefore: resolveByPivot().Add(60 * 24 * time.Hour)}},
		{name: "overdue", f: govcase.Filter{Statuses: govcase.OpenStatuses(), ResolveByBefore: resolveByPivot()}},
		{name: "provisional deadlines", f: govcase.Filter{ProvisionalDeadlines: true}},
		{name: "provisional deadlines open paged", f: govcase.Filter{Statuses: govcase.OpenStatuses(), ProvisionalDeadlines: true, Limit: 3}, n: 3},
		{name: "provisional deadlines open after cursor", f: govcase.Filter{Statuses: govcase.OpenStatuses(), ProvisionalDeadlines: true, After: mid}},
		{name: "limit", f: govcase.Filter{Limit: 10}, n: 10},
		{name: "limit above matches", f: govcase.Filter{Kinds: []govcase.Kind{hot}, Limit: 1000}},
		{name: "combined", f: govcase.Filter{
			Kinds:    []govcase.Kind{hot, it, govcase.KindPortal},
			Statuses: []govcase.Status{govcase.StatusDispatched, govcase.StatusAccepted, govcase.StatusReplied},
			Year:     2022, Limit: 5,
		}},
		{name: "after stored id", f: govcase.Filter{After: mid}},
		{name: "after other id with filter and limit", f: govcase.Filter{After: between, Kinds: []govcase.Kind{hot}, Limit: 5}},
		{name: "after lowest id", f: govcase.Filter{After: ids[0]}, none: true},
	}
}

// TestFilter checks every Filter field against a brute-force reference.
func (cases) TestFilter(t *testing.T, mk storeMaker) {
	ctx, st := t.Context(), mk(t)
	all := filterFixture(t)
	createAll(t, ctx, st, all)
	byID := map[uuid.UUID]*govcase.Case{}
	for _, c := range all {
		byID[c.ID] = c
	}
	for _, row := range filterRows(all) {
		t.Run(strings.ReplaceAll(row.name, " ", "_"), func(t *testing.T) {
			want := refList(all, row.f)
			// Guard the fixture itself: a row that matches nothing (or
			// everything) by accident tests nothing.
			switch {
			case len(want) == 0 && !row.none:
				t.Fatalf("fixture problem: the filter matches no case")
			case len(want) == len(all) && !row.all:
				t.Fatalf("fixture problem: the filter matches every case")
			case row.n > 0 && len(want) != row.n:
				t.Fatalf("fixture problem: the filter matches %d cases, the row expects %d", len(want), row.n)
			}
			got, err := st.ListCases(ctx, row.f)
			storetestkit.Must(t, err, "ListCases")
			requireSameCases(t, want, got, byID)
		})
	}
}

// requireSameCases checks that got lists exactly want's cases in want's
// order, each with every field stored.
func requireSameCases(tb testing.TB, want, got []*govcase.Case, byID map[uuid.UUID]*govcase.Case) {
	tb.Helper()
	if !slices.EqualFunc(want, got, func(a, b *govcase.Case) bool { return b != nil && a.ID == b.ID }) {
		tb.Fatalf("ListCases returned %d cases, want %d:\n got %s\nwant %s", len(got), len(want), numbers(got), numbers(want))
	}
	for _, c := range got {
		requireEqualCase(tb, byID[c.ID], c, "ListCases")
	}
}

func numbers(cs []*govcase.Case) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		if c == nil {
			parts[i] = "<nil>"
			continue
		}
		parts[i] = c.Number
	}
	return "[" + strings.Join(parts, " ") + "]"
}
