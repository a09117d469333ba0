package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
)

// runLinkChecker runs linkchecker with Concurrency threads, recursion
// without a limit, and maxrequestspersecond raised so far that, with the
// site's LinkChecker header, it waits for nothing between requests. Its
// CSV output lists the failures: urlname;parentname;…;valid;url;….
func (m *Main) runLinkChecker(ctx context.Context) outcome {
	o := outcome{tool: "linkchecker"}
	if m.LinkChecker == "" {
		o.skipped = "not installed (apt-get install -y linkchecker)"
		return o
	}
	cfg, err := m.writeFile("linkcheckerrc", fmt.Sprintf(`[checking]
threads=%d
maxrequestspersecond=1000000
recursionlevel=-1
timeout=60

[filtering]
checkextern=0

[output]
status=0
warnings=0
`, m.Concurrency))
	if err != nil {
		o.err = err
		return o
	}
	out := command(ctx, &o, m.LinkChecker, "--config", cfg, "--output", "csv", "--no-status", "--no-warnings", m.base+pagePath(0))
	if o.err != nil {
		return o
	}
	r := csv.NewReader(strings.NewReader(string(out)))
	r.Comma, r.Comment, r.FieldsPerRecord, r.LazyQuotes = ';', '#', -1, true
	rows, err := r.ReadAll()
	if err != nil {
		o.err = fmt.Errorf("linkchecker's CSV: %w", err)
		return o
	}
	col := map[string]int{}
	for _, row := range rows {
		if len(col) == 0 {
			for i, name := range row {
				col[name] = i
			}
			if _, ok := col["valid"]; !ok {
				o.err = fmt.Errorf("linkchecker's CSV has no valid column: %q", row)
				return o
			}
			continue
		}
		if len(row) <= col["valid"] || row[col["valid"]] != "False" {
			continue
		}
		o.broken = append(o.broken, brokenLink{
			page:   strings.TrimPrefix(row[col["parentname"]], m.base),
			target: strings.TrimPrefix(row[col["url"]], m.base),
		})
	}
	return o
}

// runLinkinator runs linkinator 6.3.0 with --recurse, --concurrency and
// JSON output; its links carry a state, BROKEN for a broken one.
func (m *Main) runLinkinator(ctx context.Context) outcome {
	o := outcome{tool: "linkinator"}
	if m.Linkinator == "" {
		o.skipped = "not installed (npm install --prefix DIR linkinator@6.3.0)"
		return o
	}
	out := command(ctx, &o, m.Linkinator, m.base+pagePath(0), "--recurse", "--concurrency", fmt.Sprint(m.Concurrency), "--format", "json")
	if o.err != nil {
		return o
	}
	var res struct {
		Links []struct {
			URL    string `json:"url"`
			Status int    `json:"status"`
			State  string `json:"state"`
			Parent string `json:"parent"`
		} `json:"links"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		o.err = fmt.Errorf("linkinator's JSON: %w", err)
		return o
	}
	for _, l := range res.Links {
		if l.State == "BROKEN" {
			o.broken = append(o.broken, brokenLink{page: strings.TrimPrefix(l.Parent, m.base), target: strings.TrimPrefix(l.URL, m.base)})
		}
	}
	return o
}
