package license_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensemem"
)

// clock is a settable time source safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// MustOpenService returns a Service over a fresh licensemem store, with a
// clock set to 2022-09-05 10:00:00.123456789 in Shanghai.
func MustOpenService(tb testing.TB, opts ...license.Option) (*license.Service, *clock) {
	tb.Helper()
	c := &clock{t: time.Date(2022, 9, 5, 10, 0, 0, 123456789, govops.ShanghaiLocation())}
	opts = append([]license.Option{license.WithNow(c.Now)}, opts...)
	return license.NewService(licensemem.New(), opts...), c
}

// The actors of the tests.
func center() govops.Actor  { return govops.Actor{Name: "中心-王芳"} }
func market() govops.Actor  { return govops.Actor{Name: "李强", Department: "SCJGJ"} }
func housing() govops.Actor { return govops.Actor{Name: "赵敏", Department: "ZJJ"} }
func viewer() govops.Actor  { return govops.Actor{Name: "审计", ReadOnly: true} }

// uscc returns the USCC whose first 17 characters are body.
func uscc(tb testing.TB, body string) string {
	tb.Helper()
	c, err := idcode.USCCCheck(body)
	if err != nil {
		tb.Fatalf("USCCCheck(%s): %v", body, err)
	}
	return body + string(c)
}

// residentID returns the resident ID whose first 17 digits are body.
func residentID(tb testing.TB, body string) string {
	tb.Helper()
	c, err := idcode.ResidentIDCheck(body)
	if err != nil {
		tb.Fatalf("ResidentIDCheck(%s): %v", body, err)
	}
	return body + string(c)
}

// breakCheck returns code with its last (check) character replaced by
// another valid one.
func breakCheck(code string) string {
	last := code[len(code)-1]
	repl := byte('0')
	if last == '0' {
		repl = '1'
	}
	return code[:len(code)-1] + string(repl)
}

// authority is the USCC of 柳州市市场监督管理局 in the tests.
func authority(tb testing.TB) string { return uscc(tb, "11450200MB1234567") }

// issuer is the USCC of the district's issuing bureau in the tests.
func issuer(tb testing.TB) string { return uscc(tb, "11450205MB7654321") }

// typeCode returns the type code of sequence seq under authority.
func typeCode(tb testing.TB, seq int) string { return fmt.Sprintf("%s%03d", authority(tb), seq) }

// bizLicense is a single-valid type held by legal persons, valid 1 to 5
// years.
func bizLicense(tb testing.TB) license.TypeInput {
	return license.TypeInput{Code: typeCode(tb, 1), Name: "食品经营许可证", Authority: "柳州市市场监督管理局",
		Level: license.LevelCity, HolderCategory: license.HolderLegal, Validity: license.Validity{MinMonths: 12, MaxMonths: 60},
		Services: []string{"食品经营许可"}, Source: "广西电子证照目录（2022）", SingleValid: true}
}

// personLicense is a permanent type held by natural persons.
func personLicense(tb testing.TB) license.TypeInput {
	return license.TypeInput{Code: typeCode(tb, 2), Name: "独生子女父母光荣证", Authority: "柳州市市场监督管理局",
		Level: license.LevelCounty, HolderCategory: license.HolderNatural}
}

// mustAddType adds in as center staff.
func mustAddType(tb testing.TB, s *license.Service, in license.TypeInput) *license.Type {
	tb.Helper()
	t, err := s.AddType(context.Background(), center(), in)
	if err != nil {
		tb.Fatalf("AddType %s: %v", in.Code, err)
	}
	return t
}

// mustClaim files a claim of typ by by's department, expecting n records
// (n < 0: not declared).
func mustClaim(tb testing.TB, s *license.Service, by govops.Actor, typ string, n int64) *license.Claim {
	tb.Helper()
	in := license.ClaimInput{Type: typ}
	if n >= 0 {
		in.Expected = &n
	}
	c, err := s.FileClaim(context.Background(), by, in)
	if err != nil {
		tb.Fatalf("FileClaim %s by %s: %v", typ, by.Department, err)
	}
	return c
}

// faceFields is the schema of bizLicense in the tests.
func faceFields() []license.Field {
	return []license.Field{
		{Name: "经营者名称", Label: "经营者名称", Type: license.TypeString, Required: true},
		{Name: "经营场所", Label: "经营场所", Type: license.TypeString},
		{Name: "主体业态", Label: "主体业态", Type: license.TypeString, Codes: []string{"食品销售经营者", "餐饮服务经营者", "单位食堂"}},
		{Name: "许可证编号", Label: "许可证编号", Type: license.TypeString, Pattern: `JY[0-9]{14}`},
		{Name: "日常监督管理人员", Type: license.TypeString},
		{Name: "发证日期", Type: license.TypeDate},
	}
}

// bizRecord is a record of bizLicense for holder n, by SCJGJ.
func bizRecord(tb testing.TB, n int) license.RecordInput {
	return license.RecordInput{Number: fmt.Sprintf("JY1450205%07d", n), Type: typeCode(tb, 1),
		IssueDate: date(2022, 3, 1), ValidTo: date(2027, 2, 28), Issuer: "柳北区市场监督管理局", IssuerCode: issuer(tb),
		Department: "SCJGJ", Holder: fmt.Sprintf("柳州市某某餐饮店%d", n), HolderCodeType: license.CodeUSCC,
		HolderCode: uscc(tb, fmt.Sprintf("92450205MA%07d", n)),
		Face:       map[string]string{"经营者名称": "柳州市某某餐饮店", "主体业态": "餐饮服务经营者"}}
}

// date returns the day as midnight UTC.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// bizReady returns a Service with bizLicense claimed by SCJGJ (expecting
// 3 records) and its schema set.
func bizReady(tb testing.TB) *license.Service {
	tb.Helper()
	s, _ := MustOpenService(tb)
	ctx := context.Background()
	mustAddType(tb, s, bizLicense(tb))
	mustClaim(tb, s, market(), typeCode(tb, 1), 3)
	if _, err := s.SetSchema(ctx, market(), license.SchemaInput{Type: typeCode(tb, 1), Fields: faceFields()}); err != nil {
		tb.Fatalf("SetSchema: %v", err)
	}
	return s
}

// mustCode fails tb unless err carries code.
func mustCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

// mustFields fails tb unless err is EINVALID naming exactly fields, each
// with a problem that holds the given text.
func mustFields(tb testing.TB, err error, fields map[string]string) {
	tb.Helper()
	mustCode(tb, err, govops.EINVALID)
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

// pdf is a minimal PDF file.
func pdf() []byte { return []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n") }

// ofd returns an OFD file: a ZIP holding OFD.xml (or, with root false,
// holding it only in a folder, which is not an OFD file).
func ofd(tb testing.TB, root bool) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	name := "OFD.xml"
	if !root {
		name = "Doc_0/OFD.xml"
	}
	for _, n := range []string{name, "Doc_0/Document.xml"} {
		w, err := zw.Create(n)
		if err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.1"/>`)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
