package main

import (
	"context"
	"errors"
	"testing"
)

func TestDemoRunner_NotReadyUntilFilled(t *testing.T) {
	r := &demoRunner{m: &Main{}}
	if err := r.ping(context.Background()); !errors.Is(err, errDemoFilling) {
		t.Fatalf("ping before the year: %v", err)
	}
}

func TestBaseURL(t *testing.T) {
	for addr, want := range map[string]string{
		"[::]:8080":       "http://localhost:8080",
		"0.0.0.0:8080":    "http://localhost:8080",
		":8080":           "http://localhost:8080",
		"127.0.0.1:41234": "http://127.0.0.1:41234",
		"[::1]:9000":      "http://[::1]:9000",
	} {
		if got := baseURL(addr); got != want {
			t.Errorf("baseURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestRedactDSN(t *testing.T) {
	for dsn, want := range map[string]string{
		"govops.db": "govops.db",
		"postgres://u:secret@h:5432/db?sslmode=disable": "postgres://u:xxxxx@h:5432/db?sslmode=disable",
		"mysql://root@127.0.0.1:3306/test":              "mysql://root@127.0.0.1:3306/test",
	} {
		if got := redactDSN(dsn); got != want {
			t.Errorf("redactDSN(%q) = %q", dsn, got)
		}
	}
}
