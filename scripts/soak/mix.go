package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
)

// target is one kind of request of the load, and its share of it.
type target struct {
	name   string
	weight int
	write  bool
	// fill sets t's method, URL, body and token, given a number unique to
	// this request, and returns the kind it reports under (its name, but
	// for the lifecycle's slot, which sends whichever step is due).
	fill func(l *load, n uint64, t *vegeta.Target) string
}

// The lifecycle of a case the load registers, each step sent once the one
// before has answered 2xx: dispatch (派单) and close (办结) by the center,
// accept (签收) and reply (办理反馈) by the department, then the 12345
// callback (回访) of the closed case.
var caseSteps = []string{"case.dispatch", "case.accept", "case.reply", "case.close", "hotline.callback"}

// caseStepWeight is the share of the lifecycle's slot: a step for each
// of caseSteps per case.create, so that the cases registered move on as
// fast as they come.
const (
	caseCreateWeight = 4
	caseStepWeight   = 5 * caseCreateWeight
)

// targets is the load: reads and writes across every domain.
func targets() []target {
	admin := func(l *load) string { return l.admin }
	get := func(name string, weight int, token func(*load) string, path func(l *load, n uint64) string) target {
		return target{name: name, weight: weight, fill: func(l *load, n uint64, t *vegeta.Target) string {
			l.request(t, http.MethodGet, path(l, n), token(l), nil)
			return name
		}}
	}
	// alternate reads as the center on even requests and as the street
	// office on odd ones.
	alternate := func(l *load, n uint64) string {
		if n%2 == 0 {
			return l.admin
		}
		return l.dept
	}
	post := func(name string, weight int, path string, body func(l *load, n uint64) any) target {
		return target{name: name, weight: weight, write: true, fill: func(l *load, n uint64, t *vegeta.Target) string {
			l.request(t, http.MethodPost, path, l.admin, body(l, n))
			return name
		}}
	}
	entry := "/api/v1/data/catalogs/" + url.PathEscape(dataEntry)
	return []target{
		// Writes.
		post("case.create", caseCreateWeight, "/api/v1/cases", func(l *load, n uint64) any {
			return caseBody(fmt.Sprintf("LZ12345-%s-%06d", l.now().Format("20060102"), n), int(n))
		}),
		{name: "case.step", weight: caseStepWeight, write: true, fill: (*load).nextStep},
		post("license.record", 2, "/api/v1/licenses/records", func(l *load, n uint64) any {
			issued := l.now()
			return map[string]any{"number": fmt.Sprintf("JY1450205%07d", n), "type": licenseType,
				"issue_date": issued.Format(time.DateOnly), "valid_to": issued.AddDate(5, 0, -1).Format(time.DateOnly),
				"issuer": "柳北区市场监督管理局", "issuer_code": issuerCode, "department": deptCode,
				"holder": "张三", "holder_code_type": "111", "holder_code": residentID(int(n)),
				"face": map[string]string{"经营者名称": "张三", "经营场所": "柳州市柳北区胜利路1号"}}
		}),
		post("data.request", 1, "/api/v1/data/requests", func(*load, uint64) any {
			return map[string]any{"catalog": dataEntry, "consumer": consumerCode, "purpose": "核对纳税人是否享受最低生活保障",
				"items": []string{"姓名", "公民身份号码"}}
		}),
		post("netops.visit", 1, "/api/v1/netops/visits", func(l *load, n uint64) any {
			return map[string]any{"ticket": map[string]string{"kind": "external", "ref": fmt.Sprintf("12345-SOAK-%06d", n)},
				"unit": deptCode, "technician": "覃工", "summary": "三楼办公区外网断网", "contact": "张三", "contact_phone": "13812341234"}
		}),
		post("security.incident", 1, "/api/v1/security/incidents", func(l *load, n uint64) any {
			return map[string]any{"department": deptCode, "title": "门户网站首页被篡改", "type": "attack", "grade": "IV",
				"detected_at": l.now().Add(-10 * time.Minute).Format(time.RFC3339)}
		}),
		post("portal.consultation", 1, "/api/v1/portal/consultations", func(l *load, n uint64) any {
			return map[string]any{"site": portalSite, "ref": fmt.Sprintf("ZX-SOAK-%06d", n), "subject": "咨询社保卡补办地点",
				"asker": "张三", "department": deptCode, "received": l.now().Format(time.DateOnly)}
		}),

		// Reads.
		get("case.list", 8, admin, func(l *load, n uint64) string {
			return "/api/v1/cases?" + []string{"status=dispatched&limit=20", "department=" + deptCode + "&limit=50",
				"kind=hotline&year=" + l.year() + "&limit=50", "q=" + url.QueryEscape("路灯") + "&limit=20"}[n%4]
		}),
		get("case.get", 8, admin, func(l *load, n uint64) string { return "/api/v1/cases/" + l.recentCase(n) }),
		get("case.events", 3, admin, func(l *load, n uint64) string { return "/api/v1/cases/" + l.recentCase(n) + "/events" }),
		get("case.stats", 4, admin, func(l *load, _ uint64) string { return "/api/v1/stats/cases?year=" + l.year() }),
		{name: "hotline.assessment", weight: 5, fill: func(l *load, n uint64, t *vegeta.Target) string {
			l.request(t, http.MethodGet, "/api/v1/hotline/assessments/"+l.month(), alternate(l, n), nil)
			return "hotline.assessment"
		}},
		get("hotline.ytd", 2, admin, func(l *load, _ uint64) string { return "/api/v1/hotline/assessments/ytd?through=" + l.month() }),
		get("hotline.scheme", 1, admin, func(l *load, _ uint64) string { return "/api/v1/hotline/schemes/in-force?month=" + l.month() }),
		get("hotline.callbacks", 2, admin, func(*load, uint64) string { return "/api/v1/hotline/callbacks?limit=50" }),
		{name: "license.records", weight: 3, fill: func(l *load, n uint64, t *vegeta.Target) string {
			l.request(t, http.MethodGet, "/api/v1/licenses/records?type="+licenseType+"&limit=50", alternate(l, n), nil)
			return "license.records"
		}},
		get("license.coverage", 2, admin, func(*load, uint64) string { return "/api/v1/licenses/coverage" }),
		get("data.metrics", 3, admin, func(*load, uint64) string { return "/api/v1/data/metrics" }),
		get("data.quality", 1, admin, func(*load, uint64) string { return "/api/v1/data/quality" }),
		get("data.records", 1, admin, func(*load, uint64) string { return entry + "/records" }),
		get("netops.coverage", 2, admin, func(*load, uint64) string { return "/api/v1/netops/coverage" }),
		get("netops.compliance", 2, admin, func(l *load, _ uint64) string {
			today := l.now()
			first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, today.Location())
			return "/api/v1/netops/compliance?from=" + first.Format(time.DateOnly) + "&to=" + today.Format(time.DateOnly)
		}),
		get("netops.visits", 1, admin, func(*load, uint64) string { return "/api/v1/netops/visits?limit=50" }),
		get("security.report", 2, admin, func(l *load, _ uint64) string { return "/api/v1/security/report?year=" + l.year() }),
		get("security.compliance", 1, admin, func(*load, uint64) string { return "/api/v1/security/compliance" }),
		get("security.incidents", 1, admin, func(*load, uint64) string { return "/api/v1/security/incidents?limit=50" }),
		get("portal.evaluation", 2, admin, func(*load, uint64) string { return "/api/v1/portal/evaluation" }),
		get("portal.sites", 1, admin, func(*load, uint64) string { return "/api/v1/portal/sites" }),
		get("portal.task-counts", 1, admin, func(*load, uint64) string { return "/api/v1/portal/task-counts" }),
		get("report.annual", 2, admin, func(l *load, _ uint64) string { return "/api/v1/reports/annual?year=" + l.year() }),
	}
}

// caseBody is a hotline case to register, its category, source and title
// varied by i.
func caseBody(externalNo string, i int) map[string]any {
	titles := []string{"小区路灯不亮", "道路井盖缺失", "噪音扰民", "占道经营", "供水管道漏水", "垃圾清运不及时"}
	return map[string]any{
		"kind": "hotline", "category": []string{"consult", "help", "complaint", "suggestion", "report"}[i%5],
		"source": []string{"phone", "web", "app", "wechat"}[i%4], "priority": "normal", "external_no": externalNo,
		"title": titles[i%len(titles)], "description": "市民来电反映" + titles[i%len(titles)] + "，请尽快处理",
		"reporter": map[string]string{"name": "张三丰", "phone": "13812341234"}, "location": "跃进路与胜利路口",
	}
}

// residentID returns a valid 公民身份号码 of the district, a different one
// for every i below 365,000: the birth date moves a day every 999 numbers.
func residentID(i int) string {
	born := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/999)
	body := fmt.Sprintf("450205%s%03d", born.Format("20060102"), i%999+1)
	check, err := idcode.ResidentIDCheck(body)
	if err != nil {
		panic(err) // the body is built valid
	}
	return body + string(check)
}

// step is a case in the middle of its lifecycle and the index in
// caseSteps of what it needs next.
type step struct {
	number string
	next   int
}

// load makes the requests of the soak: the targets in proportion to their
// weights, in a fixed shuffled order, each request with a number of its
// own. It is safe for vegeta's workers to call at once.
type load struct {
	base, admin, dept string
	quiet             []string // cases only read and commented on
	targets           []target
	order             []int // indexes into targets, weight times each
	now               func() time.Time

	seq    atomic.Uint64
	serial atomic.Uint64

	mu     sync.Mutex
	due    []step   // cases waiting for their next step, oldest first
	recent []string // the cases registered last, a ring
	head   int
}

const recentCases = 64

func newLoad(base, admin string, s seeded, now func() time.Time) *load {
	l := &load{base: base, admin: admin, dept: s.dept, quiet: s.cases, targets: targets(), now: now}
	for i, t := range l.targets {
		for range t.weight {
			l.order = append(l.order, i)
		}
	}
	// A fixed seed: every run sends the same sequence of kinds.
	rand.New(rand.NewPCG(2022, 12345)).Shuffle(len(l.order), func(i, j int) { l.order[i], l.order[j] = l.order[j], l.order[i] })
	l.recent = append(l.recent, s.cases...)
	return l
}

// Targeter is the vegeta.Targeter of the load.
func (l *load) Targeter() vegeta.Targeter {
	return func(t *vegeta.Target) error {
		i := l.seq.Add(1) - 1
		l.fill(l.order[i%uint64(len(l.order))], t)
		return nil
	}
}

// fill sets t to a request of targets[i].
func (l *load) fill(i int, t *vegeta.Target) string {
	n := l.serial.Add(1)
	kind := l.targets[i].fill(l, n, t)
	// The server echoes the request ID: the result names its kind.
	t.Header.Set("X-Request-ID", fmt.Sprintf("soak.%s.%d", kind, n))
	return kind
}

// request sets t to method path with token and body (JSON), on a header of
// its own.
func (l *load) request(t *vegeta.Target, method, path, token string, body any) {
	t.Method, t.URL, t.Body = method, l.base+path, nil
	t.Header = http.Header{"Authorization": {"Bearer " + token}}
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			panic(err) // maps of strings and numbers
		}
		t.Body = data
		t.Header.Set("Content-Type", "application/json")
	}
}

// nextStep sends the next step of the case that has waited longest, or,
// when no case waits, a comment (备注) on one of the quiet cases.
func (l *load) nextStep(n uint64, t *vegeta.Target) string {
	l.mu.Lock()
	var s step
	ok := len(l.due) > 0
	if ok {
		s, l.due = l.due[0], l.due[1:]
	}
	l.mu.Unlock()
	if !ok {
		l.request(t, http.MethodPost, "/api/v1/cases/"+l.quiet[n%uint64(len(l.quiet))]+"/comment", l.admin,
			map[string]string{"note": "市民来电询问进度，已告知正在办理"})
		return "case.comment"
	}
	c := "/api/v1/cases/" + s.number
	switch caseSteps[s.next] {
	case "case.dispatch":
		l.request(t, http.MethodPost, c+"/dispatch", l.admin, map[string]string{"department": deptCode, "note": "请跃进街道核实处理"})
	case "case.accept":
		l.request(t, http.MethodPost, c+"/accept", l.dept, nil)
	case "case.reply":
		l.request(t, http.MethodPost, c+"/reply", l.dept, map[string]string{"reply": "已核实处理，并电话回复市民"})
	case "case.close":
		l.request(t, http.MethodPost, c+"/close", l.admin, nil)
	case "hotline.callback":
		results := []string{"very_satisfied", "satisfied", "basically_satisfied", "satisfied", "dissatisfied", "unreachable"}
		l.request(t, http.MethodPost, "/api/v1/hotline/callbacks", l.admin, map[string]string{"case_number": s.number,
			"department": deptCode, "result": results[n%uint64(len(results))],
			"called_at": l.now().Add(-time.Minute).Format(time.RFC3339)})
	}
	return caseSteps[s.next]
}

// recentCase is one of the cases registered last (or a quiet one).
func (l *load) recentCase(n uint64) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.recent[n%uint64(len(l.recent))]
}

// followUp takes a 2xx answer of kind: a registered case joins the cases
// read and waits for its dispatch, a step done queues the next one.
func (l *load) followUp(kind string, body []byte) error {
	next := -1
	switch kind {
	case "case.create":
		next = 0
	default:
		for i, s := range caseSteps[:len(caseSteps)-1] {
			if s == kind {
				next = i + 1
			}
		}
	}
	if next < 0 {
		return nil
	}
	var c struct {
		Number string `json:"number"`
	}
	if err := json.Unmarshal(body, &c); err != nil || c.Number == "" {
		return fmt.Errorf("%s: no case number in the answer: %.200s", kind, body)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.due = append(l.due, step{number: c.Number, next: next})
	if kind == "case.create" {
		if len(l.recent) < recentCases {
			l.recent = append(l.recent, c.Number)
		} else {
			l.recent[l.head] = c.Number
			l.head = (l.head + 1) % recentCases
		}
	}
	return nil
}

// kindOf reads the kind a result reports under from the request ID the
// server echoed; a request that got no answer has none.
func kindOf(r *vegeta.Result) string {
	id := r.Headers.Get("X-Request-ID")
	rest, ok := strings.CutPrefix(id, "soak.")
	if !ok {
		return "(no answer)"
	}
	i := strings.LastIndexByte(rest, '.')
	if i < 0 {
		return "(no answer)"
	}
	if _, err := strconv.ParseUint(rest[i+1:], 10, 64); err != nil {
		return "(no answer)"
	}
	return rest[:i]
}

// shanghaiNow is the time in Beijing, as the server shows it: months,
// years and dates of the requests are Beijing's.
func shanghaiNow() time.Time { return time.Now().In(govops.ShanghaiLocation()) }

func (l *load) year() string  { return strconv.Itoa(l.now().Year()) }
func (l *load) month() string { return l.now().Format("2006-01") }
