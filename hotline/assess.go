package hotline

import (
	"context"
	"sort"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// IndicatorScore is one indicator of an assessment: its rate and the points
// the rate earned.
type IndicatorScore struct {
	Indicator Indicator
	Rate      govops.Rate
	Scored    bool            // the scheme weighs this indicator
	Weight    decimal.Decimal // zero when not scored
	Score     decimal.Decimal // zero when not scored
}

// Assessment is the result of one department, or of the whole district
// (Department empty), for one month (月度考核).
type Assessment struct {
	Department string
	// Volume is the number of case outcomes counted (办件量).
	Volume     int64
	Dispatched int64
	// Indicators holds every indicator in AllIndicators order, scored or
	// not.
	Indicators []IndicatorScore
	// Callbacks counts the callbacks per result (every result present,
	// zero included); CallbackTotal is their sum.
	Callbacks     map[Result]int64
	CallbackTotal int64
	// Deductions and DeductionPoints count the deductions that count
	// (not overturned).
	Deductions      int64
	DeductionPoints decimal.Decimal
	IndicatorPoints decimal.Decimal // the sum of the indicator scores
	// Total is the scheme's Base plus IndicatorPoints minus DeductionPoints.
	Total decimal.Decimal
	// Response is replied over dispatched (事事有回应).
	Response govops.Rate
}

// Indicator returns the score of indicator i.
func (a *Assessment) Indicator(i Indicator) IndicatorScore {
	for _, s := range a.Indicators {
		if s.Indicator == i {
			return s
		}
	}
	return IndicatorScore{Indicator: i}
}

// Satisfaction returns the satisfaction rate (满意率).
func (a *Assessment) Satisfaction() govops.Rate { return a.Indicator(IndicatorSatisfaction).Rate }

// SchemeRef names the scheme an assessment was scored by.
type SchemeRef struct {
	ID            uuid.UUID // uuid.Nil for DefaultScheme
	Name          string
	EffectiveFrom Month // zero for DefaultScheme
}

// MonthlyAssessment is the assessment of one month: the whole district and
// every department that has a callback, an outcome or a deduction in it.
type MonthlyAssessment struct {
	Month       Month
	Scheme      SchemeRef
	District    Assessment
	Departments []Assessment // ordered by department code
}

// Department returns the assessment of department code, and whether it had
// any data in the month.
func (m *MonthlyAssessment) Department(code string) (Assessment, bool) {
	for _, a := range m.Departments {
		if a.Department == code {
			return a, true
		}
	}
	return Assessment{}, false
}

// monthCounts gathers the store's counts of one month.
type monthCounts struct {
	outcomes   map[string]OutcomeCount
	callbacks  map[string]map[Result]int64
	deductions map[string]DeductionCount
}

func newMonthCounts() *monthCounts {
	return &monthCounts{outcomes: map[string]OutcomeCount{}, callbacks: map[string]map[Result]int64{},
		deductions: map[string]DeductionCount{}}
}

// loadCounts runs the three count queries over r and splits them by month.
func (s *Service) loadCounts(ctx context.Context, r MonthRange) (map[Month]*monthCounts, error) {
	out := map[Month]*monthCounts{}
	get := func(m Month) *monthCounts {
		mc, ok := out[m]
		if !ok {
			mc = newMonthCounts()
			out[m] = mc
		}
		return mc
	}
	ocs, err := s.store.OutcomeCounts(ctx, r)
	if err != nil {
		return nil, err
	}
	for _, c := range ocs {
		mc := get(c.Month)
		cur := mc.outcomes[c.Department]
		cur.Add(c)
		mc.outcomes[c.Department] = cur
	}
	ccs, err := s.store.CallbackCounts(ctx, r)
	if err != nil {
		return nil, err
	}
	for _, c := range ccs {
		mc := get(c.Month)
		m := mc.callbacks[c.Department]
		if m == nil {
			m = map[Result]int64{}
			mc.callbacks[c.Department] = m
		}
		m[c.Result] += c.Count
	}
	dgs, err := s.store.DeductionCounts(ctx, r, countingStatuses())
	if err != nil {
		return nil, err
	}
	// The Store groups by points, since not every database sums decimals
	// exactly: each group's points are multiplied and summed here.
	for _, g := range dgs {
		mc := get(g.Month)
		cur := mc.deductions[g.Department]
		cur.Month, cur.Department = g.Month, g.Department
		cur.Count += g.Count
		cur.Points = cur.Points.Add(g.Points.Mul(decimal.NewFromInt(g.Count)))
		mc.deductions[g.Department] = cur
	}
	return out, nil
}

// countingStatuses lists the deduction statuses that take points off
// (DeductionStatus.Counts), which the Store counts.
func countingStatuses() []DeductionStatus {
	var out []DeductionStatus
	for _, st := range AllDeductionStatuses() {
		if st.Counts() {
			out = append(out, st)
		}
	}
	return out
}

// MonthlyAssessment assesses month m for the district and each department,
// by the scheme in force in m. The counting runs in the Store; the Service
// turns counts into rates and scores. A department's actor gets the
// district totals and its own department's row alone. It returns EINVALID
// for a bad month.
func (s *Service) MonthlyAssessment(ctx context.Context, by govops.Actor, m Month) (*MonthlyAssessment, error) {
	var p govops.Problems
	by.Check(&p)
	if !m.Valid() {
		p.Add("month", "must be a month such as 2022-08")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	sc, err := s.schemeFor(ctx, m)
	if err != nil {
		return nil, err
	}
	counts, err := s.loadCounts(ctx, SingleMonth(m))
	if err != nil {
		return nil, err
	}
	mc := counts[m]
	if mc == nil {
		mc = newMonthCounts()
	}
	ma := assessMonth(m, sc, mc)
	ma.keepOnly(by)
	return ma, nil
}

// keepOnly drops the rows of the departments by may not see: a department
// keeps the district totals and its own row.
func (m *MonthlyAssessment) keepOnly(by govops.Actor) {
	if by.DistrictWide() {
		return
	}
	m.Departments = onlyDepartment(m.Departments, by.Department, func(a Assessment) string { return a.Department })
}

// onlyDepartment returns the elements of rows whose department is dept.
func onlyDepartment[T any](rows []T, dept string, of func(T) string) []T {
	var out []T
	for _, r := range rows {
		if of(r) == dept {
			out = append(out, r)
		}
	}
	return out
}

func assessMonth(m Month, sc *Scheme, mc *monthCounts) *MonthlyAssessment {
	depts := map[string]bool{}
	for d := range mc.outcomes {
		depts[d] = true
	}
	for d := range mc.callbacks {
		depts[d] = true
	}
	for d := range mc.deductions {
		depts[d] = true
	}
	codes := make([]string, 0, len(depts))
	for d := range depts {
		codes = append(codes, d)
	}
	sort.Strings(codes)

	var allOut OutcomeCount
	allCb := map[Result]int64{}
	allDed := DeductionCount{Points: decimal.Zero}
	res := &MonthlyAssessment{Month: m, Scheme: SchemeRef{ID: sc.ID, Name: sc.Name, EffectiveFrom: sc.EffectiveFrom}}
	for _, d := range codes {
		oc, cb, dc := mc.outcomes[d], mc.callbacks[d], mc.deductions[d]
		res.Departments = append(res.Departments, score(sc, d, oc, cb, dc))
		allOut.Add(oc)
		for r, n := range cb {
			allCb[r] += n
		}
		allDed.Count += dc.Count
		allDed.Points = allDed.Points.Add(dc.Points)
	}
	res.District = score(sc, "", allOut, allCb, allDed)
	return res
}

// score computes one assessment from its counts under sc.
func score(sc *Scheme, dept string, oc OutcomeCount, cb map[Result]int64, dc DeductionCount) Assessment {
	a := Assessment{Department: dept, Volume: oc.Total, Dispatched: oc.Dispatched,
		Callbacks: make(map[Result]int64, 6), Deductions: dc.Count, DeductionPoints: dc.Points,
		IndicatorPoints: decimal.Zero, Response: govops.NewRate(oc.Replied, oc.Dispatched)}
	var satisfied, counted int64
	for _, r := range AllResults() {
		n := cb[r]
		a.Callbacks[r] = n
		a.CallbackTotal += n
		if sc.Satisfaction.Satisfied(r) {
			satisfied += n
		}
		if sc.Satisfaction.Counted(r) {
			counted += n
		}
	}
	rates := map[Indicator]govops.Rate{
		IndicatorAcceptOnTime:  govops.NewRate(oc.AcceptedOnTime, oc.Dispatched),
		IndicatorResolveOnTime: govops.NewRate(oc.ResolvedOnTime, oc.Dispatched),
		IndicatorSatisfaction:  govops.NewRate(satisfied, counted),
		IndicatorReturnRate:    govops.NewRate(oc.Returned, oc.Dispatched),
		IndicatorRedoRate:      govops.NewRate(oc.Redone, oc.Dispatched),
	}
	for _, ind := range AllIndicators() {
		is := IndicatorScore{Indicator: ind, Rate: rates[ind], Weight: decimal.Zero, Score: decimal.Zero}
		if rule, ok := sc.IndicatorRule(ind); ok {
			is.Scored, is.Weight = true, rule.Weight
			switch {
			case is.Rate.Applicable:
				is.Score = rule.Score(is.Rate.Percent)
			case sc.NotApplicable == NotApplicableFullMarks:
				is.Score = rule.Weight
			}
			a.IndicatorPoints = a.IndicatorPoints.Add(is.Score)
		}
		a.Indicators = append(a.Indicators, is)
	}
	if a.DeductionPoints.IsZero() {
		a.DeductionPoints = decimal.Zero
	}
	a.Total = govops.Round2(sc.Base.Add(a.IndicatorPoints).Sub(a.DeductionPoints))
	return a
}

// YearToDate is the year so far (年度累计): the months of Year from January
// through Through that have any callback, outcome or deduction.
type YearToDate struct {
	Year    int
	Through Month
	// Months lists the months covered, in order; Monthly holds their
	// assessments.
	Months  []Month
	Monthly []MonthlyAssessment
	// District sums up the district; AverageSatisfaction there is the
	// figure the seed reports (今年每月平均满意率).
	District YTDAssessment
	// Departments sums up each department, by code.
	Departments []YTDAssessment
	// DeductionsByDepartment lists the departments that lost points, by
	// code, with their count and points; District holds the totals.
	DeductionsByDepartment []DeductionCount
}

// Department returns the year-to-date result of department code.
func (y *YearToDate) Department(code string) (YTDAssessment, bool) {
	for _, a := range y.Departments {
		if a.Department == code {
			return a, true
		}
	}
	return YTDAssessment{}, false
}

// YTDAssessment sums up one department, or the district (Department empty),
// over the months covered.
type YTDAssessment struct {
	Department string
	Months     int // months in which it had any data
	Volume     int64
	// AverageSatisfaction is the mean of the monthly satisfaction rates
	// (as published, 2 places) over the months whose rate is applicable,
	// rounded half-up to 2 places; SatisfactionMonths is how many.
	AverageSatisfaction decimal.Decimal
	SatisfactionMonths  int
	// AverageScore is the mean of the monthly totals, rounded half-up.
	AverageScore    decimal.Decimal
	Callbacks       map[Result]int64
	Deductions      int64
	DeductionPoints decimal.Decimal
	// Response is replied over dispatched, summed over the months.
	Response govops.Rate
}

// YearToDate assesses the months of through.Year from January to through,
// each month by the scheme in force in it. A department's actor gets the
// district totals and its own department's rows alone, in the sums and in
// every month. It returns EINVALID for a bad month.
func (s *Service) YearToDate(ctx context.Context, by govops.Actor, through Month) (*YearToDate, error) {
	var p govops.Problems
	by.Check(&p)
	if !through.Valid() {
		p.Add("through", "must be a month such as 2022-08")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	r := MonthRange{First: NewMonth(through.Year, 1), Last: through}
	counts, err := s.loadCounts(ctx, r)
	if err != nil {
		return nil, err
	}
	y := &YearToDate{Year: through.Year, Through: through}
	for _, m := range MonthsBetween(r.First, r.Last) {
		mc := counts[m]
		if mc == nil {
			continue
		}
		sc, err := s.schemeFor(ctx, m)
		if err != nil {
			return nil, err
		}
		y.Months = append(y.Months, m)
		y.Monthly = append(y.Monthly, *assessMonth(m, sc, mc))
	}
	perDept := map[string][]Assessment{}
	var district []Assessment
	for _, ma := range y.Monthly {
		district = append(district, ma.District)
		for _, a := range ma.Departments {
			perDept[a.Department] = append(perDept[a.Department], a)
		}
	}
	y.District = sumUp("", district)
	codes := make([]string, 0, len(perDept))
	for d := range perDept {
		codes = append(codes, d)
	}
	sort.Strings(codes)
	for _, d := range codes {
		ya := sumUp(d, perDept[d])
		y.Departments = append(y.Departments, ya)
		if ya.Deductions > 0 {
			y.DeductionsByDepartment = append(y.DeductionsByDepartment,
				DeductionCount{Department: d, Count: ya.Deductions, Points: ya.DeductionPoints})
		}
	}
	y.keepOnly(by)
	return y, nil
}

// keepOnly drops the rows of the departments by may not see, as
// MonthlyAssessment.keepOnly does, from the sums and from every month.
func (y *YearToDate) keepOnly(by govops.Actor) {
	if by.DistrictWide() {
		return
	}
	y.Departments = onlyDepartment(y.Departments, by.Department, func(a YTDAssessment) string { return a.Department })
	y.DeductionsByDepartment = onlyDepartment(y.DeductionsByDepartment, by.Department, func(c DeductionCount) string { return c.Department })
	for i := range y.Monthly {
		y.Monthly[i].keepOnly(by)
	}
}

func sumUp(dept string, months []Assessment) YTDAssessment {
	y := YTDAssessment{Department: dept, Months: len(months), Callbacks: map[Result]int64{},
		DeductionPoints: decimal.Zero, AverageScore: decimal.Zero}
	var sat []govops.Rate
	var replied, dispatched int64
	total := decimal.Zero
	for _, a := range months {
		y.Volume += a.Volume
		for r, n := range a.Callbacks {
			y.Callbacks[r] += n
		}
		y.Deductions += a.Deductions
		y.DeductionPoints = y.DeductionPoints.Add(a.DeductionPoints)
		sat = append(sat, a.Satisfaction())
		replied += a.Response.Numerator
		dispatched += a.Response.Denominator
		total = total.Add(a.Total)
	}
	y.AverageSatisfaction, y.SatisfactionMonths = govops.AveragePercent(sat)
	if len(months) > 0 {
		y.AverageScore = total.DivRound(decimal.NewFromInt(int64(len(months))), 2)
	}
	y.Response = govops.NewRate(replied, dispatched)
	return y
}
