package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/govops-kit/govops/idcode"
)

// daysBetween returns the working days of days from from to to, both
// included (by date); at least the last day before to when none falls in
// between, so that a caller always has a day to pick.
func daysBetween(days []time.Time, from, to time.Time) []time.Time {
	lo, hi := -1, -1
	for i, d := range days {
		if !d.Before(shanghaiDate(from)) && lo < 0 {
			lo = i
		}
		if !d.After(shanghaiDate(to)) {
			hi = i
		}
	}
	switch {
	case lo < 0 && hi < 0:
		return days[:1]
	case lo < 0 || hi < lo:
		return days[max(hi, 0) : max(hi, 0)+1]
	}
	return days[lo : hi+1]
}

// shanghaiDate returns t's date at midnight in Asia/Shanghai.
func shanghaiDate(t time.Time) time.Time {
	y, m, d := t.In(Shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Shanghai)
}

// pickDay returns one of days, drawn by r.
func pickDay(r *rand.Rand, days []time.Time) time.Time { return days[r.IntN(len(days))] }

// officeMoment returns a moment of day d in office hours (08:40–11:50 or
// 14:40–17:20, Asia/Shanghai), drawn by r.
func officeMoment(r *rand.Rand, d time.Time) time.Time {
	d = shanghaiDate(d)
	if r.IntN(2) == 0 {
		return d.Add(8*time.Hour + 40*time.Minute + time.Duration(r.IntN(190))*time.Minute + time.Duration(r.IntN(60))*time.Second)
	}
	return d.Add(14*time.Hour + 40*time.Minute + time.Duration(r.IntN(160))*time.Minute + time.Duration(r.IntN(60))*time.Second)
}

// checkedCode completes body with the check character check computes; the
// bodies the demo builds are always well formed.
func checkedCode(check func(string) (byte, error), body string) string {
	c, err := check(body)
	if err != nil {
		panic(fmt.Sprintf("demo: check character of %q: %v", body, err))
	}
	return body + string(c)
}

// deptUSCC is the unified social credit code of the district department
// whose directory code is code: a 机关 (11) of 柳北区 (450205), its
// organization part drawn from the code, so that it is the same in every
// chapter and run.
func deptUSCC(code string) string {
	h := fnv.New32a()
	h.Write([]byte(code))
	return checkedCode(idcode.USCCCheck, fmt.Sprintf("11450205MB%07d", h.Sum32()%10_000_000))
}

// residentIDFor returns a valid resident ID of 柳北区 (450205) for a person
// born on born, with the 3-digit order n (its last digit odd for a man).
func residentIDFor(born time.Time, n int) string {
	return checkedCode(idcode.ResidentIDCheck, fmt.Sprintf("450205%s%03d", born.Format("20060102"), n%1000))
}

// Surnames and given names of the district's people, for the holders and
// the records the demo makes up.
var (
	holderSurnames   = []string{"韦", "覃", "黄", "莫", "蒙", "梁", "李", "张", "王", "刘", "陈", "杨", "廖", "谭", "潘", "罗", "周", "吴", "唐", "邓"}
	holderGivenNames = []string{"伟", "芳", "丽娟", "海燕", "志强", "建华", "秀英", "桂兰", "明", "静", "磊", "婷婷", "春梅", "国庆", "小红", "家豪", "思远", "晓东", "玉梅", "文斌"}
)

// holderName returns a person's name drawn from n.
func holderName(n int) string {
	return holderSurnames[n%len(holderSurnames)] + holderGivenNames[(n/len(holderSurnames)+n*7)%len(holderGivenNames)]
}
