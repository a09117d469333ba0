package console

import "testing"

func TestDefaultYear(t *testing.T) {
	for _, tc := range []struct {
		name          string
		this          int
		thisYearCases int64
		newest, want  int
	}{
		{"ThisYearHasCases", 2026, 3, 2026, 2026},
		{"FallBackToNewest", 2026, 0, 2022, 2022},
		{"NoCases", 2026, 0, 0, 2026},
		{"NewestAhead", 2026, 0, 2027, 2026},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := defaultYear(tc.this, tc.thisYearCases, tc.newest); got != tc.want {
				t.Errorf("defaultYear(%d, %d, %d) = %d, want %d", tc.this, tc.thisYearCases, tc.newest, got, tc.want)
			}
		})
	}
}

func TestConsoleLink(t *testing.T) {
	for api, want := range map[string]string{
		"/api/v1/stats/cases?year=2022":                   "/cases?year=2022",
		"/api/v1/cases?kind=hotline&year=2022":            "/cases?kind=hotline&year=2022",
		"/api/v1/hotline/assessments/ytd?through=2022-12": "/hotline?year=2022",
		"/api/v1/hotline/deductions?from=2022-01":         "/hotline/deductions",
		"/api/v1/hotline/peers/ranking?period=2022":       "/hotline/ranking",
		"/api/v1/licenses/coverage":                       "/licenses",
		"/api/v1/licenses/claims?kind=claim":              "/licenses/types",
		"/api/v1/data/metrics":                            "/data",
		"/api/v1/netops/links?type=extranet":              "/netops/links",
		"/api/v1/netops/records?from=2022-01-01":          "/netops/inspections",
		"/api/v1/netops/compliance?from=2022-01-01":       "/netops?year=2022",
		"/api/v1/security/plans?year=2022":                "/security",
		"/api/v1/portal/task-counts?year=2022":            "/portal",
		"/api/v1/somewhere-else":                          "/",
		"/api/v1/casesx":                                  "/",
	} {
		if got := consoleLink(api, 2022); got != want {
			t.Errorf("consoleLink(%q) = %q, want %q", api, got, want)
		}
	}
}
