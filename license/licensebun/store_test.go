package licensebun_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensebun"
)

// record returns a valid record of typ with serial n.
func record(tb testing.TB, typ string, n int) license.Record {
	tb.Helper()
	at := time.Date(2022, 8, 14, 1, 2, 3, 456789000, time.UTC)
	return license.Record{ID: storetestkit.NewID(tb), Identifier: fmt.Sprintf("1.2.156.3005.2.%s.11450205MB0987654Y.%07d.001.K", typ, n),
		Number: fmt.Sprintf("LB-%07d", n), Type: typ, IssueDate: at.Truncate(24 * time.Hour), ValidFrom: at.Truncate(24 * time.Hour),
		Issuer: "柳州市柳北区行政审批局", IssuerCode: "11450205MB0987654Y", Department: "lbq-xzsp",
		Holder: fmt.Sprintf("第%d号商贸有限公司", n), HolderCodeType: license.CodeUSCC, HolderCode: fmt.Sprintf("91450200MA5K%06d", n),
		State: license.StateValid, CreatedBy: "bench", Version: 1, CreatedAt: at, UpdatedAt: at}
}

// TestStore_CopyColumns holds the columns COPY writes on PostgreSQL to those
// of the row struct every other write goes through, in the same order.
func TestStore_CopyColumns(t *testing.T) {
	_, db := MustOpenStore(t, "sqlite")
	fields, copied := licensebun.RecordColumnsForTest(db)
	if got := strings.Join(fields, ", "); got != copied {
		t.Fatalf("recordRow has the columns\n  %s\nbut COPY writes\n  %s", got, copied)
	}
}

// TestStore_ConflictMessages checks that a unique index's refusal names the
// value that is taken.
func TestStore_ConflictMessages(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, _ := MustOpenStore(t, d)
			ctx := t.Context()
			typ := "11450200MB0123456X001"
			a := record(t, typ, 1)
			a.Exclusive = true
			storetestkit.Must(t, st.CreateRecord(ctx, a), "CreateRecord")
			ty := license.Type{ID: storetestkit.NewID(t), Code: typ, Name: "营业执照", Version: 1}
			storetestkit.Must(t, st.CreateTypes(ctx, []license.Type{ty}, nil), "CreateTypes")

			sameIdentifier := record(t, typ, 2)
			sameIdentifier.Identifier = a.Identifier
			sameNumber := record(t, typ, 3)
			sameNumber.Number = a.Number
			sameHolder := record(t, typ, 4)
			sameHolder.Exclusive, sameHolder.HolderCode = true, a.HolderCode
			sameCode := ty
			sameCode.ID = storetestkit.NewID(t)
			for _, tc := range []struct {
				name string
				err  error
				want []string
			}{
				{"Identifier", st.CreateRecord(ctx, sameIdentifier), []string{"identifier " + a.Identifier + " is taken"}},
				{"Number", st.CreateRecord(ctx, sameNumber), []string{"number " + a.Number, a.Identifier}},
				{"Holder", st.CreateRecord(ctx, sameHolder), []string{"holder " + a.HolderCode, a.Identifier}},
				{"TypeCode", st.CreateTypes(ctx, []license.Type{sameCode}, nil), []string{"code " + typ + " is taken"}},
				{"TypeCodeInBatch", st.CreateTypes(ctx, []license.Type{{ID: uuid.New(), Code: "x"}, {ID: uuid.New(), Code: "x"}}, nil),
					[]string{"code x is given twice"}},
			} {
				storetestkit.MustCode(t, tc.err, govops.ECONFLICT, tc.name)
				for _, w := range tc.want {
					if !strings.Contains(tc.err.Error(), w) {
						t.Errorf("%s: %q does not say %q", tc.name, tc.err, w)
					}
				}
			}
		})
	}
}

// TestStore_ImportOddText writes, through an import, text that COPY's text
// format and SQL literals must escape, and reads it back unchanged.
func TestStore_ImportOddText(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, _ := MustOpenStore(t, d)
			ctx := t.Context()
			odd := []string{"tab\there", "back\\slash", "line\nfeed", "carriage\rreturn", `\N`, `\.`, "quote'\"", "中文 👍", "trailing "}
			var rs []license.Record
			for i, s := range odd {
				r := record(t, "T"+s, i)
				r.Identifier, r.Number, r.Holder, r.HolderCode, r.Previous = s, s, s, s, s
				r.Face = map[string]string{"v": s, s: "k"}
				r.Warnings = []string{s}
				rs = append(rs, r)
			}
			w, err := st.BeginImport(ctx)
			storetestkit.Must(t, err, "BeginImport")
			defer w.Rollback()
			refused, err := w.Write(ctx, rs)
			storetestkit.Must(t, err, "Write")
			if len(refused) > 0 {
				t.Fatalf("refused %v", refused)
			}
			storetestkit.Must(t, w.Commit(ctx, license.Batch{ID: storetestkit.NewID(t)}), "Commit")
			for _, r := range rs {
				got, err := st.RecordByIdentifier(ctx, r.Identifier)
				storetestkit.Must(t, err, fmt.Sprintf("RecordByIdentifier(%q)", r.Identifier))
				storetestkit.RequireEqual(t, r, *got, fmt.Sprintf("record %q", r.Identifier))
			}
			_, err = st.RecordByIdentifier(ctx, "trailing")
			storetestkit.MustCode(t, err, govops.ENOTFOUND, `RecordByIdentifier("trailing") beside "trailing "`)
		})
	}
}

// FuzzEncodeFace checks that face data written without encoding/json reads
// back, through encoding/json, as the same map.
func FuzzEncodeFace(f *testing.F) {
	f.Add("企业名称", "柳州市\"第一\"商贸\\有限公司", "scope", "批发\n零售\t\x01\x1f<>&\u2028")
	f.Add("", "", "\xff", "bad \xfe utf-8")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		face := map[string]string{k1: v1, k2: v2}
		var got map[string]string
		if err := json.Unmarshal([]byte(licensebun.EncodeFaceForTest(face)), &got); err != nil {
			t.Fatalf("encodeFace(%q) is not JSON: %v", face, err)
		}
		want := map[string]string{}
		b, _ := json.Marshal(face)
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		storetestkit.RequireEqual(t, want, got, "face data read back")
	})
}
