package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/govops-kit/govops/idcode"
)

// maxMountRSS is the most resident memory the server may ever hold while
// it mounts a file, whatever its size: a mount streams.
const maxMountRSS = 150 << 20

// mountRowsEnv sizes TestMain_MountMemory: the rows of the file it mounts
// (GOVOPS_MOUNT_ROWS=7000000 for the figure).
const mountRowsEnv = "GOVOPS_MOUNT_ROWS"

// mountBody is a CSV file of rows rows for the entry TestMain_MountMemory
// catalogs, made as it is read, so that the test holds none of it.
type mountBody struct {
	t    *testing.T
	rows int
	n    int
	buf  bytes.Buffer
	sent int64
}

func (m *mountBody) Read(p []byte) (int, error) {
	if m.n == 0 && m.buf.Len() == 0 {
		m.buf.WriteString("统一社会信用代码,名称,成立日期,从业人数,法定代表人身份证号\n")
	}
	for m.buf.Len() < len(p) && m.n < m.rows {
		i := m.n
		born := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%25000)
		fmt.Fprintf(&m.buf, "%s,柳北区某某商店%d,%s,%d,%s\n", licenseUSCC(m.t, fmt.Sprintf("92450205M%08d", i)), i,
			born.AddDate(25, 0, 0).Format(time.DateOnly), i%300,
			mountResidentID(m.t, fmt.Sprintf("450205%s%03d", born.Format("20060102"), (i/25000)%1000)))
		m.n++
	}
	if m.buf.Len() == 0 {
		return 0, io.EOF
	}
	n, err := m.buf.Read(p)
	m.sent += int64(n)
	return n, err
}

// mountResidentID completes a 17-digit body with its check character.
func mountResidentID(tb testing.TB, body string) string {
	tb.Helper()
	c, err := idcode.ResidentIDCheck(body)
	if err != nil {
		tb.Fatal(err)
	}
	return body + string(c)
}

// TestMain_MountMemory starts the real binary on a fresh SQLite file,
// catalogs an entry and mounts into it, through the API, a CSV file of
// GOVOPS_MOUNT_ROWS rows (100,000 unless set; far beyond the 1 MiB of a
// JSON body) made as the request is sent; then reads the most resident
// memory the server held (VmHWM), which must stay under 150 MiB.
func TestMain_MountMemory(t *testing.T) {
	rows := 100_000
	if v := os.Getenv(mountRowsEnv); v != "" {
		var err error
		if rows, err = strconv.Atoi(v); err != nil || rows < 1 {
			t.Fatalf("%s=%q: want a number of rows", mountRowsEnv, v)
		}
	}
	srv := startBinary(t)
	call := func(method, path string, body any, want int) map[string]any {
		t.Helper()
		var rd io.Reader
		if body != nil {
			data, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			rd = bytes.NewReader(data)
		}
		req, err := http.NewRequest(method, srv.base+path, rd)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+srv.admin)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %v, want %d", method, path, res.StatusCode, out, want)
		}
		return out
	}
	call("POST", "/api/v1/departments", map[string]string{"code": "scjgj", "name": "区市场监督管理局", "kind": "department"}, http.StatusCreated)
	call("POST", "/api/v1/data/catalogs", map[string]any{
		"code": "301001/000001", "name": "市场主体登记信息", "department": "scjgj", "provider": "柳北区市场监督管理局",
		"provider_code": licenseUSCC(t, "11450205MB0000002"), "summary": "辖区市场主体的登记信息",
		"format": "database", "sub_format": "mysql",
		"items": []map[string]any{
			{"name": "统一社会信用代码", "type": "string", "required": true, "id_kind": "uscc"},
			{"name": "名称", "type": "string", "required": true},
			{"name": "成立日期", "type": "date"},
			{"name": "从业人数", "type": "integer"},
			{"name": "法定代表人身份证号", "type": "string", "id_kind": "resident_id"},
		},
		"key": []string{"统一社会信用代码"}, "share_type": "unconditional", "share_method": "database",
		"open": "none", "cycle": "daily"}, http.StatusCreated)
	call("POST", "/api/v1/data/catalogs/301001%2F000001/publish", nil, http.StatusOK)
	before := procStatus(t, srv.cmd.Process.Pid, "VmRSS")

	body := &mountBody{t: t, rows: rows}
	req, err := http.NewRequest("POST", srv.base+"/api/v1/data/catalogs/301001%2F000001/mount?source=register.csv", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.admin)
	req.Header.Set("Content-Type", "text/csv")
	t0 := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Rows     int `json:"rows"`
		Imported int `json:"imported"`
		Batch    struct {
			Status string `json:"status"`
		} `json:"batch"`
	}
	err = json.NewDecoder(res.Body).Decode(&out)
	res.Body.Close()
	took := time.Since(t0)
	if err != nil || res.StatusCode != http.StatusOK || out.Imported != rows || out.Batch.Status != "committed" {
		t.Fatalf("mount: %d, %+v, %v; want %d rows committed", res.StatusCode, out, err, rows)
	}
	peak := procStatus(t, srv.cmd.Process.Pid, "VmHWM")
	t.Logf("mounted %d rows (%.0f MiB of CSV) in %s, %.0f rows/s; resident memory %.1f MiB before, peak %.1f MiB",
		rows, float64(body.sent)/(1<<20), took.Round(time.Millisecond), float64(rows)/took.Seconds(),
		float64(before)/(1<<20), float64(peak)/(1<<20))
	if peak >= maxMountRSS {
		t.Errorf("peak resident memory %.1f MiB while mounting, want < %d MiB", float64(peak)/(1<<20), maxMountRSS>>20)
	}
	m := call("GET", "/api/v1/data/metrics", nil, http.StatusOK)
	if got, _ := m["records"].(float64); int(got) != rows {
		t.Errorf("metrics count %v records, want %d", m["records"], rows)
	}
	srv.stop(t)
}
