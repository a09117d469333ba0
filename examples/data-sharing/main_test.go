package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/govops-kit/govops/datashare"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	s, err := run(t.Context(), &out)
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	t.Log(text)
	m := s.Metrics

	// The seed's figures, as computed: 58 of 66 structured entries
	// shared, 87.88%, and 699,735 records mounted.
	if m.Structured != 66 || m.Shared != 58 || m.ShareRatio.String() != "87.88%" {
		t.Errorf("structured %d, shared %d, ratio %s; want 66, 58, 87.88%%", m.Structured, m.Shared, m.ShareRatio)
	}
	if m.Records != TotalRecords || s.Mounted != TotalRecords {
		t.Errorf("records %d (mounted %d), want %d", m.Records, s.Mounted, TotalRecords)
	}
	if m.Catalogs != 78 {
		t.Errorf("catalogs %d, want 78 (66 structured and 12 others)", m.Catalogs)
	}
	// Every bad row was reported and none mounted: the rows read are the
	// records and the bad rows.
	if s.Bad != 30 || s.Rows != TotalRecords+s.Bad {
		t.Errorf("read %d rows, %d bad; want %d and 30", s.Rows, s.Bad, TotalRecords+30)
	}

	// Quality shows what the files hold: duplicates in one register,
	// early codes in another, a missing column in a third, and the
	// entries not shared, never mounted.
	q := map[datashare.Dimension]string{}
	for _, d := range s.Quality.Dimensions {
		q[d.Dimension] = d.Overall.String()
		if len(d.Worst) == 0 {
			t.Errorf("%s names no worst entry", d.Dimension)
		}
	}
	for dim, want := range map[datashare.Dimension]string{
		datashare.DimCompleteness: "100.00%",
		datashare.DimValidity:     "99.98%", // 859 early resident IDs mounted with warnings
		datashare.DimUniqueness:   "99.99%", // 97 duplicate USCCs among 699,735 keys
		datashare.DimTimeliness:   "87.88%", // the 8 entries not shared were never mounted
		datashare.DimConsistency:  "99.74%", // one file left out one of 381 declared items
	} {
		if q[dim] != want {
			t.Errorf("%s %s, want %s", dim, q[dim], want)
		}
	}

	// The grant lets the civil affairs bureau read the register, with
	// names masked.
	if s.Request.Status != datashare.RequestApproved || !strings.Contains(s.Personal, "*") {
		t.Errorf("request %s, name read as %q; want approved and masked", s.Request.Status, s.Personal)
	}
	for _, want := range []string{
		"共享率 87.88%：58 / 66 structured catalogs",
		"累计挂接数据 699735 条",
		"条/秒",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
}
