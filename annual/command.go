package annual

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

// Keys of the section's figures beyond the summary's own: the on-time
// rates of the cases dispatched in the year.
const (
	KeyCasesAcceptOnTime  = "cases.accept_on_time"  // 及时签收率：%
	KeyCasesResolveOnTime = "cases.resolve_on_time" // 按时办结率：%
)

// commandKinds are the summary's five kinds with their figure keys and
// labels, in its order.
var commandKinds = []struct {
	kind  govcase.Kind
	key   string
	label string
	unit  string
}{
	{govcase.KindHotline, KeyCasesHotline, "政府热线", "条"},
	{govcase.KindITOps, KeyCasesITOps, "信息化运维案件", "条"},
	{govcase.KindPlatformOps, KeyCasesPlatformOps, "综合指挥平台运维案件", "条"},
	{govcase.KindPortal, KeyCasesPortal, "门户网站案件", "条"},
	{govcase.KindSupervision, KeyCasesSupervision, "督查绩效案件", "条"},
}

// buildCommand computes the section from what svc stores, as by sees it:
// the cases registered on the command platform in the year, in all and by
// kind, and how promptly the departments accepted and answered them, from
// one govcase Stats over the year. A department's actor counts the cases
// dispatched to it.
func buildCommand(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error) {
	var s Section
	st, err := svc.Cases.Stats(ctx, by, govcase.StatsFilter{Year: year})
	if govops.ErrorCode(err) == govops.EFORBIDDEN {
		s.Notes = append(s.Notes, "无权读取综合指挥平台案件统计，本节未计数。")
		return s, nil
	}
	if err != nil {
		return s, err
	}
	scope, whose := "", "综合指挥平台"
	if home := svc.Hotline.HomeDistrict(); home != "" {
		whose = home + "综合指挥平台"
	}
	if by.Department != "" {
		scope = "（仅" + by.Department + "本单位）"
		whose = "综合指挥平台派至本单位"
	}
	q := url.Values{"year": {fmt.Sprint(year)}}
	if by.Department != "" {
		q.Set("department", by.Department)
	}
	byKind := map[govcase.Kind]int64{}
	for _, gr := range st.Groups {
		byKind[gr.Kind] += gr.Count
	}
	rule := func(what string) string {
		return fmt.Sprintf("%d年在综合指挥平台登记的%s%s：按案件编号的年份（登记时的北京时间）计入，不论当前状态，已作废的重复件也计入登记数", year, what, scope)
	}
	s.Figures = append(s.Figures, Count(KeyCasesTotal, "流转案件", "条", st.Total, rule("全部案件"),
		"/api/v1/stats/cases?"+q.Encode()))
	var parts []string
	known := map[govcase.Kind]bool{}
	for _, k := range commandKinds {
		known[k.kind] = true
		kq := url.Values{"kind": {string(k.kind)}, "year": {fmt.Sprint(year)}}
		if by.Department != "" {
			kq.Set("department", by.Department)
		}
		s.Figures = append(s.Figures, Count(k.key, k.label, k.unit, byKind[k.kind], rule(k.label+"（"+string(k.kind)+"）"),
			"/api/v1/cases?"+kq.Encode()))
		parts = append(parts, fmt.Sprintf("%s%d%s", k.label, byKind[k.kind], k.unit))
	}
	for _, spec := range svc.Cases.Kinds() {
		if !known[spec.Code] && byKind[spec.Code] > 0 {
			parts = append(parts, fmt.Sprintf("%s案件%d条", spec.Label, byKind[spec.Code]))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d年，通过%s流转案件%d条，其中%s。", year, whose, st.Total, strings.Join(parts, "、"))
	if st.Dispatched > 0 {
		acc := Rate(KeyCasesAcceptOnTime, "及时签收率", st.AcceptedOnTime, st.Dispatched,
			fmt.Sprintf("%d年登记并已派单的案件%s中，在签收时限（派单后2个工作小时，特急30个工作分钟，按工作日历计）内签收的占比；分母为已派单案件，未签收的计为未及时；百分比四舍五入保留两位小数", year, scope),
			"/api/v1/stats/cases?"+q.Encode())
		res := Rate(KeyCasesResolveOnTime, "按时办结率", st.RepliedOnTime, st.Dispatched,
			fmt.Sprintf("%d年登记并已派单的案件%s中，在办结时限（按类别3至13个工作日，获批延期的以延期后时限为准）内办理反馈的占比；分母为已派单案件，未反馈的计为未按时；重办的以最后一次派单为准；百分比四舍五入保留两位小数", year, scope),
			"/api/v1/stats/cases?"+q.Encode())
		s.Figures = append(s.Figures, acc, res)
		fmt.Fprintf(&b, "已派单%d条，及时签收率%s%%，按时办结率%s%%", st.Dispatched, acc.Value.StringFixed(2), res.Value.StringFixed(2))
		if st.Replied > 0 {
			mean := st.HandlingSeconds / st.Replied
			fmt.Fprintf(&b, "，平均办理时长%s", commandDuration(mean))
		}
		b.WriteString("。")
	}
	if st.Total > 0 {
		b.WriteString("目前，在综合指挥平台流转的各类案件运作都较为稳定，流程规范，任务下发精准，督促及时。")
	} else {
		s.Notes = append(s.Notes, fmt.Sprintf("%d年综合指挥平台没有登记案件%s。", year, scope))
	}
	s.Text = b.String()
	return s, nil
}

// commandDuration writes a mean handling time in days and hours.
func commandDuration(secs int64) string {
	h := secs / 3600
	if h < 24 {
		return fmt.Sprintf("%d小时", max(h, 1))
	}
	if h%24 == 0 {
		return fmt.Sprintf("%d天", h/24)
	}
	return fmt.Sprintf("%d天%d小时", h/24, h%24)
}
