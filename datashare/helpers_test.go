package datashare_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/idcode"
)

// testClock is a settable time source safe for concurrent use.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newMountService returns a Service over a fresh datasharemem store, the
// store, and a clock set to 2022-09-05 00:30:00.123456789 in Shanghai
// (still 2022-09-04 in UTC, so that a date taken in the wrong zone shows).
func newMountService(tb testing.TB, opts ...datashare.Option) (*datashare.Service, *datasharemem.Store, *testClock) {
	tb.Helper()
	c := &testClock{t: time.Date(2022, 9, 5, 0, 30, 0, 123456789, govops.ShanghaiLocation())}
	st := datasharemem.New()
	opts = append([]datashare.Option{datashare.WithNow(c.Now)}, opts...)
	return datashare.NewService(st, opts...), st, c
}

// The actors of the tests: center staff, two departments (公安 provides
// the population data, 市场监管 the market entities), read-only readers.
func actCenter() govops.Actor { return govops.Actor{Name: "中心-王芳"} }
func actPolice() govops.Actor { return govops.Actor{Name: "李强", Department: "GAJ"} }
func actMarket() govops.Actor { return govops.Actor{Name: "赵敏", Department: "SCJGJ"} }
func actViewer() govops.Actor { return govops.Actor{Name: "审计", ReadOnly: true} }
func actPoliceViewer() govops.Actor {
	return govops.Actor{Name: "公安审计", Department: "GAJ", ReadOnly: true}
}

// mustV7 returns a new UUIDv7.
func mustV7(tb testing.TB) uuid.UUID {
	tb.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// checkedUSCC returns the USCC whose first 17 characters are body.
func checkedUSCC(tb testing.TB, body string) string {
	tb.Helper()
	c, err := idcode.USCCCheck(body)
	if err != nil {
		tb.Fatalf("USCCCheck(%s): %v", body, err)
	}
	return body + string(c)
}

// checkedResidentID returns the resident ID whose first 17 digits are
// body.
func checkedResidentID(tb testing.TB, body string) string {
	tb.Helper()
	c, err := idcode.ResidentIDCheck(body)
	if err != nil {
		tb.Fatalf("ResidentIDCheck(%s): %v", body, err)
	}
	return body + string(c)
}

// wrongCheck returns code with its last (check) character replaced by
// another valid one.
func wrongCheck(code string) string {
	last := code[len(code)-1]
	repl := byte('0')
	if last == '0' {
		repl = '1'
	}
	return code[:len(code)-1] + string(repl)
}

// personID returns the n-th resident ID of the tests: born 1980-01-01
// plus n days, in 柳北区 (450205).
func personID(tb testing.TB, n int) string {
	tb.Helper()
	born := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n%10000)
	return checkedResidentID(tb, fmt.Sprintf("450205%s%03d", born.Format("20060102"), n%1000))
}

// entityCode returns the n-th USCC of the tests.
func entityCode(tb testing.TB, n int) string {
	tb.Helper()
	return checkedUSCC(tb, fmt.Sprintf("92450205MA%07d", n))
}

// popItems are the items of the population entry: a name, a resident ID
// (the key), a birth date, an age, a height, a registration time, a
// head-of-household flag and an address.
func popItems() []datashare.Item {
	return []datashare.Item{
		{Name: "姓名", Type: datashare.TypeString, Required: true, Personal: true, Length: 20},
		{Name: "公民身份号码", Type: datashare.TypeString, Required: true, ID: idcode.KindResidentID},
		{Name: "出生日期", Type: datashare.TypeDate},
		{Name: "年龄", Type: datashare.TypeInteger},
		{Name: "身高", Type: datashare.TypeNumber},
		{Name: "登记时间", Type: datashare.TypeDateTime},
		{Name: "是否户主", Type: datashare.TypeBoolean},
		{Name: "住址", Type: datashare.TypeString, Length: 10, Personal: true},
	}
}

// popInput is the population entry of 公安 (GAJ), shared on condition.
func popInput(tb testing.TB) datashare.CatalogInput {
	return datashare.CatalogInput{Code: "101001/000001", Name: "人口基本信息", Department: "GAJ",
		Provider: "柳州市公安局柳北分局", ProviderCode: checkedUSCC(tb, "11450205MB0000001"),
		Summary: "辖区户籍人口的基本信息", Format: datashare.FormatDatabase, SubFormat: "mysql",
		Items: popItems(), Key: []string{"公民身份号码"}, ShareType: datashare.ShareConditional,
		Condition: "用于政务服务身份核验", LegalBasis: "《居民身份证法》", ShareMethod: datashare.MethodInterface,
		Open: datashare.OpenNone, Cycle: datashare.CycleDaily}
}

// bizInput is the market entity entry of 市场监管 (SCJGJ), shared
// unconditionally and open.
func bizInput(tb testing.TB) datashare.CatalogInput {
	return datashare.CatalogInput{Code: "30100111450205MB0000002/000012", Name: "市场主体登记信息", Department: "SCJGJ",
		Provider: "柳北区市场监督管理局", ProviderCode: checkedUSCC(tb, "11450205MB0000002"),
		Summary: "市场主体的登记信息", Format: datashare.FormatSpreadsheet, SubFormat: "xlsx",
		Items: []datashare.Item{
			{Name: "统一社会信用代码", Type: datashare.TypeString, Required: true, ID: idcode.KindUSCC},
			{Name: "名称", Type: datashare.TypeString, Required: true},
			{Name: "成立日期", Type: datashare.TypeDate},
			{Name: "注册资本", Type: datashare.TypeNumber},
		},
		Key: []string{"统一社会信用代码"}, ShareType: datashare.ShareUnconditional, ShareMethod: datashare.MethodFile,
		Open: datashare.OpenUnconditional, Cycle: datashare.CycleMonthly, Related: []string{"101001/000001"}}
}

// mustCatalog creates in as center staff.
func mustCatalog(tb testing.TB, s *datashare.Service, in datashare.CatalogInput) *datashare.Catalog {
	tb.Helper()
	c, err := s.CreateCatalog(context.Background(), actCenter(), in)
	if err != nil {
		tb.Fatalf("CreateCatalog %s: %v", in.Code, err)
	}
	return c
}

// mustPublished creates in as center staff and publishes it.
func mustPublished(tb testing.TB, s *datashare.Service, in datashare.CatalogInput) *datashare.Catalog {
	tb.Helper()
	c := mustCatalog(tb, s, in)
	p, err := s.PublishCatalog(context.Background(), actCenter(), c.Code, 0)
	if err != nil {
		tb.Fatalf("PublishCatalog %s: %v", c.Code, err)
	}
	return p
}

// mustMount mounts file into the entry code as center staff, and fails tb
// on any error.
func mustMount(tb testing.TB, s *datashare.Service, code, file string, opts datashare.MountOptions) *datashare.MountResult {
	tb.Helper()
	res, err := s.Mount(context.Background(), actCenter(), code, strings.NewReader(file), opts)
	if err != nil {
		tb.Fatalf("Mount %s: %v", code, err)
	}
	return res
}

// mustErrCode fails tb unless err carries code.
func mustErrCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

// mustErrFields fails tb unless err is EINVALID naming exactly fields,
// each with a problem that holds the given text.
func mustErrFields(tb testing.TB, err error, fields map[string]string) {
	tb.Helper()
	mustErrCode(tb, err, govops.EINVALID)
	got := govops.ErrorFields(err)
	if len(got) != len(fields) {
		tb.Fatalf("error names %v, want exactly %v (err: %v)", got, fields, err)
	}
	for f, want := range fields {
		p, ok := got[f]
		if !ok || !strings.Contains(p, want) {
			tb.Fatalf("field %s: %q, want it to say %q (err: %v)", f, p, want, err)
		}
	}
}

// popRow is one person as a CSV line of popCSV's header.
type popRow struct {
	name, id, born, age, height, registered, head, address string
}

// goodPerson returns the n-th person, every value good.
func goodPerson(tb testing.TB, n int) popRow {
	return popRow{name: fmt.Sprintf("张%d", n), id: personID(tb, n), born: "1980/1/1", age: "42", height: "1.72",
		registered: "2022-03-01 08:30:00", head: "是", address: "柳北区"}
}

// popHeader is the header of the population files of the tests, in the
// entry's item order.
const popHeader = "姓名,公民身份号码,出生日期,年龄,身高,登记时间,是否户主,住址"

// popCSV writes rows as a CSV file with popHeader.
func popCSV(rows ...popRow) string {
	var b strings.Builder
	b.WriteString(popHeader + "\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s\n", r.name, r.id, r.born, r.age, r.height, r.registered, r.head, r.address)
	}
	return b.String()
}

// allRecords reads every record of the entry code by.
func allRecords(tb testing.TB, s *datashare.Service, by govops.Actor, code string) []datashare.Row {
	tb.Helper()
	var out []datashare.Row
	q := datashare.RecordQuery{Limit: govops.MaxPageSize}
	for {
		page, err := s.Records(context.Background(), by, code, q)
		if err != nil {
			tb.Fatalf("Records %s: %v", code, err)
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out
		}
		q.After = page.Next
	}
}
