package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

// The hotline's outside actors: the city's callback team, whose files the
// center imports, and the center's assessment staff.
var (
	callbackTeam = govops.Actor{Name: "市12345回访中心"}
	assessor     = govops.Actor{Name: "李娜"}
)

// monthPlan is the callbacks (回访) of one month: the hotline cases first
// dispatched in it that were answered, how many of them are called back
// with a valid answer, how many of those are satisfied, and how many calls
// find nobody. forced are the cases redone after a dissatisfied callback.
type monthPlan struct {
	m           hotline.Month
	cases       []int
	forced      []int
	valid       int
	satisfied   int
	unreachable int
}

func (mp *monthPlan) rate() govops.Rate { return govops.NewRate(int64(mp.satisfied), int64(mp.valid)) }

// assess records the hotline's side of the year: the callbacks, month by
// month; the deductions with their appeals; the city's ranking of the
// districts. It sets the hotline figures from what was accepted.
func (cg *casesGen) assess(ctx context.Context) error {
	plans := cg.callbackPlans()
	avg, err := cg.importCallbacks(ctx, plans)
	if err != nil {
		return err
	}
	points, units, err := cg.deductions(ctx, plans)
	if err != nil {
		return err
	}
	rank, err := cg.peers(ctx)
	if err != nil {
		return err
	}
	var dispatched, replied int64
	for _, d := range cg.done {
		if d.dispatched {
			dispatched++
			if d.replied {
				replied++
			}
		}
	}
	g := cg.g
	g.Set(annual.KeySatisfaction, avg)
	g.Set(annual.KeyDeducted, points)
	g.Set(annual.KeyDeductedUnits, decimal.NewFromInt(int64(units)))
	if rank > 0 {
		g.Set(annual.KeyRank, decimal.NewFromInt(int64(rank)))
	}
	if dispatched > 0 {
		g.Set(annual.KeyResponseRate, govops.NewRate(replied, dispatched).Percent)
	}
	return nil
}

// callbackPlans decides, month by month, how many answered cases are
// called back and how many of the calls are satisfied: each month's rate
// near the year's satisfaction, and the average of the monthly rates (as
// the hotline assessment takes it) exactly the year's, where the volumes
// allow it.
func (cg *casesGen) callbackPlans() []*monthPlan {
	y := cg.g.P.Year
	plans := make([]*monthPlan, 12)
	for i := range plans {
		plans[i] = &monthPlan{m: hotline.NewMonth(y, time.Month(i+1))}
	}
	for i, d := range cg.done {
		if !d.dispatched || !d.replied || d.cancelled || d.month.Year != y {
			continue
		}
		mp := plans[d.month.Month-1]
		mp.cases = append(mp.cases, i)
		if d.reopened {
			mp.forced = append(mp.forced, i)
		}
	}
	target := cg.g.P.Satisfaction
	for i, mp := range plans {
		n := len(mp.cases)
		if n == 0 {
			continue
		}
		r := cg.g.Rand(casesChapter+".callbacks", i)
		mp.unreachable = int(math.Round(0.03 * float64(n)))
		mp.valid = min(n-mp.unreachable, max(1, len(mp.forced), int(math.Round((0.64+0.08*r.Float64())*float64(n)))))
		t, _ := target.Float64()
		t += 1.2*r.Float64() - 0.6
		mp.satisfied = min(mp.valid-len(mp.forced), int(math.Round(t/100*float64(mp.valid))))
	}
	exactAverage(plans, target)
	return plans
}

// average is the mean of the monthly satisfaction rates, as the hotline's
// year-to-date assessment takes it.
func average(plans []*monthPlan) decimal.Decimal {
	var rs []govops.Rate
	for _, mp := range plans {
		rs = append(rs, mp.rate())
	}
	avg, _ := govops.AveragePercent(rs)
	return avg
}

// exactAverage moves the callbacks of the latest months, within a few
// percent of their volume, until the average of the monthly rates is
// target. It leaves the plans as they are when no such move exists (a
// small scaled year).
func exactAverage(plans []*monthPlan, target decimal.Decimal) {
	if average(plans).Equal(target) {
		return
	}
	hundred := decimal.NewFromInt(100)
	for mi := len(plans) - 1; mi >= 0; mi-- {
		mp := plans[mi]
		n := len(mp.cases)
		if n == 0 {
			continue
		}
		v0, s0 := mp.valid, mp.satisfied
		months := 0
		others := decimal.Zero
		for _, o := range plans {
			if o.valid > 0 {
				months++
				if o != mp {
					others = others.Add(o.rate().Percent)
				}
			}
		}
		need := target.Mul(decimal.NewFromInt(int64(months))).Sub(others)
		span := max(3, n/20)
		for dv := 0; dv <= 2*span; dv++ {
			v := v0 + (dv+1)/2
			if dv%2 == 0 {
				v = v0 - dv/2
			}
			if v < max(1, len(mp.forced)) || v > n-mp.unreachable {
				continue
			}
			s := int(need.Mul(decimal.NewFromInt(int64(v))).Div(hundred).IntPart())
			for ds := -1; ds <= 2; ds++ {
				if s+ds < 0 || s+ds > v-len(mp.forced) {
					continue
				}
				mp.valid, mp.satisfied = v, s+ds
				if average(plans).Equal(target) {
					return
				}
			}
		}
		mp.valid, mp.satisfied = v0, s0
	}
}

// importCallbacks writes each month's callbacks as the city's callback
// team files them, and returns the average of the monthly rates.
func (cg *casesGen) importCallbacks(ctx context.Context, plans []*monthPlan) (decimal.Decimal, error) {
	clock := NewClock(time.Date(cg.g.P.Year, 1, 1, 8, 0, 0, 0, Shanghai))
	svc := cg.g.Services(clock)
	sat := []hotline.Result{hotline.ResultVerySatisfied, hotline.ResultVerySatisfied, hotline.ResultVerySatisfied,
		hotline.ResultSatisfied, hotline.ResultSatisfied, hotline.ResultBasicallySatisfied}
	for i, mp := range plans {
		r := cg.g.Rand(casesChapter+".callbacks.results", i)
		order := make([]int, 0, len(mp.cases))
		forced := map[int]bool{}
		for _, c := range mp.forced {
			forced[c] = true
			order = append(order, c)
		}
		for _, j := range r.Perm(len(mp.cases)) {
			if !forced[mp.cases[j]] {
				order = append(order, mp.cases[j])
			}
		}
		dissatisfied := mp.valid - mp.satisfied
		var ins []hotline.CallbackInput
		importAt := mp.m.AddMonths(1).Start().AddDate(0, 0, 6).Add(10 * time.Hour)
		for k, c := range order {
			if k >= mp.valid+mp.unreachable {
				break
			}
			d := cg.done[c]
			res := sat[r.IntN(len(sat))]
			switch {
			case k < dissatisfied:
				res = hotline.ResultDissatisfied
				if r.IntN(4) == 0 {
					res = hotline.ResultVeryDissatisfied
				}
			case k >= mp.valid:
				res = hotline.ResultUnreachable
			}
			at := d.calledAt
			if at.IsZero() {
				at = d.repliedAt.Add(between(r, 4*time.Hour, 60*time.Hour))
				if at.After(cg.end) {
					at = d.repliedAt.Add(cg.end.Sub(d.repliedAt) / 2)
				}
			}
			if at.Add(30 * time.Minute).After(importAt) {
				importAt = at.Add(30 * time.Minute)
			}
			ins = append(ins, hotline.CallbackInput{CaseNumber: d.number, Department: d.dept, Month: mp.m, Result: res,
				CalledAt: at, Note: "回访"})
		}
		if len(ins) > 0 {
			clock.Set(minTime(importAt, cg.end))
			if _, err := svc.Hotline.ImportCallbacks(ctx, callbackTeam, ins, csvimport.AllOrNothing); err != nil {
				return decimal.Zero, fmt.Errorf("callbacks of %s: %w", mp.m, err)
			}
		}
		cg.g.Step(casesChapter, 1)
	}
	return average(plans), nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// deductionMonths are the months deductions fall in, in turn.
var deductionMonths = []time.Month{3, 6, 8, 5, 10, 4, 7, 9, 2, 11}

// deductions records a deduction against each of the units the year
// names, which each appeals and the center upholds, and the deductions
// that are appealed and overturned. It returns the points that count and
// the number of units that lost them.
func (cg *casesGen) deductions(ctx context.Context, plans []*monthPlan) (decimal.Decimal, int, error) {
	p := cg.g.P
	clock := NewClock(time.Date(p.Year, 1, 1, 8, 0, 0, 0, Shanghai))
	svc := cg.g.Services(clock)
	type ded struct {
		unit      Dept
		overturn  bool
		month     hotline.Month
		dissatisf bool
	}
	var ds []ded
	for j, name := range p.DeductedUnits {
		u, ok := cg.g.Department(name)
		if !ok {
			u, ok = cg.unitByName(name)
		}
		if !ok {
			return decimal.Zero, 0, fmt.Errorf("deductions: no department named %s in the directory", name)
		}
		ds = append(ds, ded{unit: u, month: hotline.NewMonth(p.Year, deductionMonths[j%len(deductionMonths)]), dissatisf: j%2 == 0})
	}
	for k := range p.OverturnedAppeals {
		j := len(p.DeductedUnits) + k
		u := cg.overturnUnit(k)
		ds = append(ds, ded{unit: u, overturn: true, month: hotline.NewMonth(p.Year, deductionMonths[j%len(deductionMonths)]), dissatisf: j%2 == 0})
	}
	points := decimal.Zero
	units := map[string]bool{}
	for _, d := range ds {
		in := hotline.DeductionInput{Department: d.unit.Code, Month: d.month, Points: p.DeductionPoints}
		if d.dissatisf {
			in.RuleCode, in.Reason = hotline.RuleDissatisfiedVerified, "市民回访不满意，经核实诉求未解决"
		} else {
			in.RuleCode, in.Reason = hotline.RuleOverdue, "热线工单超期办理"
		}
		in.CaseNumber = cg.caseFor(d.unit.Code, d.month, d.dissatisf)
		day := time.Date(p.Year, d.month.Month+1, 8, 9, 30, 0, 0, Shanghai)
		at, err := cg.cal.AddWorkdays(day, 0)
		if err != nil {
			at = day
		}
		clock.Set(at)
		rec, err := svc.Hotline.RecordDeduction(ctx, assessor, in)
		if err != nil {
			return decimal.Zero, 0, fmt.Errorf("deduction of %s: %w", d.unit.Name, err)
		}
		if at, err = cg.cal.AddWorkdays(at, 2); err != nil {
			return decimal.Zero, 0, err
		}
		clock.Set(at.Add(45 * time.Minute))
		materials := "该件已按要求办理并答复市民，相关办理记录及现场照片见附件，申请复核。"
		if d.overturn {
			materials = "该件系市民对政策规定本身不满，本单位已依法依规办理并在时限内答复，非办理问题，申请复核撤销扣分。"
		}
		if _, err := svc.Hotline.FileAppeal(ctx, deptActor(d.unit.Code), rec.ID.String(), hotline.AppealInput{
			Materials: materials, Attachments: []string{"办理情况说明.pdf", "现场照片.jpg"}}); err != nil {
			return decimal.Zero, 0, fmt.Errorf("appeal of %s: %w", d.unit.Name, err)
		}
		if at, err = cg.cal.AddWorkdays(at, 5); err != nil {
			return decimal.Zero, 0, err
		}
		clock.Set(at.Add(6 * time.Hour))
		dec := hotline.DecisionInput{Decision: hotline.DecisionUphold, Note: "经复核，扣分事实清楚，维持扣分。"}
		if d.overturn {
			dec = hotline.DecisionInput{Decision: hotline.DecisionOverturn, Note: "经复核，该件不属于办理质量问题，撤销扣分。"}
		}
		if _, err := svc.Hotline.DecideAppeal(ctx, assessor, rec.ID.String(), dec); err != nil {
			return decimal.Zero, 0, fmt.Errorf("decision on %s: %w", d.unit.Name, err)
		}
		if !d.overturn {
			points = points.Add(rec.Points)
			units[d.unit.Code] = true
		}
		cg.g.Step(casesChapter, 1)
	}
	return points, len(units), nil
}

// unitByName finds a unit of the chapter by its exact name.
func (cg *casesGen) unitByName(name string) (Dept, bool) {
	for _, d := range cg.units {
		if d.Name == name {
			return d, true
		}
	}
	return Dept{}, false
}

// overturnUnit returns the unit of the k-th overturned deduction: a unit
// the year does not deduct from.
func (cg *casesGen) overturnUnit(k int) Dept {
	skip := map[string]bool{}
	for _, n := range cg.g.P.DeductedUnits {
		skip[n] = true
	}
	var pool []Dept
	for _, d := range cg.units {
		if !skip[d.Name] {
			pool = append(pool, d)
		}
	}
	if len(pool) == 0 {
		pool = cg.units
	}
	return pool[(7*k+3)%len(pool)]
}

// caseFor returns the number of a case of dept first dispatched in m that
// a deduction can be for: one called back dissatisfied, or one answered
// late; "" when there is none.
func (cg *casesGen) caseFor(dept string, m hotline.Month, dissatisfied bool) string {
	for _, d := range cg.done {
		if d.dept != dept || d.month != m {
			continue
		}
		if (dissatisfied && d.reopened) || (!dissatisfied && d.overdue) {
			return d.number
		}
	}
	return ""
}

// peerDistricts are the districts and counties of Liuzhou the city ranks.
var peerDistricts = []string{"城中区", "鱼峰区", "柳南区", "柳北区", "柳江区", "柳城县", "鹿寨县", "融安县", "融水苗族自治县", "三江侗族自治县"}

// peers imports the city's published results of the year for the home
// district and its peers, the home district ahead of them all, and
// returns the home district's rank (0 when the Service has none).
func (cg *casesGen) peers(ctx context.Context) (int, error) {
	p := cg.g.P
	clock := NewClock(cg.end)
	svc := cg.g.Services(clock)
	home := svc.Hotline.HomeDistrict()
	defer cg.g.Step(casesChapter, 1)
	if home == "" || p.PeerDistricts < 1 {
		return 0, nil
	}
	ytd, err := svc.Hotline.YearToDate(ctx, assessor, hotline.NewMonth(p.Year, 12))
	if err != nil {
		return 0, err
	}
	score, sat := ytd.District.AverageScore, ytd.District.AverageSatisfaction
	per := hotline.YearPeriod(p.Year)
	rs := []hotline.PeerResult{{District: home, Period: per, Score: score, Satisfaction: sat}}
	r := cg.g.Rand(casesChapter+".peers", 0)
	for _, name := range peerDistricts {
		if len(rs) >= p.PeerDistricts {
			break
		}
		if name == home {
			continue
		}
		k := int64(len(rs))
		s := score.Sub(decimal.New(25*k+int64(r.IntN(20)), -2))
		if s.IsNegative() {
			s = decimal.Zero
		}
		st := sat.Sub(decimal.New(40*k+int64(r.IntN(30)), -2))
		if st.IsNegative() {
			st = decimal.Zero
		}
		rs = append(rs, hotline.PeerResult{District: name, Period: per, Score: s, Satisfaction: st})
	}
	if _, err := svc.Hotline.ImportPeerResults(ctx, assessor, rs, csvimport.AllOrNothing); err != nil {
		return 0, fmt.Errorf("peer results: %w", err)
	}
	rk, err := svc.Hotline.PeerRanking(ctx, assessor, per)
	if err != nil {
		return 0, err
	}
	return rk.HomeRank, nil
}
