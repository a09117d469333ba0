package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The records the seed makes, which the load's targets name.
const (
	deptCode     = "ylj" // the street office every case goes to
	consumerCode = "swj" // the department that asks for shared data
	licenseType  = "11450200MB1234567J001"
	dataEntry    = "301001/000001"
	netopsSite   = "XZDL"
	portalSite   = "LBQ-PORTAL"
	// issuerCode is the USCC of the bureau that issues the licenses.
	issuerCode = "11450205MB7654321P"
	// quietCases are registered and dispatched at seed time and then only
	// read and commented on: the load's comments land on them, never on
	// a case in the middle of its lifecycle, whose next step, sent without
	// If-Match, would meet a version a comment had moved on.
	quietCases = 5
)

// client sends the seed's requests and reads their answers.
type client struct {
	base string
	http *http.Client
}

// rawBody is a request body sent as is with its Content-Type.
type rawBody struct {
	contentType string
	data        string
}

// call sends method path with token and body (JSON unless a rawBody) and
// fails unless the answer has status want. It returns the answer's body.
func (c *client) call(ctx context.Context, method, path, token string, body any, want int) ([]byte, error) {
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case rawBody:
		rd, ct = strings.NewReader(b.data), b.contentType
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd, ct = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != want {
		return nil, fmt.Errorf("%s %s: %s, want %d: %s", method, path, res.Status, want, data)
	}
	return data, nil
}

// field returns the string member name of the JSON object data.
func field(data []byte, name string) (string, error) {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return "", err
	}
	s, ok := m[name].(string)
	if !ok || s == "" {
		return "", fmt.Errorf("no %q in %s", name, data)
	}
	return s, nil
}

// seeded is what the seed made that the load needs.
type seeded struct {
	dept  string   // the dept token of deptCode
	cases []string // the quiet cases' numbers
}

// seed fills the fresh database, through the API as an admin, with what
// the load's reads and writes need: two departments and a dept token, a
// claimed license type with its face-data schema, a published data catalog
// entry shared on condition with records mounted into it (at least 3), a
// site with its rooms, a unit profile and an extranet link, an approved
// emergency plan, a portal site with a column, and quietCases dispatched
// cases. The hotline runs on its default scheme.
func seed(ctx context.Context, c *client, admin string, now time.Time, records int) (seeded, error) {
	var out seeded
	type step struct {
		method, path string
		body         any
		want         int
	}
	today := now.Format(time.DateOnly)
	run := func(steps ...step) error {
		for _, s := range steps {
			if _, err := c.call(ctx, s.method, s.path, admin, s.body, s.want); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
		return nil
	}
	if err := run(
		step{"POST", "/api/v1/departments", map[string]any{"code": deptCode, "name": "跃进街道", "kind": "township", "zone": "urban"}, 201},
		step{"POST", "/api/v1/departments", map[string]any{"code": consumerCode, "name": "柳北区税务局", "kind": "department", "zone": "building"}, 201},
	); err != nil {
		return out, err
	}
	data, err := c.call(ctx, "POST", "/api/v1/tokens", admin, map[string]any{"name": "跃进街道值班", "role": "dept", "department": deptCode}, 201)
	if err != nil {
		return out, fmt.Errorf("seed: %w", err)
	}
	if out.dept, err = field(data, "token"); err != nil {
		return out, fmt.Errorf("seed: the dept token: %w", err)
	}
	entry := "/api/v1/data/catalogs/" + url.PathEscape(dataEntry)
	err = run(
		step{"POST", "/api/v1/licenses/types", map[string]any{"code": licenseType, "name": "食品经营许可证", "authority": "柳州市市场监督管理局",
			"level": "city", "holder_category": "mixed", "validity": map[string]any{"max_months": 60}}, 201},
		step{"POST", "/api/v1/licenses/claims", map[string]any{"type": licenseType, "department": deptCode, "expected": 100000}, 201},
		step{"PUT", "/api/v1/licenses/types/" + licenseType + "/schema", map[string]any{"fields": []map[string]any{
			{"name": "经营者名称", "type": "string", "required": true}, {"name": "经营场所", "type": "string"}}}, 200},

		step{"POST", "/api/v1/data/catalogs", map[string]any{"code": dataEntry, "name": "低保对象名册", "department": deptCode,
			"provider": "柳北区跃进街道办事处", "provider_code": "11450205MB0000003C", "summary": "辖区城乡最低生活保障对象",
			"format": "spreadsheet", "sub_format": "xlsx", "items": []map[string]any{
				{"name": "姓名", "type": "string", "required": true, "personal": true},
				{"name": "公民身份号码", "type": "string", "required": true, "id_kind": "resident_id"},
				{"name": "保障金额", "type": "number"}},
			"key": []string{"公民身份号码"}, "share_type": "conditional", "condition": "仅限社会救助审核与核查使用",
			"legal_basis": "《社会救助暂行办法》", "share_method": "interface", "open": "none", "cycle": "monthly"}, 201},
		step{"POST", entry + "/publish", nil, 200},
		step{"POST", entry + "/mount?source=seed.csv", rawBody{"text/csv", recordsCSV(records)}, 200},

		step{"POST", "/api/v1/netops/sites", map[string]any{"code": netopsSite, "name": "行政大楼", "zone": "building", "address": "柳北区跃进路1号",
			"rooms": []map[string]any{{"code": "3F-JF", "name": "三楼机房", "kind": "machine", "floor": "3F"},
				{"code": "5F-HY", "name": "五楼视频会议室", "kind": "meeting", "floor": "5F"}}}, 201},
		step{"PUT", "/api/v1/netops/units/" + deptCode, map[string]any{"site": netopsSite, "room": "3F-JF"}, 200},
		step{"POST", "/api/v1/netops/links", map[string]any{"unit": deptCode, "site": netopsSite, "room": "3F-JF", "carrier": "中国电信",
			"circuit_id": "LZ-EXT-0001", "type": "extranet", "bandwidth_mbps": 100, "vlan": 201, "prefixes": []string{"10.20.1.0/24"}, "status": "active"}, 201},

		step{"POST", "/api/v1/portal/sites", map[string]any{"code": portalSite, "name": "柳北区人民政府门户网站",
			"home": "https://www.liubei.gov.cn/", "domains": []string{"gov.cn"}}, 201},
		step{"POST", "/api/v1/portal/columns", map[string]any{"site": portalSite, "code": "xwdt", "name": "新闻动态",
			"url": "https://www.liubei.gov.cn/xwdt/", "requirement": "biweekly"}, 201},
	)
	if err != nil {
		return out, err
	}
	data, err = c.call(ctx, "POST", "/api/v1/security/plans", admin, map[string]any{"code": "network", "year": now.Year(),
		"title": "柳北区网络安全事件应急预案", "scope": "区电子政务外网及各单位信息系统",
		"grades": []map[string]any{{"grade": "I", "lead": "区网络安全和信息化委员会"}, {"grade": "II"}, {"grade": "III"}, {"grade": "IV"}}}, 201)
	if err != nil {
		return out, fmt.Errorf("seed: %w", err)
	}
	plan, err := field(data, "id")
	if err != nil {
		return out, fmt.Errorf("seed: the emergency plan: %w", err)
	}
	if err := run(step{"POST", "/api/v1/security/plans/" + plan + "/approve", map[string]any{"approved_by": "区网络安全和信息化委员会", "on": today}, 200}); err != nil {
		return out, err
	}
	for i := range quietCases {
		data, err := c.call(ctx, "POST", "/api/v1/cases", admin, caseBody(fmt.Sprintf("LZ12345-SEED-%03d", i+1), i), 201)
		if err != nil {
			return out, fmt.Errorf("seed: %w", err)
		}
		n, err := field(data, "number")
		if err != nil {
			return out, fmt.Errorf("seed: a case: %w", err)
		}
		if err := run(step{"POST", "/api/v1/cases/" + n + "/dispatch", map[string]any{"department": deptCode}, 200}); err != nil {
			return out, err
		}
		out.cases = append(out.cases, n)
	}
	return out, nil
}

// recordsCSV is n records (at least 3) of the seed's data catalog entry,
// each with a resident ID of its own, as CSV.
func recordsCSV(n int) string {
	var b strings.Builder
	b.WriteString("姓名,公民身份号码,保障金额\n")
	names := []string{"张三", "李四", "王五", "赵六", "韦七"}
	for i := range max(n, 3) {
		fmt.Fprintf(&b, "%s,%s,%d.%02d\n", names[i%len(names)], residentID(i), 500+i%400, i%100)
	}
	return b.String()
}
