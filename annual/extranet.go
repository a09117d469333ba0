package annual

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// netPeriod is the calendar year in Asia/Shanghai, [From, To), and AsOf,
// the moment the state figures are read at: the end of the year, or now
// while the year runs.
type netPeriod struct {
	Year           int
	From, To, AsOf time.Time
	// Current is true while the year runs: the state is now's.
	Current bool
}

// netPeriodOf returns the period of year.
func netPeriodOf(year int) netPeriod {
	loc := govops.ShanghaiLocation()
	p := netPeriod{Year: year, From: time.Date(year, 1, 1, 0, 0, 0, 0, loc), To: time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)}
	p.AsOf = p.To
	if now := time.Now(); now.Before(p.To) {
		p.AsOf, p.Current = now, true
	}
	return p
}

// in reports whether t falls in the period, up to AsOf.
func (p netPeriod) in(t time.Time) bool {
	return !t.IsZero() && !t.Before(p.From) && t.Before(p.To)
}

// dates is the period as the API's from and to query parameters (to
// includes its whole day).
func (p netPeriod) dates() string {
	return fmt.Sprintf("from=%d-01-01&to=%d-12-31", p.Year, p.Year)
}

// netSkip turns a refusal of by (EFORBIDDEN) into a note on s, and reports
// whether err was one; any other error is left to the caller.
func netSkip(s *Section, err error, what string) bool {
	if govops.ErrorCode(err) == govops.EFORBIDDEN {
		s.Notes = append(s.Notes, what+"为全区统计，本单位账号无权查看，未列入。")
		return true
	}
	return false
}

// buildExtranet computes the section from what svc stores, as by sees it:
// the extranet's coverage of the directory (units and villages or
// communities with an active extranet access link), the self-built
// internet lines revoked in the year and those left, the business private
// networks kept interconnected, and the migrations verified in the year.
// Coverage and the revocation campaign are district-wide: a department's
// actor gets a note in their place.
func buildExtranet(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error) {
	var s Section
	p := netPeriodOf(year)
	var text []string
	text = append(text, "区政务网络服务中心依据《柳北区电子政务外网建设管理办法》，持续推进互联网出口的统一管理，督促相关部门完成自建互联网撤销工作。")

	// Coverage, at the end of the year (now while it runs).
	cov, err := svc.Netops.CoverageAt(ctx, by, p.AsOf)
	switch {
	case netSkip(&s, err, "电子政务外网接入率"):
	case err != nil:
		return s, err
	default:
		var units, unitsConn, comms, commsConn int64
		for _, k := range cov.ByKind {
			switch k.Kind {
			case "village", "community":
				comms, commsConn = comms+int64(k.Units), commsConn+int64(k.Connected)
			default:
				units, unitsConn = units+int64(k.Units), unitsConn+int64(k.Connected)
			}
		}
		const when = "按年末（本年度进行中则为查询时）在用的外网接入线路（类型 extranet，按其开通、拆除日期）统计"
		s.Figures = append(s.Figures,
			Count(KeyUnitsConnected, "接入电子政务外网的单位", "个", unitsConn,
				fmt.Sprintf("部门目录中在用的部门、乡镇街道（共 %d 个）中已接入外网的个数，%s。", units, when),
				"/api/v1/netops/links?type=extranet&status=active"),
			Count(KeyCommunitiesConnected, "接入电子政务外网的村、社区", "个", commsConn,
				fmt.Sprintf("部门目录中在用的村、社区（共 %d 个）中已接入外网的个数，%s。", comms, when),
				"/api/v1/netops/coverage"),
			Rate(KeyCoverage, "电子政务外网接入率", int64(cov.Connected), int64(cov.Units),
				"已接入单位（含村、社区）数 ÷ 部门目录在用单位总数 × 100%，四舍五入保留两位小数；"+when+"。",
				"/api/v1/netops/coverage"))
		if !p.Current {
			s.Notes = append(s.Notes, "接入率的分母为部门目录现有的在用单位（目录不保留历史）；链接的接口返回当前的接入情况。")
		}
		all := "均已接入电子政务外网"
		if cov.Connected < cov.Units {
			all = fmt.Sprintf("已接入电子政务外网，接入率%s%%，尚有%d个单位未接入", Rate("", "", int64(cov.Connected), int64(cov.Units), "", "").Value, cov.Units-cov.Connected)
		}
		asOf := fmt.Sprintf("截至%d年底", year)
		if p.Current {
			asOf = "截至目前"
		}
		text = append(text, fmt.Sprintf("%s，柳北区%d个单位、%d个村社区%s。", asOf, unitsConn, commsConn, all))
	}

	// The revocation of self-built internet lines.
	camp, err := svc.Netops.Campaign(ctx, by)
	switch {
	case netSkip(&s, err, "自建互联网线路撤销情况"):
	case err != nil:
		return s, err
	default:
		var revoked, remaining int64
		for _, l := range camp.Lines {
			dec := l.Link.Steps.Decommissioned
			if p.in(dec) {
				revoked++
			}
			if l.Link.Since().Before(p.AsOf) && (dec.IsZero() || !dec.Before(p.AsOf)) {
				remaining++
			}
		}
		s.Figures = append(s.Figures,
			Count(KeySelfBuiltRevoked, "年内撤销的自建互联网线路", "条", revoked,
				"自建互联网专线（类型 internet、不经外网统一出口）中，拆除（decommissioned）日期在本年度（Asia/Shanghai 自然年）内的条数。",
				"/api/v1/netops/links?type=internet&self_built=true&status=decommissioned"),
			Count(KeySelfBuiltRemaining, "尚未撤销的自建互联网线路", "条", remaining,
				"年末（本年度进行中则为查询时）已登记、尚未拆除的自建互联网专线条数（含规划、开通中、在用、拆除中）。",
				"/api/v1/netops/campaign"))
		if remaining == 0 {
			text = append(text, fmt.Sprintf("年内撤销各部门自建互联网线路%d条，各部门自建互联网线路均已撤销。", revoked))
		} else {
			text = append(text, fmt.Sprintf("年内撤销各部门自建互联网线路%d条，尚有%d条未撤销。", revoked, remaining))
		}
	}

	// Business private networks.
	nets, err := svc.Netops.Networks(ctx, by)
	switch {
	case netSkip(&s, err, "非涉密业务专网互联情况"):
	case err != nil:
		return s, err
	default:
		var connected int64
		var merged []string
		for _, n := range nets {
			if n.Status != netops.NetworkActive || n.Interconnect.Mode == netops.InterconnectNone || !n.Interconnect.Since.Before(p.AsOf) {
				continue
			}
			connected++
			if p.in(n.Interconnect.Since) {
				merged = append(merged, n.Authority+"的"+n.Name)
			}
		}
		s.Figures = append(s.Figures, Count(KeyNetworksConnected, "与电子政务外网保持互联的非涉密业务专网", "个", connected,
			"在用（active）的非涉密业务专网中，互联方式不为“未互联”、互联启用日期在年末（本年度进行中则为查询时）之前的个数。",
			"/api/v1/netops/networks"))
		t := fmt.Sprintf("%d个非涉密业务专网继续与电子政务外网保持互联互通状态", connected)
		if len(merged) > 0 {
			t += "，年内将" + strings.Join(merged, "、") + "并入电子政务外网"
		}
		text = append(text, t+"。")
	}

	// Migrations verified in the year.
	done, err := netVerifiedMigrations(ctx, svc.Netops, by, p)
	switch {
	case netSkip(&s, err, "网络迁移情况"):
	case err != nil:
		return s, err
	default:
		s.Figures = append(s.Figures, Count(KeyMigrationsDone, "完成网络迁移的单位", "个", done,
			"单位网络搬迁（迁移）中，状态为已验证（verified）且验证时间在本年度内的个数。",
			"/api/v1/netops/migrations?status=verified"))
		if done > 0 {
			text = append(text, fmt.Sprintf("完成%d个搬迁单位的网络迁移工作。", done))
		}
	}
	s.Text = strings.Join(text, "")
	return s, nil
}

// netVerifiedMigrations counts the migrations verified in the period.
// Migrations are few (a unit moves once in years): a page or two.
func netVerifiedMigrations(ctx context.Context, ops *netops.Service, by govops.Actor, p netPeriod) (int64, error) {
	in := netops.MigrationListInput{Status: netops.MigrationVerified, Limit: govops.MaxPageSize}
	if by.Department != "" {
		in.Unit = by.Department
	}
	var n int64
	for {
		page, err := ops.Migrations(ctx, by, in)
		if err != nil {
			return 0, err
		}
		for _, m := range page.Items {
			if p.in(m.VerifiedAt) {
				n++
			}
		}
		if page.Next == "" {
			return n, nil
		}
		in.Cursor = page.Next
	}
}
