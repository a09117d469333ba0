package hotlineapi

import (
	"github.com/google/uuid"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The JSON shapes of the hotline endpoints. Decimals (rates, scores,
// points) travel as strings with two places ("95.92"), months as
// "2022-08", and a rate whose denominator is zero as null.

type callbackJSON struct {
	ID          string `json:"id"`
	CaseNumber  string `json:"case_number"`
	Department  string `json:"department"`
	Month       string `json:"month"`
	Result      string `json:"result"`
	ResultLabel string `json:"result_label"`
	CalledAt    string `json:"called_at"`
	Note        string `json:"note,omitempty"`
	CreatedAt   string `json:"created_at"`
	CreatedBy   string `json:"created_by"`
}

// callbackOut shows c as the Service gave it: a read-only caller (a
// viewer) gets it without the free-text note, which may quote the citizen,
// and the member is then left out.
func (a *API) callbackOut(c hotline.Callback) callbackJSON {
	return callbackJSON{
		ID: c.ID.String(), CaseNumber: c.CaseNumber, Department: c.Department, Month: c.Month.String(),
		Result: string(c.Result), ResultLabel: c.Result.Label(), CalledAt: a.clock.Format(c.CalledAt),
		Note: c.Note, CreatedAt: a.clock.Format(c.CreatedAt), CreatedBy: c.CreatedBy,
	}
}

type callbackCreateJSON struct {
	CaseNumber string `json:"case_number"`
	Department string `json:"department"`
	Month      string `json:"month"`
	Result     string `json:"result"`
	CalledAt   string `json:"called_at"`
	Note       string `json:"note"`
}

type outcomeJSON struct {
	CaseNumber     string `json:"case_number"`
	Department     string `json:"department"`
	Month          string `json:"month"`
	Dispatched     bool   `json:"dispatched"`
	AcceptedOnTime bool   `json:"accepted_on_time"`
	ResolvedOnTime bool   `json:"resolved_on_time"`
	Returned       bool   `json:"returned"`
	Redone         bool   `json:"redone"`
	Replied        bool   `json:"replied"`
	Version        int64  `json:"version"`
	UpdatedAt      string `json:"updated_at"`
	UpdatedBy      string `json:"updated_by"`
}

func (a *API) outcomeOut(o hotline.Outcome) outcomeJSON {
	return outcomeJSON{
		CaseNumber: o.CaseNumber, Department: o.Department, Month: o.Month.String(),
		Dispatched: o.Dispatched, AcceptedOnTime: o.AcceptedOnTime, ResolvedOnTime: o.ResolvedOnTime,
		Returned: o.Returned, Redone: o.Redone, Replied: o.Replied,
		Version: o.Version, UpdatedAt: a.clock.Format(o.UpdatedAt), UpdatedBy: o.UpdatedBy,
	}
}

type bandJSON struct {
	From   string `json:"from"`
	To     string `json:"to"`
	AtFrom string `json:"at_from"`
	AtTo   string `json:"at_to"`
}

type indicatorRuleJSON struct {
	Indicator      string     `json:"indicator"`
	IndicatorLabel string     `json:"indicator_label"`
	LowerIsBetter  bool       `json:"lower_is_better"`
	Weight         string     `json:"weight"`
	Bands          []bandJSON `json:"bands"`
}

type satisfactionRuleJSON struct {
	Levels           []string `json:"levels"`
	LevelLabels      []string `json:"level_labels"`
	CountUnreachable bool     `json:"count_unreachable"`
}

type deductionRuleJSON struct {
	Code   string `json:"code"`
	Label  string `json:"label"`
	Points string `json:"points"`
}

type schemeJSON struct {
	ID                 string               `json:"id,omitempty"`
	Default            bool                 `json:"default"`
	Name               string               `json:"name"`
	EffectiveFrom      string               `json:"effective_from,omitempty"`
	Base               string               `json:"base"`
	MaxScore           string               `json:"max_score"`
	Indicators         []indicatorRuleJSON  `json:"indicators"`
	Satisfaction       satisfactionRuleJSON `json:"satisfaction"`
	NotApplicable      string               `json:"not_applicable"`
	NotApplicableLabel string               `json:"not_applicable_label"`
	DeductionRules     []deductionRuleJSON  `json:"deduction_rules"`
	CreatedAt          string               `json:"created_at,omitempty"`
	CreatedBy          string               `json:"created_by,omitempty"`
}

func notApplicableLabel(n hotline.NotApplicableScoring) string {
	switch n {
	case hotline.NotApplicableFullMarks:
		return "无数据计满分"
	case hotline.NotApplicableZero:
		return "无数据计零分"
	}
	return string(n)
}

func (a *API) schemeOut(sc *hotline.Scheme) schemeJSON {
	out := schemeJSON{
		Default: sc.ID == uuid.Nil, Name: sc.Name, EffectiveFrom: sc.EffectiveFrom.String(),
		Base: apikit.Fixed2(sc.Base), MaxScore: apikit.Fixed2(sc.MaxScore()),
		Indicators:    make([]indicatorRuleJSON, len(sc.Indicators)),
		NotApplicable: string(sc.NotApplicable), NotApplicableLabel: notApplicableLabel(sc.NotApplicable),
		DeductionRules: make([]deductionRuleJSON, len(sc.DeductionRules)),
		Satisfaction: satisfactionRuleJSON{
			Levels: []string{}, LevelLabels: []string{}, CountUnreachable: sc.Satisfaction.CountUnreachable,
		},
		CreatedAt: a.clock.Format(sc.CreatedAt), CreatedBy: sc.CreatedBy,
	}
	if !out.Default {
		out.ID = sc.ID.String()
	}
	for i, r := range sc.Indicators {
		ir := indicatorRuleJSON{Indicator: string(r.Indicator), IndicatorLabel: r.Indicator.Label(),
			LowerIsBetter: r.Indicator.LowerIsBetter(), Weight: apikit.Fixed2(r.Weight), Bands: make([]bandJSON, len(r.Bands))}
		for j, b := range r.Bands {
			ir.Bands[j] = bandJSON{From: apikit.Fixed2(b.From), To: apikit.Fixed2(b.To), AtFrom: apikit.Fixed2(b.AtFrom), AtTo: apikit.Fixed2(b.AtTo)}
		}
		out.Indicators[i] = ir
	}
	for _, l := range sc.Satisfaction.Levels {
		out.Satisfaction.Levels = append(out.Satisfaction.Levels, string(l))
		out.Satisfaction.LevelLabels = append(out.Satisfaction.LevelLabels, l.Label())
	}
	for i, r := range sc.DeductionRules {
		out.DeductionRules[i] = deductionRuleJSON{Code: r.Code, Label: r.Label, Points: apikit.Fixed2(r.Points)}
	}
	return out
}

type schemeListJSON struct {
	Items []schemeJSON `json:"items"`
}

// schemeCreateJSON is a new scheme version (考核办法). Decimals are strings.
type schemeCreateJSON struct {
	Name          string `json:"name"`
	EffectiveFrom string `json:"effective_from"`
	Base          string `json:"base"`
	Indicators    []struct {
		Indicator string `json:"indicator"`
		Weight    string `json:"weight"`
		Bands     []struct {
			From   string `json:"from"`
			To     string `json:"to"`
			AtFrom string `json:"at_from"`
			AtTo   string `json:"at_to"`
		} `json:"bands"`
	} `json:"indicators"`
	Satisfaction struct {
		Levels           []string `json:"levels"`
		CountUnreachable bool     `json:"count_unreachable"`
	} `json:"satisfaction"`
	NotApplicable  string `json:"not_applicable"`
	DeductionRules []struct {
		Code   string `json:"code"`
		Label  string `json:"label"`
		Points string `json:"points"`
	} `json:"deduction_rules"`
}

type deductionJSON struct {
	ID          string `json:"id"`
	Department  string `json:"department"`
	Month       string `json:"month"`
	RuleCode    string `json:"rule_code"`
	RuleLabel   string `json:"rule_label,omitempty"`
	Points      string `json:"points"`
	Reason      string `json:"reason"`
	CaseNumber  string `json:"case_number,omitempty"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Counts      bool   `json:"counts"`
	RecordedAt  string `json:"recorded_at"`
	RecordedBy  string `json:"recorded_by"`
	AppealBy    string `json:"appeal_by"`
	// The appeal window was counted across a provisional year: it moves
	// once that year's notice is loaded.
	AppealByProvisional bool                `json:"appeal_by_provisional"`
	AppealedAt          string              `json:"appealed_at,omitempty"`
	AppealedBy          string              `json:"appealed_by,omitempty"`
	Materials           string              `json:"materials,omitempty"`
	Attachments         []string            `json:"attachments,omitempty"`
	DecidedAt           string              `json:"decided_at,omitempty"`
	DecidedBy           string              `json:"decided_by,omitempty"`
	DecisionNote        string              `json:"decision_note,omitempty"`
	Version             int64               `json:"version"`
	History             []apikit.TrailEvent `json:"history,omitempty"`
}

func (a *API) deductionOut(d *hotline.Deduction, ruleLabel string) deductionJSON {
	return deductionJSON{
		ID: d.ID.String(), Department: d.Department, Month: d.Month.String(), RuleCode: d.RuleCode,
		RuleLabel: ruleLabel, Points: apikit.Fixed2(d.Points), Reason: d.Reason, CaseNumber: d.CaseNumber,
		Status: string(d.Status), StatusLabel: d.Status.Label(), Counts: d.Status.Counts(),
		RecordedAt: a.clock.Format(d.RecordedAt), RecordedBy: d.RecordedBy, AppealBy: a.clock.Format(d.AppealBy),
		AppealByProvisional: d.AppealByProvisional,
		AppealedAt:          a.clock.Format(d.AppealedAt), AppealedBy: d.AppealedBy, Materials: d.Materials,
		Attachments: d.Attachments, DecidedAt: a.clock.Format(d.DecidedAt), DecidedBy: d.DecidedBy,
		DecisionNote: d.DecisionNote, Version: d.Version,
	}
}

type deductionListJSON struct {
	Items      []deductionJSON `json:"items"`
	NextCursor string          `json:"next_cursor,omitempty"`
}

type deductionCreateJSON struct {
	Department string `json:"department"`
	Month      string `json:"month"`
	RuleCode   string `json:"rule_code"`
	Points     string `json:"points"`
	Reason     string `json:"reason"`
	CaseNumber string `json:"case_number"`
}

type appealJSON struct {
	Materials   string   `json:"materials"`
	Attachments []string `json:"attachments"`
}

type decisionJSON struct {
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

type resultCountJSON struct {
	Result      string `json:"result"`
	ResultLabel string `json:"result_label"`
	Count       int64  `json:"count"`
}

func resultCounts(m map[hotline.Result]int64) []resultCountJSON {
	out := make([]resultCountJSON, 0, len(hotline.AllResults()))
	for _, r := range hotline.AllResults() {
		out = append(out, resultCountJSON{Result: string(r), ResultLabel: r.Label(), Count: m[r]})
	}
	return out
}

type indicatorScoreJSON struct {
	Indicator      string  `json:"indicator"`
	IndicatorLabel string  `json:"indicator_label"`
	Numerator      int64   `json:"numerator"`
	Denominator    int64   `json:"denominator"`
	Rate           *string `json:"rate"`
	Scored         bool    `json:"scored"`
	Weight         string  `json:"weight"`
	Score          string  `json:"score"`
}

type assessmentJSON struct {
	Department       string               `json:"department,omitempty"`
	Volume           int64                `json:"volume"`
	Dispatched       int64                `json:"dispatched"`
	Replied          int64                `json:"replied"`
	ResponseRate     *string              `json:"response_rate"`
	SatisfactionRate *string              `json:"satisfaction_rate"`
	Indicators       []indicatorScoreJSON `json:"indicators"`
	Callbacks        []resultCountJSON    `json:"callbacks"`
	CallbackTotal    int64                `json:"callback_total"`
	Deductions       int64                `json:"deductions"`
	DeductionPoints  string               `json:"deduction_points"`
	IndicatorPoints  string               `json:"indicator_points"`
	Total            string               `json:"total"`
}

func assessmentOut(a hotline.Assessment) assessmentJSON {
	out := assessmentJSON{
		Department: a.Department, Volume: a.Volume, Dispatched: a.Dispatched,
		Replied: a.Response.Numerator, ResponseRate: apikit.Rate(a.Response), SatisfactionRate: apikit.Rate(a.Satisfaction()),
		Indicators: make([]indicatorScoreJSON, len(a.Indicators)),
		Callbacks:  resultCounts(a.Callbacks), CallbackTotal: a.CallbackTotal,
		Deductions: a.Deductions, DeductionPoints: apikit.Fixed2(a.DeductionPoints),
		IndicatorPoints: apikit.Fixed2(a.IndicatorPoints), Total: apikit.Fixed2(a.Total),
	}
	for i, is := range a.Indicators {
		out.Indicators[i] = indicatorScoreJSON{
			Indicator: string(is.Indicator), IndicatorLabel: is.Indicator.Label(),
			Numerator: is.Rate.Numerator, Denominator: is.Rate.Denominator, Rate: apikit.Rate(is.Rate),
			Scored: is.Scored, Weight: apikit.Fixed2(is.Weight), Score: apikit.Fixed2(is.Score),
		}
	}
	return out
}

type schemeRefJSON struct {
	ID            string `json:"id,omitempty"`
	Default       bool   `json:"default"`
	Name          string `json:"name"`
	EffectiveFrom string `json:"effective_from,omitempty"`
}

type monthlyJSON struct {
	Month       string           `json:"month"`
	MonthLabel  string           `json:"month_label"`
	Scheme      schemeRefJSON    `json:"scheme"`
	District    assessmentJSON   `json:"district"`
	Departments []assessmentJSON `json:"departments"`
}

// monthlyOut shows m, whose rows the Service has already limited to what
// the caller may see.
func monthlyOut(m *hotline.MonthlyAssessment) monthlyJSON {
	out := monthlyJSON{
		Month: m.Month.String(), MonthLabel: m.Month.Label(),
		Scheme:   schemeRefJSON{Default: m.Scheme.ID == uuid.Nil, Name: m.Scheme.Name, EffectiveFrom: m.Scheme.EffectiveFrom.String()},
		District: assessmentOut(m.District), Departments: []assessmentJSON{},
	}
	if !out.Scheme.Default {
		out.Scheme.ID = m.Scheme.ID.String()
	}
	for _, a := range m.Departments {
		out.Departments = append(out.Departments, assessmentOut(a))
	}
	return out
}

type ytdRowJSON struct {
	Department          string            `json:"department,omitempty"`
	Months              int               `json:"months"`
	Volume              int64             `json:"volume"`
	AverageSatisfaction *string           `json:"average_satisfaction"`
	SatisfactionMonths  int               `json:"satisfaction_months"`
	AverageScore        string            `json:"average_score"`
	Callbacks           []resultCountJSON `json:"callbacks"`
	Deductions          int64             `json:"deductions"`
	DeductionPoints     string            `json:"deduction_points"`
	Dispatched          int64             `json:"dispatched"`
	Replied             int64             `json:"replied"`
	ResponseRate        *string           `json:"response_rate"`
}

func ytdRowOut(y hotline.YTDAssessment) ytdRowJSON {
	out := ytdRowJSON{
		Department: y.Department, Months: y.Months, Volume: y.Volume,
		SatisfactionMonths: y.SatisfactionMonths, AverageScore: apikit.Fixed2(y.AverageScore),
		Callbacks: resultCounts(y.Callbacks), Deductions: y.Deductions, DeductionPoints: apikit.Fixed2(y.DeductionPoints),
		Dispatched: y.Response.Denominator, Replied: y.Response.Numerator, ResponseRate: apikit.Rate(y.Response),
	}
	if y.SatisfactionMonths > 0 {
		v := apikit.Fixed2(y.AverageSatisfaction)
		out.AverageSatisfaction = &v
	}
	return out
}

type deductionSumJSON struct {
	Department string `json:"department"`
	Count      int64  `json:"count"`
	Points     string `json:"points"`
}

type ytdJSON struct {
	Year                   int                `json:"year"`
	Through                string             `json:"through"`
	Months                 []string           `json:"months"`
	District               ytdRowJSON         `json:"district"`
	Departments            []ytdRowJSON       `json:"departments"`
	DeductionsByDepartment []deductionSumJSON `json:"deductions_by_department"`
	Monthly                []monthlyJSON      `json:"monthly"`
}

// ytdOut shows y, whose rows the Service has already limited to what the
// caller may see.
func ytdOut(y *hotline.YearToDate) ytdJSON {
	out := ytdJSON{
		Year: y.Year, Through: y.Through.String(), Months: []string{}, District: ytdRowOut(y.District),
		Departments: []ytdRowJSON{}, DeductionsByDepartment: []deductionSumJSON{}, Monthly: []monthlyJSON{},
	}
	for _, m := range y.Months {
		out.Months = append(out.Months, m.String())
	}
	for _, d := range y.Departments {
		out.Departments = append(out.Departments, ytdRowOut(d))
	}
	for _, d := range y.DeductionsByDepartment {
		out.DeductionsByDepartment = append(out.DeductionsByDepartment,
			deductionSumJSON{Department: d.Department, Count: d.Count, Points: apikit.Fixed2(d.Points)})
	}
	for i := range y.Monthly {
		out.Monthly = append(out.Monthly, monthlyOut(&y.Monthly[i]))
	}
	return out
}

type rankedJSON struct {
	Rank         int    `json:"rank"`
	District     string `json:"district"`
	Score        string `json:"score"`
	Satisfaction string `json:"satisfaction"`
	Home         bool   `json:"home"`
}

type rankingJSON struct {
	Period       string       `json:"period"`
	HomeDistrict string       `json:"home_district,omitempty"`
	HomeRank     *int         `json:"home_rank"`
	Districts    []rankedJSON `json:"districts"`
}

func rankingOut(r *hotline.Ranking) rankingJSON {
	out := rankingJSON{Period: r.Period.String(), HomeDistrict: r.HomeDistrict, Districts: make([]rankedJSON, len(r.Districts))}
	if r.HomeRank > 0 {
		v := r.HomeRank
		out.HomeRank = &v
	}
	for i, d := range r.Districts {
		out.Districts[i] = rankedJSON{Rank: d.Rank, District: d.District, Score: apikit.Fixed2(d.Score),
			Satisfaction: apikit.Fixed2(d.Satisfaction), Home: d.Home}
	}
	return out
}
