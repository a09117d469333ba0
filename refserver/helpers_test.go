package refserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govops-kit/govops/internal/apitest"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensemem"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
)

// stepClock returns a clock that starts at start and moves one second on
// every reading, so that times are ordered and tests never sleep. It starts
// inside the years the embedded holiday tables cover.
func stepClock(start time.Time) func() time.Time {
	var n atomic.Int64
	return func() time.Time { return start.Add(time.Duration(n.Add(1)) * time.Second) }
}

var testStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// jumpClock is a stepClock that a test can move to another time.
type jumpClock struct {
	mu sync.Mutex
	t  time.Time
}

func newJumpClock(start time.Time) *jumpClock { return &jumpClock{t: start} }

// Now returns the time and moves the clock one second on.
func (c *jumpClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// Set moves the clock to t.
func (c *jumpClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines to write
// while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testEnv is a Server over in-memory stores, behind a loopback listener,
// with a department "ylj" (跃进街道) and "jfj" (解放街道) and one token of each
// kind.
type testEnv struct {
	srv      *refserver.Server
	services refserver.Services // what srv was built from
	ts       *httptest.Server
	logs     *syncBuffer
	admin    string
	own      string // dept token of ylj
	other    string // dept token of jfj
	viewer   string
}

// envSetup is what MustOpenServer builds a Server from; options change it.
type envSetup struct {
	cfg   refserver.Config
	svc   refserver.Services
	hooks []refserver.CaseHook // run after the hotline bridge
	now   func() time.Time     // the clock of the server and both services
	cal   *govops.Calendar     // the calendar of both services; nil: the default
	// portal are options of the portal Service after the test server's
	// own (which let it crawl loopback sites).
	portal []portal.Option
}

type envOption func(*envSetup)

func MustOpenServer(tb testing.TB, opts ...envOption) *testEnv {
	tb.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	set := envSetup{now: stepClock(testStart), svc: refserver.Services{Store: refserver.NewMemStore()}}
	set.svc.Departments = directory.NewService(directorymem.New(), directory.WithNow(set.now))
	for _, o := range opts {
		o(&set)
	}
	cal := set.cal
	if cal == nil {
		cal = govops.DefaultCalendar()
	}
	caseStore := govcasemem.New()
	if set.svc.Hotline == nil {
		set.svc.Hotline = hotline.NewService(hotlinemem.New(), hotline.WithNow(set.now), hotline.WithCalendar(cal),
			hotline.WithDepartmentCheck(set.svc.Departments.Check()),
			hotline.WithPersonalData(refserver.CasePersonalData(caseStore)))
	}
	if set.svc.Licenses == nil {
		set.svc.Licenses = license.NewService(licensemem.New(), license.WithNow(set.now),
			license.WithDepartmentCheck(set.svc.Departments.Check()))
	}
	if set.svc.Data == nil {
		set.svc.Data = datashare.NewService(datasharemem.New(), datashare.WithNow(set.now), datashare.WithCalendar(cal),
			datashare.WithDepartmentCheck(set.svc.Departments.Check()))
	}
	set.cfg.Logger, set.cfg.Now = log, set.now
	set.svc.Calendar = set.cal
	// Portal's tasks go out as cases and come back fixed when their case
	// closes: the link is given to the case Service before portal exists.
	link := new(refserver.PortalLink)
	hooks := append([]refserver.CaseHook{refserver.HotlineOutcomes(set.svc.Hotline), link.CaseHook()}, set.hooks...)
	set.svc.Cases = govcase.NewService(caseStore,
		append(refserver.CaseOptions(log, set.svc.Departments.Check(), hooks...), govcase.WithNow(set.now), govcase.WithCalendar(cal))...)
	if set.svc.Netops == nil {
		set.svc.Netops = netops.NewService(netopsmem.New(),
			append(refserver.NetopsOptions(log, set.svc.Departments, set.svc.Cases), netops.WithNow(set.now))...)
	}
	if set.svc.Security == nil {
		set.svc.Security = security.NewService(securitymem.New(), security.WithNow(set.now), security.WithDepartmentCheck(set.svc.Departments.Check()))
	}
	if set.svc.Portal == nil {
		// The tests crawl and probe sites served on loopback.
		opts := append(refserver.PortalOptions(log, set.svc.Departments, set.svc.Cases),
			portal.WithNow(set.now), portal.WithPrivateTargets(true), portal.WithProgressEvery(10*time.Millisecond))
		set.svc.Portal = portal.NewService(portalmem.New(), append(opts, set.portal...)...)
		tb.Cleanup(func() { _ = set.svc.Portal.Shutdown(context.Background()) })
	}
	link.Set(set.svc.Portal)
	srv, err := refserver.New(set.cfg, set.svc)
	if err != nil {
		tb.Fatal(err)
	}
	e := &testEnv{srv: srv, services: set.svc, logs: logs}
	e.ts = httptest.NewServer(srv.Handler())
	tb.Cleanup(e.ts.Close)
	ctx := context.Background()
	reg := srv.Registry()
	for _, d := range []directory.CreateInput{
		{Code: "ylj", Name: "跃进街道", Kind: directory.KindTownship, Zone: directory.ZoneUrban},
		{Code: "jfj", Name: "解放街道", Kind: directory.KindTownship, Zone: directory.ZoneUrban},
	} {
		// A directory shared with another test server has them already.
		if _, err := set.svc.Departments.Create(ctx, govops.Actor{Name: "中心"}, d); err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
			tb.Fatal(err)
		}
	}
	seedLicenses(tb, set.svc.Licenses)
	seedData(tb, set.svc.Departments, set.svc.Data)
	seedPortal(tb, set.svc.Portal)
	issue := func(in refserver.TokenInput) string {
		_, plain, err := reg.IssueToken(ctx, in)
		if err != nil {
			tb.Fatal(err)
		}
		return plain
	}
	e.admin = issue(refserver.TokenInput{Name: "中心值班", Role: refserver.RoleAdmin})
	e.own = issue(refserver.TokenInput{Name: "跃进街道", Role: refserver.RoleDept, Department: "ylj"})
	e.other = issue(refserver.TokenInput{Name: "解放街道", Role: refserver.RoleDept, Department: "jfj"})
	e.viewer = issue(refserver.TokenInput{Name: "督查室", Role: refserver.RoleViewer})
	return e
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		tb.Fatalf("response is not a JSON object (%v): %s", err, r.body)
	}
	return m
}

// do sends a request (see apitest.Do).
func do(tb testing.TB, base, method, path, token string, body any, hdr ...string) response {
	tb.Helper()
	status, header, data := apitest.Do(tb, base, method, path, token, body, hdr...)
	return response{status: status, header: header, body: data}
}

func (e *testEnv) do(tb testing.TB, method, path, token string, body any, hdr ...string) response {
	tb.Helper()
	return do(tb, e.ts.URL, method, path, token, body, hdr...)
}

// mustStatus fails unless r has status want.
func mustStatus(tb testing.TB, r response, want int) {
	tb.Helper()
	if r.status != want {
		tb.Fatalf("status = %d, want %d; body: %s", r.status, want, r.body)
	}
}

// newCase registers a case as admin and returns its number.
func (e *testEnv) newCase(tb testing.TB) string {
	tb.Helper()
	r := e.do(tb, "POST", "/api/v1/cases", e.admin, map[string]any{
		"kind": "hotline", "category": "complaint", "source": "phone", "title": "路灯不亮",
		"description": "跃进路口路灯三晚不亮", "reporter": map[string]string{"name": "张三丰", "phone": "13812341234"},
	})
	mustStatus(tb, r, http.StatusCreated)
	return r.json(tb)["number"].(string)
}

// dispatchedCase registers a case and dispatches it to ylj.
func (e *testEnv) dispatchedCase(tb testing.TB) string {
	tb.Helper()
	n := e.newCase(tb)
	mustStatus(tb, e.do(tb, "POST", "/api/v1/cases/"+n+"/dispatch", e.admin, map[string]any{"department": "ylj"}), http.StatusOK)
	return n
}

func loggerTo(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

func newTestServer(tb testing.TB, h http.Handler) string {
	ts := httptest.NewServer(h)
	tb.Cleanup(ts.Close)
	return ts.URL
}

// LicenseType is the license type every test server's catalog holds,
// claimed by ylj with a schema: the type of the OpenAPI document's example
// record.
const LicenseType = "11450200MB1234567J001"

// seedLicenses adds LicenseType to the catalog, claimed by ylj, with its
// face-data schema. A catalog shared with another test server has it
// already.
func seedLicenses(tb testing.TB, s *license.Service) {
	tb.Helper()
	ctx := context.Background()
	center := govops.Actor{Name: "中心"}
	_, err := s.AddType(ctx, center, license.TypeInput{Code: LicenseType, Name: "食品经营许可证", Authority: "柳州市市场监督管理局",
		Level: license.LevelCity, HolderCategory: license.HolderMixed, Validity: license.Validity{MaxMonths: 60}})
	if govops.ErrorCode(err) == govops.ECONFLICT {
		return
	}
	if err != nil {
		tb.Fatal(err)
	}
	n := int64(100)
	if _, err := s.FileClaim(ctx, center, license.ClaimInput{Type: LicenseType, Department: "ylj", Expected: &n}); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.SetSchema(ctx, center, license.SchemaInput{Type: LicenseType, Fields: []license.Field{
		{Name: "经营者名称", Label: "经营者名称", Type: license.TypeString, Required: true},
		{Name: "经营场所", Label: "经营场所", Type: license.TypeString},
	}}); err != nil {
		tb.Fatal(err)
	}
}

// DataEntry is the catalog entry every test server's data catalog holds:
// ylj's, published and shared on condition, with a personal item and a
// resident-ID item. The OpenAPI document's example share request asks
// for it, for the department DataConsumer.
const (
	DataEntry    = "301001/000001"
	DataConsumer = "gaj"
)

// seedData adds DataConsumer to the directory (a department that is
// neither of the test tokens', so that a request it makes is read by the
// foreign token as a third party's) and DataEntry to the catalog. A
// directory or catalog shared with another test server has them already.
func seedData(tb testing.TB, deps *directory.Service, s *datashare.Service) {
	tb.Helper()
	ctx := context.Background()
	center := govops.Actor{Name: "中心"}
	_, err := deps.Create(ctx, center, directory.CreateInput{Code: DataConsumer, Name: "柳北公安分局", Kind: directory.KindDepartment})
	if err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
		tb.Fatal(err)
	}
	c, err := s.CreateCatalog(ctx, center, datashare.CatalogInput{Code: DataEntry, Name: "低保对象名册", Department: "ylj",
		Provider: "柳北区跃进街道办事处", ProviderCode: "11450205MB0000003C", Summary: "辖区城乡最低生活保障对象",
		Format: datashare.FormatSpreadsheet, Items: []datashare.Item{
			{Name: "姓名", Type: datashare.TypeString, Required: true, Personal: true},
			{Name: "公民身份号码", Type: datashare.TypeString, Required: true, ID: idcode.KindResidentID},
			{Name: "保障金额", Type: datashare.TypeNumber},
		}, Key: []string{"公民身份号码"}, ShareType: datashare.ShareConditional, Condition: "仅限社会救助审核与核查使用",
		LegalBasis: "《社会救助暂行办法》", ShareMethod: datashare.MethodInterface, Open: datashare.OpenNone, Cycle: datashare.CycleMonthly})
	if govops.ErrorCode(err) == govops.ECONFLICT {
		return
	}
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.PublishCatalog(ctx, center, c.Code, c.Version); err != nil {
		tb.Fatal(err)
	}
}

// PortalSite is the code of the site every test server has (the district
// portal, the center's own), which the OpenAPI document's examples name.
const PortalSite = "LBQ-PORTAL"

// seedPortal registers PortalSite. Its home is on no network: nothing
// crawls or probes it.
func seedPortal(tb testing.TB, s *portal.Service) {
	tb.Helper()
	_, err := s.CreateSite(context.Background(), govops.Actor{Name: "中心"}, portal.SiteInput{Code: PortalSite, Name: "柳北区人民政府门户网站",
		Home: "https://www.liubei.gov.cn/", Domains: []string{"gov.cn"}})
	if err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
		tb.Fatal(err)
	}
}
