package main_test

import "net/http"

// reportMatrix is the annual report's row of the auth matrix: every token
// reads it (a dept token its own department's), no token and a revoked
// one are refused.
func reportMatrix() []endpoint {
	const ok, unauth = http.StatusOK, http.StatusUnauthorized
	return []endpoint{
		{"GET", "/api/v1/reports/annual", fixed("/api/v1/reports/annual?year=2026", nil), [6]int{ok, ok, ok, ok, unauth, unauth}},
	}
}
