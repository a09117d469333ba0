package refserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/idcode"
)

// dataOpenEntry catalogs and publishes an entry of ylj shared
// unconditionally (as the center), for mounting, and returns its path.
func dataOpenEntry(tb testing.TB, e *testEnv, code string) string {
	tb.Helper()
	ctx := context.Background()
	center := govops.Actor{Name: "中心"}
	c, err := e.services.Data.CreateCatalog(ctx, center, datashare.CatalogInput{Code: code, Name: "低保对象名册", Department: "ylj",
		Provider: "柳北区跃进街道办事处", ProviderCode: "11450205MB0000003C", Summary: "辖区城乡最低生活保障对象",
		Format: datashare.FormatSpreadsheet, Items: []datashare.Item{
			{Name: "姓名", Type: datashare.TypeString, Required: true, Personal: true},
			{Name: "公民身份号码", Type: datashare.TypeString, Required: true, ID: idcode.KindResidentID},
		}, ShareType: datashare.ShareUnconditional, ShareMethod: datashare.MethodFile, Open: datashare.OpenNone, Cycle: datashare.CycleMonthly})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := e.services.Data.PublishCatalog(ctx, center, c.Code, 0); err != nil {
		tb.Fatal(err)
	}
	return "/api/v1/data/catalogs/" + url.PathEscape(code)
}

// dataRow is the n-th row of a file for dataOpenEntry, its resident ID's
// check character right.
func dataRow(tb testing.TB, n int) string {
	tb.Helper()
	body := fmt.Sprintf("45020519800101%03d", n)
	c, err := idcode.ResidentIDCheck(body)
	if err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("张三%d,%s\n", n, body+string(c))
}

// TestServer_MountStreams sends a mount's body slowly, in parts, to a
// server whose connections may take 300 ms to read a whole request: the
// batch is loading while the body is still open (the body streams into
// the Service, it is not read first), and the mount, which takes longer
// than the server gives a request, completes, because a mount's read
// deadline is pushed back as its body arrives.
func TestServer_MountStreams(t *testing.T) {
	e := MustOpenServer(t)
	ts := httptest.NewUnstartedServer(e.srv.Handler())
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Start()
	t.Cleanup(ts.Close)
	path := dataOpenEntry(t, e, "301005/000001")

	pr, pw := io.Pipe()
	// UTF-8 named: detecting the encoding would read 64 KiB first.
	req, err := http.NewRequest("POST", ts.URL+path+"/mount?source=slow.csv&encoding=utf-8", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.admin)
	req.Header.Set("Content-Type", "text/csv")
	answered := make(chan *http.Response, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
		}
		answered <- res
	}()
	const parts = 8
	_, _ = io.WriteString(pw, "姓名,公民身份号码\n"+dataRow(t, 0))
	loading := func() int {
		r := e.do(t, "GET", "/api/v1/data/batches?status=loading", e.admin, nil)
		mustStatus(t, r, http.StatusOK)
		return len(r.json(t)["items"].([]any))
	}
	deadline := time.Now().Add(10 * time.Second)
	for loading() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no batch is loading while the body is open: the body is read before the mount starts")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for i := 1; i < parts; i++ {
		time.Sleep(100 * time.Millisecond) // 700 ms in all, past the 300 ms
		if _, err := io.WriteString(pw, dataRow(t, i)); err != nil {
			t.Fatal(err)
		}
	}
	pw.Close()
	res := <-answered
	if res == nil {
		t.FailNow()
	}
	defer res.Body.Close()
	var out struct {
		Imported int
		Batch    struct {
			Status  string
			Mounted int
			Source  string
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", res.StatusCode, err)
	}
	if out.Imported != parts || out.Batch.Status != "committed" || out.Batch.Mounted != parts || out.Batch.Source != "slow.csv" {
		t.Fatalf("answer %+v", out)
	}
	if n := loading(); n != 0 {
		t.Fatalf("%d batches still loading", n)
	}
}

// TestServer_DataRecordsMasked reads the records of an entry shared
// unconditionally, with a personal item and a resident-ID item, as every
// kind of token: the providing department and the center read them whole,
// another department and a viewer masked.
func TestServer_DataRecordsMasked(t *testing.T) {
	e := MustOpenServer(t)
	path := dataOpenEntry(t, e, "301005/000002")
	file := "姓名,公民身份号码\n" + dataRow(t, 7)
	r := e.do(t, "POST", path+"/mount", e.own, file, "Content-Type", "text/csv")
	mustStatus(t, r, http.StatusOK)
	id := strings.TrimSuffix(strings.Split(dataRow(t, 7), ",")[1], "\n")
	for _, tc := range []struct {
		name, token, name0, id string
	}{
		{"Provider", e.own, "张三7", id},
		{"Center", e.admin, "张三7", id},
		{"OtherDepartment", e.other, "张**", id[:3] + strings.Repeat("*", 11) + id[14:]},
		{"Viewer", e.viewer, "张**", id[:3] + strings.Repeat("*", 11) + id[14:]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, "GET", path+"/records", tc.token, nil)
			mustStatus(t, r, http.StatusOK)
			var page struct {
				Items []struct{ Values map[string]string }
			}
			if err := json.Unmarshal(r.body, &page); err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != 1 {
				t.Fatalf("records: %s", r.body)
			}
			if v := page.Items[0].Values; v["姓名"] != tc.name0 || v["公民身份号码"] != tc.id {
				t.Fatalf("values %v, want 姓名 %q and 公民身份号码 %q", v, tc.name0, tc.id)
			}
		})
	}
}
