package console

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Chart is the data of one SVG chart drawn on the server: labels along
// the x axis and one or more series of values. The charts use no script
// and no style attribute (the Content-Security-Policy allows neither):
// colours come from the stylesheet's series classes s0…s5.
type Chart struct {
	Title  string
	Unit   string // shown after values: 件, %, 分
	Labels []string
	Series []Series
	// Min and Max fix the value axis; both zero means from 0 (or the
	// lowest value, if negative) to the highest value.
	Min, Max float64
	// Stacked stacks the series of a bar chart instead of grouping them.
	Stacked bool
}

// Series is one named row of values, one per label.
type Series struct {
	Name   string
	Values []float64
}

const (
	chartW, chartH             = 640, 260
	padL, padR, padT, padB     = 48, 12, 12, 40
	plotW, plotH               = chartW - padL - padR, chartH - padT - padB
	legendRow                  = 18
	maxSeries                  = 6
	gridLines                  = 4
	barGapShare, groupGapShare = 0.1, 0.25
)

// BarChart draws c as vertical bars, grouped or stacked by series.
func BarChart(c Chart) template.HTML {
	lo, hi := c.bounds()
	var b strings.Builder
	c.open(&b, lo, hi)
	n := len(c.Labels)
	if n > 0 {
		slot := float64(plotW) / float64(n)
		inner := slot * (1 - groupGapShare)
		k := len(c.Series)
		if c.Stacked {
			k = 1
		}
		bw := inner / float64(max(k, 1))
		for i := range c.Labels {
			x0 := padL + float64(i)*slot + (slot-inner)/2
			base := 0.0
			for si, s := range c.Series {
				v := at(s.Values, i)
				x := x0 + float64(si)*bw
				from := 0.0
				if c.Stacked {
					x, from = x0, base
					base += v
				}
				y1, y2 := c.y(from+v, lo, hi), c.y(from, lo, hi)
				top, h := math.Min(y1, y2), math.Abs(y2-y1)
				fmt.Fprintf(&b, `<rect class="bar s%d" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s %s：%s%s</title></rect>`,
					si%maxSeries, x+bw*barGapShare/2, top, bw*(1-barGapShare), h,
					esc(c.Labels[i]), esc(s.Name), value(v), esc(c.Unit))
			}
		}
	}
	c.close(&b)
	return template.HTML(b.String())
}

// LineChart draws c as one line per series, with a dot at each value.
func LineChart(c Chart) template.HTML {
	lo, hi := c.bounds()
	var b strings.Builder
	c.open(&b, lo, hi)
	n := len(c.Labels)
	if n > 0 {
		slot := float64(plotW) / float64(n)
		for si, s := range c.Series {
			var pts []string
			for i := range c.Labels {
				if i >= len(s.Values) {
					break
				}
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", padL+slot*(float64(i)+0.5), c.y(s.Values[i], lo, hi)))
			}
			fmt.Fprintf(&b, `<polyline class="line s%d" fill="none" points="%s"/>`, si%maxSeries, strings.Join(pts, " "))
			for i, p := range pts {
				xy := strings.SplitN(p, ",", 2)
				fmt.Fprintf(&b, `<circle class="dot s%d" cx="%s" cy="%s" r="3"><title>%s %s：%s%s</title></circle>`,
					si%maxSeries, xy[0], xy[1], esc(c.Labels[i]), esc(s.Name), value(s.Values[i]), esc(c.Unit))
			}
		}
	}
	c.close(&b)
	return template.HTML(b.String())
}

// Meter draws a share as a horizontal bar: part of whole, with its
// percentage.
func Meter(label string, part, whole float64) template.HTML {
	share := 0.0
	if whole > 0 {
		share = math.Min(part/whole, 1)
	}
	return template.HTML(fmt.Sprintf(`<svg class="meter" viewBox="0 0 300 22" role="img" aria-label="%s %.2f%%">`+
		`<rect class="meter-bg" x="0" y="4" width="300" height="14" rx="3"/>`+
		`<rect class="meter-fg" x="0" y="4" width="%.1f" height="14" rx="3"/>`+
		`<text class="meter-text" x="150" y="15" text-anchor="middle">%s / %s（%.2f%%）</text></svg>`,
		esc(label), share*100, share*300, value(part), value(whole), share*100))
}

func (c Chart) bounds() (lo, hi float64) {
	if c.Min != 0 || c.Max != 0 {
		return c.Min, c.Max
	}
	for i := range c.Labels {
		sum := 0.0
		for _, s := range c.Series {
			v := at(s.Values, i)
			if c.Stacked {
				sum += v
				v = sum
			}
			hi, lo = math.Max(hi, v), math.Min(lo, v)
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	return lo, niceCeil(hi)
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten, for the axis.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return v
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return v
}

func (c Chart) y(v, lo, hi float64) float64 {
	return padT + plotH - (v-lo)/(hi-lo)*plotH
}

func (c Chart) open(b *strings.Builder, lo, hi float64) {
	legend := 0
	if len(c.Series) > 1 {
		legend = legendRow
	}
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartW, chartH+legend, esc(c.Title))
	fmt.Fprintf(b, `<title>%s</title>`, esc(c.Title))
	for i := 0; i <= gridLines; i++ {
		v := lo + (hi-lo)*float64(i)/gridLines
		y := c.y(v, lo, hi)
		fmt.Fprintf(b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padL, chartW-padR, y, y)
		fmt.Fprintf(b, `<text class="axis" x="%d" y="%.1f" text-anchor="end">%s</text>`, padL-4, y+4, value(v))
	}
	n := len(c.Labels)
	if n > 0 {
		slot := float64(plotW) / float64(n)
		step := 1
		if n > 16 {
			step = (n + 15) / 16
		}
		for i, l := range c.Labels {
			if i%step != 0 {
				continue
			}
			fmt.Fprintf(b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`,
				padL+slot*(float64(i)+0.5), chartH-padB+16, esc(short(l)))
		}
	}
}

func (c Chart) close(b *strings.Builder) {
	if len(c.Series) > 1 {
		x := padL
		for si, s := range c.Series {
			fmt.Fprintf(b, `<rect class="bar s%d" x="%d" y="%d" width="10" height="10"/>`, si%maxSeries, x, chartH+2)
			fmt.Fprintf(b, `<text class="legend" x="%d" y="%d">%s</text>`, x+14, chartH+11, esc(s.Name))
			x += 24 + 13*len([]rune(s.Name))
		}
	}
	b.WriteString(`</svg>`)
}

func at(vs []float64, i int) float64 {
	if i < len(vs) {
		return vs[i]
	}
	return 0
}

// value writes v without needless decimals: 12, 95.92.
func value(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// short cuts a long axis label to eight characters.
func short(s string) string {
	r := []rune(s)
	if len(r) > 8 {
		return string(r[:7]) + "…"
	}
	return s
}

func esc(s string) string { return template.HTMLEscapeString(s) }
