package csvimport_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// readAll reads every row of file: the values of the good rows as
// "line:case_number/department/month/note", and the problems of the bad
// ones as "line field: problem". It fails t on a header or read error.
func readAll(t testing.TB, file string, opts ...csvimport.Option) (good, bad []string) {
	t.Helper()
	rd, err := csvimport.NewReader(strings.NewReader(file), callbackColumns(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	for row, err := range rd.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		if errs := row.Errors(); errs != nil {
			for _, e := range errs {
				if e.Row != row.Line() {
					t.Fatalf("problem %+v of the row on line %d", e, row.Line())
				}
				bad = append(bad, fmt.Sprintf("%d %s: %s", e.Row, e.Field, e.Problem))
			}
			if row.Get("case_number") != "" {
				t.Fatalf("line %d is bad but gives case_number %q", row.Line(), row.Get("case_number"))
			}
			continue
		}
		good = append(good, fmt.Sprintf("%d:%s/%s/%s/%s", row.Line(), row.Get("case_number"), row.Get("department"), row.Get("month"), row.Get("note")))
	}
	return good, bad
}

func TestReader_Rows(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		good, bad  []string
	}{
		{name: "ValuesByColumnTrimmed",
			file: "部门,case_number,month\nyuejin, 2022-1 ,2022-08\n\tzhifa,2022-2,\n",
			good: []string{"2:2022-1/yuejin/2022-08/", "3:2022-2/zhifa//"}},
		{name: "QuotedFieldSpanningLinesGivesItsFirstLine",
			file: "case_number,department,note\n1,a,\"first\nsecond\nthird\"\n2,b,x\n",
			good: []string{"2:1/a//first\nsecond\nthird", "5:2/b//x"}},
		{name: "BlankLinesAreSkippedButCounted",
			file: "case_number,department\n\n1,a\n\n\n2,b\n",
			good: []string{"3:1/a//", "6:2/b//"}},
		{name: "CRLF",
			file: "case_number,department\r\n1,a\r\n2,b\r\n",
			good: []string{"2:1/a//", "3:2/b//"}},
		{name: "NoFinalNewline", file: "case_number,department\n1,a", good: []string{"2:1/a//"}},
		{name: "HeaderOnly", file: "case_number,department\n"},
		{name: "EveryBadRowReported",
			file: "case_number,department\n" +
				"1,a\n" +
				"2,a,extra\n" + // line 3: too many fields
				"3\n" + // line 4: too few
				"4,\"bad\"quote\n" + // line 5: not CSV
				"5,b\n",
			good: []string{"2:1/a//", "6:5/b//"},
			bad: []string{
				"3 : has 3 fields but the header has 2",
				"4 : has 1 fields but the header has 2",
				`5 : not valid CSV: extraneous or missing " in quoted-field`,
			}},
		{name: "BadQuoteSpanningLines",
			file: "case_number,department\n\"1\nx\"y,a\n2,b\n",
			good: []string{"4:2/b//"},
			bad:  []string{`2 : not valid CSV: extraneous or missing " in quoted-field`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good, bad := readAll(t, tc.file)
			if strings.Join(good, "|") != strings.Join(tc.good, "|") {
				t.Errorf("good rows = %q, want %q", good, tc.good)
			}
			if strings.Join(bad, "|") != strings.Join(tc.bad, "|") {
				t.Errorf("problems = %q, want %q", bad, tc.bad)
			}
		})
	}
}

func TestReader_Rows_StopAndGoOn(t *testing.T) {
	rd, err := csvimport.NewReader(strings.NewReader("case_number,department\n1,a\n2,b\n3,c\n"), callbackColumns())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for row := range rd.Rows() {
		got = append(got, row.Get("case_number"))
		break
	}
	for row := range rd.Rows() {
		got = append(got, row.Get("case_number"))
	}
	if strings.Join(got, ",") != "1,2,3" {
		t.Fatalf("rows = %v; a second loop goes on where the first stopped", got)
	}
}

func TestReader_Rows_ErrUnreadable(t *testing.T) {
	broken := errors.New("connection reset")
	in := io.MultiReader(strings.NewReader("case_number,department\n1,a\n"), &failingReader{err: broken})
	rd, err := csvimport.NewReader(in, callbackColumns(), csvimport.WithEncoding(csvimport.UTF8))
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	var last error
	for row, err := range rd.Rows() {
		if err != nil {
			last = err
			if row != nil {
				t.Fatal("an error came with a row")
			}
			continue
		}
		lines = append(lines, row.Line())
	}
	if len(lines) != 1 || govops.ErrorCode(last) != govops.EINVALID || !errors.Is(last, broken) {
		t.Fatalf("rows on lines %v, error %v; want line 2, then EINVALID wrapping the cause", lines, last)
	}
}

func TestRow_Get_PanicsOnUnknownColumn(t *testing.T) {
	rd, err := csvimport.NewReader(strings.NewReader("case_number,department\n1,a\n"), callbackColumns())
	if err != nil {
		t.Fatal(err)
	}
	for row := range rd.Rows() {
		defer func() {
			if recover() == nil {
				t.Fatal("Get of a name that is not a column did not panic")
			}
		}()
		row.Get("case_numbr")
	}
}

// gb18030 returns s encoded in GB18030.
func gb18030(t testing.TB, s string) string {
	t.Helper()
	out, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReader_Encoding(t *testing.T) {
	const chinese = "案件编号,部门,备注\n2022-1,跃进路街道,\"市民来电，\n已回访\"\n2022-2,执法局,满意\n"
	want := []string{"2:2022-1/跃进路街道//市民来电，\n已回访", "4:2022-2/执法局//满意"}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(chinese)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		file string
		opts []csvimport.Option
		enc  csvimport.Encoding
	}{
		{"UTF8Detected", chinese, nil, csvimport.UTF8},
		{"UTF8WithByteOrderMark", "\ufeff" + chinese, nil, csvimport.UTF8},
		{"UTF8Chosen", chinese, []csvimport.Option{csvimport.WithEncoding(csvimport.UTF8)}, csvimport.UTF8},
		{"GB18030Detected", gb18030(t, chinese), nil, csvimport.GB18030},
		{"GB18030WithByteOrderMark", gb18030(t, "\ufeff"+chinese), nil, csvimport.GB18030},
		{"GB18030Chosen", gb18030(t, chinese), []csvimport.Option{csvimport.WithEncoding(csvimport.GB18030)}, csvimport.GB18030},
		{"GBKDetected", gbk, nil, csvimport.GB18030},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, err := csvimport.NewReader(strings.NewReader(tc.file), callbackColumns(), tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if rd.Encoding() != tc.enc {
				t.Fatalf("encoding %v, want %v", rd.Encoding(), tc.enc)
			}
			good, bad := readAll(t, tc.file, tc.opts...)
			if strings.Join(good, "|") != strings.Join(want, "|") || bad != nil {
				t.Fatalf("good rows = %q, problems %q; want %q", good, bad, want)
			}
		})
	}
	t.Run("GB18030BeyondGBK", func(t *testing.T) {
		// A four-byte GB18030 sequence: a character GBK lacks.
		file := gb18030(t, "案件编号,部门\n2022-1,𠀀镇\n")
		good, bad := readAll(t, file)
		if len(good) != 1 || !strings.Contains(good[0], "𠀀镇") || bad != nil {
			t.Fatalf("good rows = %q, problems %q", good, bad)
		}
	})
	t.Run("ErrGB18030ReadAsUTF8", func(t *testing.T) {
		// The header is ASCII: only the rows show that the choice was wrong.
		file := "case_number,department\n" + gb18030(t, "1,跃进\n2,zhifa\n")
		good, bad := readAll(t, file, csvimport.WithEncoding(csvimport.UTF8))
		if strings.Join(good, "|") != "3:2/zhifa//" || len(bad) != 1 || !strings.HasPrefix(bad[0], "2 department: holds bytes that are not UTF-8 text") {
			t.Fatalf("good rows = %q, problems %q", good, bad)
		}
	})
	t.Run("ErrBytesThatAreNotGB18030", func(t *testing.T) {
		// 0xff is no GB18030 byte; 0x81 0x20 is a lead byte without a
		// trail. Each field is named; the row's other fields are fine.
		file := gb18030(t, "部门,案件编号,备注\n") + "a\xff,1,x\x81 \n" + gb18030(t, "执法局,2,\n")
		good, bad := readAll(t, file)
		want := []string{
			"2 department: holds bytes that are not GB18030 text: save the whole file in one encoding, GB18030 or UTF-8",
			"2 note: holds bytes that are not GB18030 text: save the whole file in one encoding, GB18030 or UTF-8",
		}
		if strings.Join(good, "|") != "3:2/执法局//" || strings.Join(bad, "|") != strings.Join(want, "|") {
			t.Fatalf("good rows = %q, problems %q", good, bad)
		}
	})
}

// asciiRows returns a file of n data rows of ASCII text after the header
// "case_number,department,note".
func asciiRows(n int) string {
	var b strings.Builder
	b.WriteString("case_number,department,note\n")
	for i := range n {
		fmt.Fprintf(&b, "2022-%06d,yuejin,called back\n", i)
	}
	return b.String()
}

func TestReader_Encoding_DetectedFromPrefix(t *testing.T) {
	// The first SniffSize bytes are ASCII, so the file is read as UTF-8:
	// the GB18030 row after them is a bad row naming the column, never a
	// value decoded wrongly, and the rows after it are read.
	prefix := asciiRows(csvimport.SniffSize/30 + 10)
	if len(prefix) <= csvimport.SniffSize {
		t.Fatalf("prefix of %d bytes is too short", len(prefix))
	}
	lines := strings.Count(prefix, "\n")
	file := prefix + gb18030(t, "2023-1,跃进,满意\n") + "2023-2,zhifa,ok\n"
	rd, err := csvimport.NewReader(strings.NewReader(file), callbackColumns())
	if err != nil {
		t.Fatal(err)
	}
	if rd.Encoding() != csvimport.UTF8 {
		t.Fatalf("encoding %v, want UTF-8", rd.Encoding())
	}
	good, bad := readAll(t, file)
	wantBad := []string{
		fmt.Sprintf("%d department: holds bytes that are not UTF-8 text, though the start of the file is UTF-8: save the whole file in one encoding, UTF-8 or GB18030", lines+1),
		fmt.Sprintf("%d note: holds bytes that are not UTF-8 text, though the start of the file is UTF-8: save the whole file in one encoding, UTF-8 or GB18030", lines+1),
	}
	if strings.Join(bad, "|") != strings.Join(wantBad, "|") {
		t.Fatalf("problems = %q, want %q", bad, wantBad)
	}
	if len(good) != lines || good[len(good)-1] != fmt.Sprintf("%d:2023-2/zhifa//ok", lines+2) {
		t.Fatalf("%d good rows, the last %q", len(good), good[len(good)-1])
	}
}

func TestReader_Encoding_StrayByteInUTF8(t *testing.T) {
	// A UTF-8 file with one byte that is not UTF-8 in its first 64 KiB is
	// still read as UTF-8: the stray byte's row is bad, and the Chinese
	// text of the others is read as written, not as GB18030.
	file := "案件编号,部门,备注\n1,跃进路街道,已回访\n2,执法局,\xa0回访\n3,城管局,满意\n"
	rd, err := csvimport.NewReader(strings.NewReader(file), callbackColumns())
	if err != nil {
		t.Fatal(err)
	}
	if rd.Encoding() != csvimport.UTF8 {
		t.Fatalf("encoding %v, want UTF-8", rd.Encoding())
	}
	good, bad := readAll(t, file)
	if strings.Join(good, "|") != "2:1/跃进路街道//已回访|4:3/城管局//满意" || len(bad) != 1 || !strings.HasPrefix(bad[0], "3 note: holds bytes that are not UTF-8 text") {
		t.Fatalf("good rows = %q, problems %q", good, bad)
	}
}

func TestReader_Encoding_RuneCutAtTheEndOfThePrefix(t *testing.T) {
	// A UTF-8 character that straddles the end of the prefix does not make
	// the prefix invalid: the file is UTF-8 whichever byte it is cut at.
	for cut := 1; cut <= 2; cut++ {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			head := "case_number,department,note\n1,a,"
			pad := strings.Repeat("x", csvimport.SniffSize-len(head)-cut)
			file := head + pad + "满\n2,b,c\n" // 满 is 3 bytes: cut of them in the prefix
			rd, err := csvimport.NewReader(strings.NewReader(file), callbackColumns())
			if err != nil {
				t.Fatal(err)
			}
			if rd.Encoding() != csvimport.UTF8 {
				t.Fatalf("encoding %v, want UTF-8", rd.Encoding())
			}
			good, bad := readAll(t, file)
			if len(good) != 2 || bad != nil || !strings.HasSuffix(good[0], "x满") {
				t.Fatalf("%d good rows, problems %q", len(good), bad)
			}
		})
	}
}

// rowSource generates a CSV file of n rows as it is read, so that the file
// itself is never in memory, and without allocating, so that the
// allocations counted are the reader's.
type rowSource struct {
	n, next int
	line    []byte // the line being made
	buf     []byte // what is left of it to read
}

func (s *rowSource) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		switch {
		case s.next > s.n:
			return 0, io.EOF
		case s.next == 0:
			s.line = append(make([]byte, 0, 128), "工单号,部门,考核月份,备注\n"...)
		default:
			s.line = strconv.AppendInt(append(s.line[:0], "2022-"...), int64(s.next), 10)
			s.line = append(s.line, ",yuejin,2022-08,\"市民来电, 已回访\"\n"...)
		}
		s.buf = s.line
		s.next++
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func TestReader_Streaming(t *testing.T) {
	// 200,000 rows (about 10 MB) are read with the memory of a few rows:
	// the heap midway holds far less than the rows read, and each row
	// costs one allocation.
	const rows = 200_000
	if testing.Short() {
		t.Skip("reads 200,000 rows")
	}
	rd, err := csvimport.NewReader(&rowSource{n: rows}, callbackColumns())
	if err != nil {
		t.Fatal(err)
	}
	var before, mid runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	for row, err := range rd.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		if row.Errors() != nil {
			t.Fatalf("line %d: %v", row.Line(), row.Errors())
		}
		n++
		if n == rows/2 {
			runtime.GC()
			runtime.ReadMemStats(&mid)
		}
		if row.Get("month") != "2022-08" || row.Line() != n+1 {
			t.Fatalf("line %d: month %q", row.Line(), row.Get("month"))
		}
	}
	if n != rows {
		t.Fatalf("read %d rows, want %d", n, rows)
	}
	const heapBound = 1 << 20
	if grew := int64(mid.HeapAlloc) - int64(before.HeapAlloc); grew > heapBound {
		t.Errorf("the heap grew by %d bytes after %d rows; want at most %d", grew, rows/2, heapBound)
	}
	// The string that holds a record's fields is the one allocation a row
	// costs; the rest is the reader's buffers as they grow.
	if perRow := float64(mid.Mallocs-before.Mallocs) / (rows / 2); perRow > 1.1 {
		t.Errorf("%.2f allocations per row; want 1", perRow)
	}
}

// baselineRows counts the records of r with encoding/csv alone.
func baselineRows(r io.Reader) int {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	n := -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return n
		}
		if err != nil || rec[0] == "" {
			panic(err)
		}
		n++
	}
}

func BenchmarkReader_Rows(b *testing.B) {
	// The baseline is encoding/csv over the same bytes: what csvimport adds
	// is detection, header matching and checking every field is text.
	file := asciiRows(100_000)
	gbFile := gb18030(b, strings.ReplaceAll(file, "called back", "已回访"))
	run := func(b *testing.B, file string, read func(io.Reader) int) {
		b.SetBytes(int64(len(file)))
		b.ReportAllocs()
		rows := 0
		for b.Loop() {
			rows += read(strings.NewReader(file))
		}
		b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	}
	csvimportRows := func(r io.Reader) int {
		rd, err := csvimport.NewReader(r, callbackColumns())
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for row, err := range rd.Rows() {
			if err != nil || row.Get("case_number") == "" {
				b.Fatal(err)
			}
			n++
		}
		return n
	}
	b.Run("EncodingCSV", func(b *testing.B) { run(b, file, baselineRows) })
	b.Run("UTF8", func(b *testing.B) { run(b, file, csvimportRows) })
	b.Run("GB18030", func(b *testing.B) { run(b, gbFile, csvimportRows) })
}

func TestReader_Encoding_GB18030ThatLooksPartlyUTF8(t *testing.T) {
	// In GB18030, 已回访 is D2 D1 BB D8 B7 C3: D1 BB and D8 B7 happen to be
	// valid two-byte UTF-8 runes. A file of such lines is still GB18030.
	file := gb18030(t, strings.ReplaceAll(asciiRows(1000), "called back", "已回访"))
	rd, err := csvimport.NewReader(strings.NewReader(file), callbackColumns())
	if err != nil {
		t.Fatal(err)
	}
	if rd.Encoding() != csvimport.GB18030 {
		t.Fatalf("encoding %v, want GB18030", rd.Encoding())
	}
	good, bad := readAll(t, file)
	if len(good) != 1000 || len(bad) != 0 || !strings.HasSuffix(good[999], "//已回访") {
		t.Fatalf("%d good rows (last %q), problems %q", len(good), good[len(good)-1], bad)
	}
}
