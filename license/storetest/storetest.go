// Package storetest is the conformance suite for license.Store
// implementations.
//
// Every store that ships with the license catalog runs it, and so should
// yours:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
//			return &myHarness{}, nil // its MakeStore returns a fresh, empty store
//		})
//	}
//
// The suite builds types, claims, templates, schemas, records and events
// itself, without the Service, because a Store holds no business rule: it
// only has to keep what it is given, refuse what its unique keys forbid,
// find it and count it exactly. It checks:
//
//   - every field round-trips, times at microsecond precision compared by
//     instant, face data, service lists and schema fields included (a nil
//     list or map may come back empty, and the other way round);
//   - ENOTFOUND for what is not stored, ECONFLICT for every taken key: a
//     type's code, a claim's type and department, a template's revision
//     within its type, a type's one schema, a record's identifier and its
//     number within its type, any ID and any event ID;
//   - the rule of one exclusive valid record per type and holder code, on
//     create, on an update that makes a record exclusive and valid, and on
//     reissue, where the replaced record leaves the rule in the same step;
//   - atomic writes: a batch with one bad type, an UpdateTemplates with one
//     missing template and a Reissue with either half refused store nothing;
//   - optimistic locking: a stale version is ECONFLICT on every versioned
//     write, and of 50 writers of the same version exactly one wins;
//   - the trail: each write appends its events, Events returns them in Seq
//     order, never apart from the version they record, and an event ID is
//     unique across every subject;
//   - filters and keyset pagination of types, claims and records against a
//     brute-force reference over a randomized fixture, and Facts against a
//     brute-force count;
//   - the RecordWriter: a Refusal for each key taken by a stored record, by
//     an earlier chunk or by an earlier record of the chunk; nothing visible
//     before Commit and nothing left after Rollback; Commit stores the
//     batch; of two concurrent imports of one identifier exactly one stores
//     it;
//   - every method failing on a cancelled context, without writing;
//   - the counts under random sequences of writes of records (creates,
//     state changes, reissues, imports, refused and stale writes, and
//     bursts of concurrent writers): after each sequence Facts counts the
//     records by type and department as a brute-force count over the
//     listing does, and a store that keeps summaries
//     (govops.SummaryKeeper) finds them clean, and a repair of a clean
//     store changes nothing.
//
// RunBenchmarks measures batch creation, record pages, Facts and the
// RecordWriter.
//
// Each case of the suite is a method of the type cases named Test…, found
// by its name (see internal/storetestkit.Run), so a new case needs no list
// to be added to. The suite's own test runs it over stores that each break
// one rule and requires that the case meant for that rule, and only it,
// fails.
package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run:
//
//	MakeStore(ctx context.Context, t testing.TB) (license.Store, error)
//	Close()
//
// A harness may also have a method Dialect() string naming the database
// dialect of its stores ("sqlite", "pg", "mysql"): when the suite passes,
// RunConformanceTests then leaves the file license-<dialect> in the folder
// named by $GOVOPS_CONFORMANCE_DIR, which CI checks to prove that the suite
// ran on each database rather than being skipped. This suite has no
// optional capability: every case applies to every store.
type Harness = storetestkit.Harness[license.Store]

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker = storetestkit.HarnessMaker[license.Store]

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	storetestkit.Run(t, "license", newHarness, cases{})
}

// storeMaker returns a fresh, empty store for t.
type storeMaker = storetestkit.StoreMaker[license.Store]

// cases holds the suite's cases: each of its methods named Test… is one.
type cases struct{}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in Asia/Shanghai, which a store may return
// in any location.
func baseTime() time.Time {
	return time.Date(2022, 8, 14, 9, 26, 53, 589793000, govops.ShanghaiLocation())
}

// day returns the date n days after 2022-03-01, as records hold dates: at
// midnight UTC.
func day(n int) time.Time { return time.Date(2022, 3, 1+n, 0, 0, 0, 0, time.UTC) }

// authority is the USCC of the defining authority of most fixture types.
const authority = "11450200MB0123456X"

// typeCode returns the code of the fixture type n of authority.
func typeCode(n int) string { return fmt.Sprintf("%s%03d", authority, n) }

// newType returns a type at version 1 with every field set.
func newType(tb testing.TB, code, name string) license.Type {
	tb.Helper()
	t0 := baseTime()
	auth := code
	if len(code) > 18 {
		auth = code[:18]
	}
	return license.Type{ID: storetestkit.NewID(tb), Code: code, Name: name, Authority: "柳州市市场监督管理局",
		AuthorityCode: auth, Level: license.LevelCity, HolderCategory: license.HolderLegal,
		Validity: license.Validity{MinMonths: 12, MaxMonths: 60}, Services: []string{"营业执照核发", "变更登记 (Change)"},
		Source: "柳北区证照目录 2022 第二批", SingleValid: true, Version: 1, CreatedAt: t0, UpdatedAt: t0}
}

// event returns the event of subject's change to version seq.
func event(tb testing.TB, subject uuid.UUID, seq int64, typ license.EventType, from, to string) license.Event {
	tb.Helper()
	return license.Event{ID: storetestkit.NewID(tb), Subject: subject, Seq: seq, Type: typ, Actor: "中心-王",
		ActorDept: "lbq-zwfw", At: storetestkit.Micro(baseTime().Add(time.Duration(seq) * time.Hour)), From: license.Status(from), To: license.Status(to),
		Department: "lbq-scjg", Note: fmt.Sprintf("第%d步: name: 旧 → 新", seq), Attachments: []string{"说明.pdf"}}
}

// typeAdded returns the event that records t's creation.
func typeAdded(tb testing.TB, t *license.Type) license.Event {
	tb.Helper()
	return event(tb, t.ID, 1, license.EventTypeAdded, "", "")
}

// renamedType returns the next version of t under another name, with its
// event.
func renamedType(tb testing.TB, t *license.Type, name string) (*license.Type, license.Event) {
	tb.Helper()
	next := *t
	next.Services = append([]string(nil), t.Services...)
	next.Name, next.Version = name, t.Version+1
	next.UpdatedAt = storetestkit.Micro(t.UpdatedAt.Add(time.Minute))
	return &next, event(tb, next.ID, next.Version, license.EventTypeUpdated, "", "")
}

// mustCreateTypes stores ts with their added events and returns the
// events.
func mustCreateTypes(tb testing.TB, st license.Store, ts ...license.Type) []license.Event {
	tb.Helper()
	evs := make([]license.Event, len(ts))
	for i := range ts {
		evs[i] = typeAdded(tb, &ts[i])
	}
	storetestkit.Must(tb, st.CreateTypes(tb.Context(), ts, evs), "CreateTypes")
	return evs
}

// newClaim returns an active claim of typ by dept at version 1.
func newClaim(tb testing.TB, typ, dept string) license.Claim {
	tb.Helper()
	t0 := baseTime()
	return license.Claim{ID: storetestkit.NewID(tb), Type: typ, Department: dept, Kind: license.KindClaim,
		Status: license.ClaimActive, Expected: 850, Version: 1, CreatedAt: t0, UpdatedAt: t0}
}

// newTemplate returns a draft template of typ of revision rev at version 1
// with its content.
func newTemplate(tb testing.TB, typ string, rev int) (license.Template, []byte) {
	tb.Helper()
	content := fmt.Appendf(nil, "%%PDF-1.7\n%% 营业执照 %s r%d\n\x00\xff\xfe\x01 binary\r\n%%%%EOF", typ, rev)
	sum := sha256.Sum256(content)
	t0 := baseTime()
	return license.Template{ID: storetestkit.NewID(tb), Type: typ, Revision: rev, Format: license.FormatPDF,
		FileName: fmt.Sprintf("营业执照（第%d版）.pdf", rev), SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)),
		Status: license.TemplateDraft, Department: "lbq-scjg", Version: 1, CreatedAt: t0, UpdatedAt: t0}, content
}

// newSchema returns a schema of typ at version 1 with fields of every
// kind.
func newSchema(tb testing.TB, typ string) license.Schema {
	tb.Helper()
	t0 := baseTime()
	return license.Schema{ID: storetestkit.NewID(tb), Type: typ, Fields: []license.Field{
		{Name: "企业名称", Label: "名称", Type: license.TypeString, Required: true},
		{Name: "reg_capital", Label: "注册资本（万元）", Type: license.TypeDecimal, Pattern: `\d+(\.\d{1,2})?`},
		{Name: "kind", Label: "类型", Type: license.TypeString, Codes: []string{"有限责任公司", "个人独资企业", "a\"b\\c"}},
		{Name: "established", Label: "成立日期", Type: license.TypeDate},
		{Name: "scope", Label: "经营范围", Type: license.TypeText},
	}, Version: 1, CreatedAt: t0, UpdatedAt: t0}
}

// holderCode returns the fixture holder code n.
func holderCode(n int) string { return fmt.Sprintf("91450200MA5K%06d", n) }

// newRecord returns a valid, non-exclusive record of typ with serial n,
// every field set.
func newRecord(tb testing.TB, typ string, n int) license.Record {
	tb.Helper()
	t0 := baseTime()
	issuer := "11450205MB0987654Y"
	return license.Record{ID: storetestkit.NewID(tb),
		Identifier: fmt.Sprintf("1.2.156.3005.2.%s.%s.%07d.001.K", typ, issuer, n),
		Number:     fmt.Sprintf("LB%s-%06d", typ[len(typ)-3:], n), Type: typ,
		IssueDate: day(n % 300), ValidFrom: day(n % 300), ValidTo: day(n%300 + 365*3),
		Issuer: "柳州市柳北区行政审批局", IssuerCode: issuer, Department: "lbq-xzsp",
		Holder: fmt.Sprintf("柳州市第%d号商贸有限公司", n), HolderCodeType: license.CodeUSCC, HolderCode: holderCode(n),
		Face:  map[string]string{"企业名称": fmt.Sprintf("柳州市第%d号商贸有限公司", n), "reg_capital": "100.50", "scope": "批发\n零售"},
		State: license.StateValid, Warnings: []string{"holder_code: check character fails (warn mode)"},
		CreatedBy: "lbq-xzsp-李", CreatedByDept: "lbq-xzsp", Version: 1, CreatedAt: t0, UpdatedAt: t0}
}

// exclusive returns r made exclusive.
func exclusive(r license.Record) license.Record {
	r.Exclusive = true
	return r
}

// changed returns the next version of r in state to, with the event that
// records it.
func changed(tb testing.TB, r *license.Record, to license.State) (*license.Record, license.Event) {
	tb.Helper()
	next := *r
	next.State, next.Version = to, r.Version+1
	next.UpdatedAt = storetestkit.Micro(r.UpdatedAt.Add(time.Hour))
	return &next, event(tb, r.ID, next.Version, license.EventRecordSuspended, string(r.State), string(to))
}

// mustCreateRecords stores rs one by one.
func mustCreateRecords(tb testing.TB, st license.Store, rs ...license.Record) {
	tb.Helper()
	for _, r := range rs {
		storetestkit.Must(tb, st.CreateRecord(tb.Context(), r), "CreateRecord "+r.Identifier)
	}
}

// requireRecord fails tb unless the record of r's ID, and of its
// identifier, is r.
func requireRecord(tb testing.TB, st license.Store, r license.Record, when string) {
	tb.Helper()
	got, err := st.Record(tb.Context(), r.ID)
	storetestkit.Must(tb, err, "Record "+when)
	storetestkit.RequireEqual(tb, r, *got, "record "+r.Identifier+" "+when)
	got, err = st.RecordByIdentifier(tb.Context(), r.Identifier)
	storetestkit.Must(tb, err, "RecordByIdentifier "+when)
	storetestkit.RequireEqual(tb, r, *got, "record "+r.Identifier+" by identifier "+when)
}

// requireNoRecord fails tb unless neither r's ID nor its identifier is
// stored.
func requireNoRecord(tb testing.TB, st license.Store, r license.Record, when string) {
	tb.Helper()
	_, err := st.Record(tb.Context(), r.ID)
	storetestkit.MustCode(tb, err, govops.ENOTFOUND, "Record "+r.Identifier+" "+when)
	_, err = st.RecordByIdentifier(tb.Context(), r.Identifier)
	storetestkit.MustCode(tb, err, govops.ENOTFOUND, "RecordByIdentifier "+r.Identifier+" "+when)
}

// requireType fails tb unless the type of t's code is t.
func requireType(tb testing.TB, st license.Store, t license.Type, when string) {
	tb.Helper()
	got, err := st.Type(tb.Context(), t.Code)
	storetestkit.Must(tb, err, "Type "+when)
	storetestkit.RequireEqual(tb, t, *got, "type "+t.Code+" "+when)
}

// requireEvents fails tb unless the events of subject are evs.
func requireEvents(tb testing.TB, st license.Store, subject uuid.UUID, evs []license.Event, when string) {
	tb.Helper()
	got, err := st.Events(tb.Context(), subject)
	storetestkit.Must(tb, err, "Events "+when)
	storetestkit.RequireEqual(tb, evs, got, fmt.Sprintf("events of %s %s", subject, when))
}

// mustImport writes rs through one import as batch b and commits it,
// failing tb on any refusal.
func mustImport(tb testing.TB, st license.Store, b license.Batch, rs ...license.Record) {
	tb.Helper()
	ctx := tb.Context()
	w, err := st.BeginImport(ctx)
	storetestkit.Must(tb, err, "BeginImport")
	defer w.Rollback()
	refused, err := w.Write(ctx, rs)
	storetestkit.Must(tb, err, "Write")
	if len(refused) > 0 {
		tb.Fatalf("Write refused %v of records the fixture meant to store", refused)
	}
	storetestkit.Must(tb, w.Commit(ctx, b), "Commit")
}

// newBatch returns the batch of an import of n rows.
func newBatch(tb testing.TB, n int64) license.Batch {
	tb.Helper()
	return license.Batch{ID: storetestkit.NewID(tb), Actor: "lbq-xzsp-李", ActorDept: "lbq-xzsp", At: storetestkit.Micro(baseTime()),
		Mode: "keep-good", Rows: n + 2, Imported: n, BadRows: 2, Warnings: 1, SourceName: "证照数据 2022-08.csv"}
}

// inBatch returns rs as records of batch b.
func inBatch(b license.Batch, rs ...license.Record) []license.Record {
	out := make([]license.Record, len(rs))
	for i, r := range rs {
		r.Batch = b.ID
		out[i] = r
	}
	return out
}
