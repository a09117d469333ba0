package annual

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/sync/errgroup"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/security"
)

// Services are the domain Services the report reads. Each is required.
type Services struct {
	Departments *directory.Service
	Cases       *govcase.Service
	Hotline     *hotline.Service
	Licenses    *license.Service
	Data        *datashare.Service
	Netops      *netops.Service
	Security    *security.Service
	Portal      *portal.Service
}

// Report is one year's work summary.
type Report struct {
	Year int `json:"year"`
	// Department is the department the report covers, for a department's
	// actor; "" for the whole district.
	Department string `json:"department,omitempty"`
	// Title is the report's Chinese title.
	Title string `json:"title"`
	// GeneratedAt is when it was computed.
	GeneratedAt time.Time `json:"generated_at"`
	// Sections are the seven sections, in the order of Sections().
	Sections []Section `json:"sections"`
}

// Section is one section of the report.
type Section struct {
	// Key is the section's stable code (see Sections).
	Key string `json:"key"`
	// Title is its Chinese heading, e.g. "电子政务外网建设与维护".
	Title string `json:"title"`
	// Text is the section's prose, in Chinese, with its figures written
	// in: one or more paragraphs separated by blank lines.
	Text string `json:"text"`
	// Figures are the section's figures, in the order the text uses them.
	Figures []Figure `json:"figures"`
	// Notes say what the section could not count and why (a department's
	// actor may not read a district-wide figure, a domain holds no data
	// for the year), in Chinese.
	Notes []string `json:"notes,omitempty"`
	// Series are figures of the section month by month, for a chart drawn
	// from the report in Go (the hotline section's monthly satisfaction,
	// KeySatisfaction): the months the section counted, so that a caller
	// need not read the domain a second time. They are not part of the
	// report's JSON, Markdown or HTML.
	Series []Series `json:"-"`
}

// Series is one figure month by month.
type Series struct {
	Key    string  // the figure's key, e.g. KeySatisfaction
	Label  string  // its Chinese name
	Unit   string  // its unit
	Points []Point // the months that have a value, in order
}

// Point is the value of one month of a Series.
type Point struct {
	Month int // 1 to 12
	Value decimal.Decimal
}

// SeriesOf returns the section's series with key, and whether it has one.
func (s Section) SeriesOf(key string) (Series, bool) {
	for _, sr := range s.Series {
		if sr.Key == key {
			return sr, true
		}
	}
	return Series{}, false
}

// Figure is one counted value and how it was counted.
type Figure struct {
	// Key is the figure's stable code, e.g. "cases.hotline" (see the
	// Key* constants).
	Key string `json:"key"`
	// Label is its Chinese name, e.g. "政府热线案件".
	Label string `json:"label"`
	// Value is the figure: a count, a percentage, points or minutes.
	Value decimal.Decimal `json:"value"`
	// Unit is its Chinese unit: 条, 个, 类, %, 分, 分钟, 次, 名.
	Unit string `json:"unit"`
	// Numerator and Denominator are a rate's two counts; nil for a plain
	// count.
	Numerator   *decimal.Decimal `json:"numerator,omitempty"`
	Denominator *decimal.Decimal `json:"denominator,omitempty"`
	// Rule says, in Chinese, what was counted and how: which records,
	// which period, which statuses, how the rate is rounded.
	Rule string `json:"rule"`
	// Link is the API query (a path under /api/v1, with its query
	// string) that lists the records counted, or that returns the
	// aggregate the figure comes from.
	Link string `json:"link"`
}

// Section keys, in the order of the report.
const (
	SectionExtranet = "extranet"      // 电子政务外网建设与维护
	SectionData     = "licenses_data" // 政务数据共享与公开（电子证照、数据共享）
	SectionCommand  = "command"       // 综合指挥平台管理
	SectionHotline  = "hotline"       // 政府热线“12345”管理
	SectionPortal   = "portal"        // 门户网站与政务新媒体管理
	SectionITOps    = "itops"         // 信息化运维服务
	SectionSecurity = "security"      // 网络安全保障工作
)

// SectionSpec is one section's key, title and builder.
type SectionSpec struct {
	Key   string
	Title string
	Build func(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error)
}

// Sections lists the report's sections in their order.
func Sections() []SectionSpec {
	return []SectionSpec{
		{SectionExtranet, "电子政务外网建设与维护", buildExtranet},
		{SectionData, "政务数据共享与公开", buildData},
		{SectionCommand, "综合指挥平台管理", buildCommand},
		{SectionHotline, "政府热线“12345”管理", buildHotline},
		{SectionPortal, "门户网站与政务新媒体管理", buildPortal},
		{SectionITOps, "信息化运维服务", buildITOps},
		{SectionSecurity, "网络安全保障工作", buildSecurity},
	}
}

// MinYear and MaxYear bound the year a report is asked for.
const (
	MinYear = 2000
	MaxYear = 2100
)

// Build computes the report of year from what svc stores, as by sees it:
// the whole district for center staff and viewers, its own department for
// a department's actor. The sections are computed concurrently. Returns
// EINVALID naming "year" when it is out of range, and the first error of a
// section otherwise.
func Build(ctx context.Context, svc Services, by govops.Actor, year int) (*Report, error) {
	if year < MinYear || year > MaxYear {
		return nil, govops.Errorf(govops.EINVALID, "year %d is out of range", year).
			WithField("year", fmt.Sprintf("must be a year from %d to %d", MinYear, MaxYear))
	}
	specs := Sections()
	out := make([]Section, len(specs))
	g, gctx := errgroup.WithContext(ctx)
	for i, sp := range specs {
		g.Go(func() error {
			s, err := sp.Build(gctx, svc, by, year)
			if err != nil {
				return fmt.Errorf("annual: section %s: %w", sp.Key, err)
			}
			s.Key, s.Title = sp.Key, sp.Title
			out[i] = s
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	title := fmt.Sprintf("%d年政务网络服务中心工作情况总结", year)
	if by.Department != "" {
		name := by.Department
		if d, err := svc.Departments.Get(ctx, by, by.Department); err == nil && d.Name != "" {
			name = d.Name
		}
		title = fmt.Sprintf("%d年%s政务网络工作情况", year, name)
	}
	return &Report{Year: year, Department: by.Department, Title: title, GeneratedAt: time.Now().UTC(), Sections: out}, nil
}

// Figure returns the figure of key, and whether the report has it.
func (r *Report) Figure(key string) (Figure, bool) {
	for _, s := range r.Sections {
		for _, f := range s.Figures {
			if f.Key == key {
				return f, true
			}
		}
	}
	return Figure{}, false
}

// Count returns a plain count figure.
func Count(key, label, unit string, n int64, rule, link string) Figure {
	return Figure{Key: key, Label: label, Value: decimal.NewFromInt(n), Unit: unit, Rule: rule, Link: link}
}

// Rate returns a percentage figure of num over den, rounded half-up to 2
// places (0 when den is 0), carrying both counts.
func Rate(key, label string, num, den int64, rule, link string) Figure {
	n, d := decimal.NewFromInt(num), decimal.NewFromInt(den)
	v := decimal.Zero
	if den != 0 {
		v = n.Mul(decimal.NewFromInt(100)).DivRound(d, 2)
	}
	return Figure{Key: key, Label: label, Value: v, Unit: "%", Numerator: &n, Denominator: &d, Rule: rule, Link: link}
}
