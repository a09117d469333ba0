package hotlineapi

import (
	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/refserver/apikit"
)

const monthRule = "must be a month written as 2022-08"

// parseMonth reads a month written as "2022-08" (the API takes only that
// form; the CSV imports take more).
func parseMonth(field, s string) (hotline.Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return hotline.Month{}, govops.FieldError(field, monthRule)
	}
	m, err := hotline.ParseMonth(s)
	if err != nil {
		return hotline.Month{}, govops.FieldError(field, monthRule)
	}
	return m, nil
}

// month reads an optional month parameter.
func month(q *apikit.Query, name string) hotline.Month {
	v := q.One(name)
	if v == "" {
		return hotline.Month{}
	}
	m, err := parseMonth(name, v)
	if err != nil {
		q.Add(name, monthRule)
	}
	return m
}
