package hotline

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// PeerResult is one district's published result (城区成绩) for a period, as
// the city announces it. There is one per district and period.
type PeerResult struct {
	District     string          // e.g. "柳北区"
	Period       Period          // a month, or a whole year
	Score        decimal.Decimal // the published score
	Satisfaction decimal.Decimal // the published satisfaction rate, in percent
	ImportedAt   time.Time
	ImportedBy   string
}

func (r *PeerResult) problems(p *govops.Problems) {
	govops.CheckText(p, "district", r.District, MaxNameLen, true)
	if !r.Period.Valid() {
		p.Add("period", "must be a year (2022) or a month (2022-08)")
	}
	if r.Score.IsNegative() || r.Score.GreaterThanOrEqual(decimal.NewFromInt(10000)) {
		p.Add("score", "must be between 0 and 9999.99")
	}
	if r.Satisfaction.IsNegative() || r.Satisfaction.GreaterThan(decimal.NewFromInt(100)) {
		p.Add("satisfaction", "must be a percentage between 0 and 100")
	}
	for _, x := range []struct {
		name string
		v    decimal.Decimal
	}{{"score", r.Score}, {"satisfaction", r.Satisfaction}} {
		if !x.v.Equal(x.v.Round(2)) {
			p.Add(x.name, "must have at most 2 decimal places")
		}
	}
}

// RankedDistrict is one line of a ranking.
type RankedDistrict struct {
	Rank         int // 1-based; equal scores share a rank (1, 2, 2, 4)
	District     string
	Score        decimal.Decimal
	Satisfaction decimal.Decimal
	Home         bool // the Service's home district
}

// Ranking is the districts of one period, best first (城区排名).
type Ranking struct {
	Period       Period
	HomeDistrict string
	HomeRank     int // 0 when the home district has no result for the period
	Districts    []RankedDistrict
}

// Rank orders results by score, highest first, with standard competition
// ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4).
// Districts that share a rank are listed by name (in Unicode order), which
// only affects the display. The district named home is marked.
func Rank(results []PeerResult, home string) []RankedDistrict {
	rs := append([]PeerResult(nil), results...)
	sort.SliceStable(rs, func(i, j int) bool {
		if c := rs[i].Score.Cmp(rs[j].Score); c != 0 {
			return c > 0
		}
		return rs[i].District < rs[j].District
	})
	out := make([]RankedDistrict, len(rs))
	for i, r := range rs {
		rank := i + 1
		if i > 0 && r.Score.Equal(rs[i-1].Score) {
			rank = out[i-1].Rank
		}
		out[i] = RankedDistrict{Rank: rank, District: r.District, Score: r.Score,
			Satisfaction: r.Satisfaction, Home: home != "" && r.District == home}
	}
	return out
}
