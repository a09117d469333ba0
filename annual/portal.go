package annual

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// buildPortal computes the section from what svc stores, as by sees it:
// the year's posts (PostCounts), the update urges opened and the crawl's
// findings fixed (TaskCounts), the active new-media accounts and their
// weekly inspections. A department's actor gets its own department's.
func buildPortal(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error) {
	var s Section
	dept := by.Department
	q := func(path string, kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != "" {
				v.Set(kv[i], kv[i+1])
			}
		}
		if dept != "" {
			v.Set("department", dept)
		}
		if len(v) == 0 {
			return "/api/v1/portal/" + path
		}
		return "/api/v1/portal/" + path + "?" + v.Encode()
	}
	y := fmt.Sprint(year)
	who := "全区"
	if dept != "" {
		who = "本单位"
	}
	skip := func(what string, err error) error {
		if govops.ErrorCode(err) == govops.EFORBIDDEN {
			s.Notes = append(s.Notes, fmt.Sprintf("%s：无权读取，未统计。", what))
			return nil
		}
		return err
	}
	var parts []string

	pc, err := svc.Portal.PostCounts(ctx, by, portal.PostCountInput{Year: year, Department: dept})
	if err != nil {
		if err := skip("信息发布", err); err != nil {
			return s, err
		}
	} else {
		s.Figures = append(s.Figures, Count(KeyPosts, "信息发布", "条", int64(pc.Total),
			fmt.Sprintf("%s各网站%d年（按发布时间，Asia/Shanghai）发布的信息条数，各来源合计（从钉钉上传%d条，其余为内容管理系统、订阅源和巡检抓取的记录）。",
				who, year, pc.BySource[portal.PostFromDingTalk]),
			q("post-counts", "year", y)))
		if ding := pc.BySource[portal.PostFromDingTalk]; ding == pc.Total {
			parts = append(parts, fmt.Sprintf("从钉钉上传的信息发布合计%d条", pc.Total))
		} else {
			parts = append(parts, fmt.Sprintf("信息发布合计%d条（其中从钉钉上传%d条）", pc.Total, ding))
		}
	}

	tc, err := svc.Portal.TaskCounts(ctx, by, portal.TaskCountInput{Year: year, Department: dept})
	if err != nil {
		if err := skip("整改任务", err); err != nil {
			return s, err
		}
	} else {
		kind := map[portal.FindingKind]portal.KindCount{}
		for _, k := range tc.Kinds {
			kind[k.Kind] = k
		}
		link := q("task-counts", "year", y)
		urged := kind[portal.KindUpdateUrge].Opened
		s.Figures = append(s.Figures, Count(KeyUrged, "督促更新", "条", int64(urged),
			fmt.Sprintf("%d年（Asia/Shanghai）对%s超期未更新栏目发起的督促更新任务数（按发起时间），每条经综合指挥平台派发至责任单位。", year, who),
			link))
		parts = append(parts, fmt.Sprintf("通过柳北区综合指挥平台督促更新%d条", urged))
		fixed := []struct {
			key, label, text string
			kind             portal.FindingKind
		}{
			{KeyFixedBroken, "整改断链", "整改断链", portal.KindBrokenLink},
			{KeyFixedTypo, "修改错别字", "修改错别字", portal.KindTypo},
			{KeyFixedSensitive, "修正错敏词", "修正错敏词", portal.KindSensitive},
			{KeyFixedWrongLink, "调整错误链接", "调整错误链接", portal.KindWrongLink},
		}
		for _, f := range fixed {
			n := kind[f.kind].Fixed
			s.Figures = append(s.Figures, Count(f.key, f.label, "条", int64(n),
				fmt.Sprintf("网站巡检发现的%s问题中，%d年（Asia/Shanghai）内整改完成的任务数：按整改时间统计，状态为已整改待复核或已复核；复核未通过重新整改的，再次整改时另计。", f.kind.Label(), year),
				link))
			parts = append(parts, fmt.Sprintf("%s%d条", f.text, n))
		}
	}

	var media string
	accounts, err := activeAccounts(ctx, svc.Portal, by)
	if err != nil {
		if err := skip("政务新媒体", err); err != nil {
			return s, err
		}
	} else {
		s.Figures = append(s.Figures, Count(KeyMediaAccounts, "纳入监管的政务新媒体", "个", int64(len(accounts)),
			fmt.Sprintf("%s当前状态为运营中的政务新媒体账号数（不含暂停更新和已关停的账号）。", who),
			q("accounts", "status", string(portal.AccountActive))))
		from, to, weeks := yearWeeks(year)
		n, err := inspectedWeeks(ctx, svc.Portal, by, accounts, from, to)
		if err != nil {
			if err := skip("政务新媒体检查", err); err != nil {
				return s, err
			}
		} else {
			den := int64(len(accounts) * weeks)
			s.Figures = append(s.Figures, Rate(KeyMediaWeekly, "每周检查覆盖率", int64(n), den,
				fmt.Sprintf("运营中账号在%d年的%d个检查周（周一在当年内的周，Asia/Shanghai）中已检查的账号周数，除以账号数×周数（%d×%d），百分比四舍五入保留两位小数。", year, weeks, len(accounts), weeks),
				q("inspections", "from", from.In(govops.ShanghaiLocation()).Format(time.DateOnly), "to", to.AddDate(0, 0, -1).In(govops.ShanghaiLocation()).Format(time.DateOnly))))
			media = fmt.Sprintf("政务新媒体方面，%s有%d个政务新媒体纳入区政务网络服务中心监管范围，每周对政务新媒体的更新状况、更新时间、信息发布审查机制及互动情况进行检查（全年检查%d个账号周，覆盖率%s%%），形成报告督促其整改。",
				map[bool]string{true: "本单位", false: "柳北区"}[dept != ""], len(accounts), n, s.Figures[len(s.Figures)-1].Value.String())
		}
	}

	text := "区政务网络服务中心通过综合指挥平台派发更新、咨询等门户网站任务至各部门，保障柳北区政府门户网站正常运行，栏目更新及时、无空白，公开内容符合绩效要求。"
	if len(parts) > 0 {
		text += fmt.Sprintf("%d年，", year) + strings.Join(parts, "、") + "；"
	}
	if media != "" {
		text += media
	} else if len(parts) > 0 {
		text = strings.TrimSuffix(text, "；") + "。"
	}
	s.Text = text
	return s, nil
}

// yearWeeks returns the weeks of year: from its first Monday (00:00 Asia/
// Shanghai) to the next year's, and how many.
func yearWeeks(year int) (from, to time.Time, n int) {
	first := func(y int) time.Time {
		d := time.Date(y, 1, 1, 0, 0, 0, 0, govops.ShanghaiLocation())
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	from, to = first(year), first(year+1)
	return from.UTC(), to.UTC(), int(to.Sub(from).Hours()/24) / 7
}

// activeAccounts returns the IDs of the active accounts by may read.
func activeAccounts(ctx context.Context, ps *portal.Service, by govops.Actor) (map[uuid.UUID]bool, error) {
	out := map[uuid.UUID]bool{}
	after := ""
	for {
		pg, err := ps.Accounts(ctx, by, portal.AccountListInput{Status: portal.AccountActive, After: after, Limit: govops.MaxPageSize})
		if err != nil {
			return nil, err
		}
		for _, a := range pg.Items {
			out[a.ID] = true
		}
		if pg.Next == "" {
			return out, nil
		}
		after = pg.Next
	}
}

// inspectedWeeks counts the (account, week) pairs of the active accounts
// inspected in the weeks [from, to).
func inspectedWeeks(ctx context.Context, ps *portal.Service, by govops.Actor, accounts map[uuid.UUID]bool, from, to time.Time) (int, error) {
	type aw struct {
		a uuid.UUID
		w int64
	}
	seen := map[aw]bool{}
	after := ""
	for {
		pg, err := ps.MediaInspections(ctx, by, portal.MediaInspectionListInput{From: from, To: to, After: after, Limit: govops.MaxPageSize})
		if err != nil {
			return 0, err
		}
		for _, m := range pg.Items {
			if accounts[m.AccountID] {
				seen[aw{m.AccountID, m.Week.Unix()}] = true
			}
		}
		if pg.Next == "" {
			return len(seen), nil
		}
		after = pg.Next
	}
}
