package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/refserver"
)

// registry opens and migrates the database and returns the rules of the
// tokens and the audit log, and the department directory.
func (m *Main) registry(ctx context.Context) (*refserver.Registry, *directory.Service, error) {
	st, err := m.open(ctx, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, nil, err
	}
	return refserver.NewRegistry(st.dir, st.deps.Check(), m.now), st.deps, nil
}

func (m *Main) tokenCreate(ctx context.Context) error {
	reg, _, err := m.registry(ctx)
	if err != nil {
		return err
	}
	t, plain, err := reg.IssueToken(ctx, refserver.TokenInput{
		Name: m.tokenName, Role: refserver.Role(m.tokenRole), Department: m.tokenDept,
	})
	if err != nil {
		return cliError(err, map[string]string{"name": "-name", "role": "-role", "department": "-dept"})
	}
	fmt.Fprintf(m.Stdout, "created %s token %s for %q", t.Role, t.ID, t.Name)
	if t.Department != "" {
		fmt.Fprintf(m.Stdout, " (department %s)", t.Department)
	}
	fmt.Fprintln(m.Stdout)
	fmt.Fprintln(m.Stdout, "token (shown once):", plain)
	return m.audit(ctx, reg, refserver.AuditRouteTokenCreate, http.StatusCreated, "token "+t.ID.String(), t.ID.String())
}

// audit records a change made with the command line: what names the thing
// changed in a message, subject in the audit event. The change is made and
// printed by then; a failure to record it is an error of the command (exit
// status 1), whose message says that the change stands.
func (m *Main) audit(ctx context.Context, reg *refserver.Registry, route string, status int, what, subject string) error {
	_, err := reg.RecordAudit(ctx, refserver.AuditEvent{
		Actor: refserver.AuditActorCLI, Route: route, Status: status, Subject: subject,
	})
	if err != nil {
		return fmt.Errorf("%s: %s was changed, but its audit event could not be recorded: %w", route, what, err)
	}
	return nil
}

// cliError rewrites a field error so that it names the command-line flag
// of each field, in the order of the flags' names.
func cliError(err error, flags map[string]string) error {
	fields := govops.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	parts := make([]string, 0, len(fields))
	for f, problem := range fields {
		if fl, ok := flags[f]; ok {
			f = fl
		}
		parts = append(parts, f+": "+problem)
	}
	sort.Strings(parts)
	return errors.New(strings.Join(parts, "; "))
}

// orDash returns s, or "-" for an empty cell of a listing.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// shanghai formats t for a listing in Beijing time, "-" for the zero time.
func shanghai(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(govops.ShanghaiLocation()).Format(time.RFC3339)
}

func (m *Main) tokenList(ctx context.Context) error {
	reg, _, err := m.registry(ctx)
	if err != nil {
		return err
	}
	var tw table
	tw.row("ID", "NAME", "ROLE", "DEPARTMENT", "CREATED", "REVOKED", "LAST USED")
	cursor := ""
	for {
		page, err := reg.Tokens(ctx, cursor, refserver.MaxTokenPage)
		if err != nil {
			return err
		}
		for _, t := range page.Tokens {
			tw.row(t.ID.String(), t.Name, string(t.Role), orDash(t.Department),
				shanghai(t.CreatedAt), shanghai(t.RevokedAt), shanghai(t.LastUsedAt))
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	return tw.write(m.Stdout)
}

func (m *Main) tokenRevoke(ctx context.Context) error {
	id, err := uuid.Parse(m.args[0])
	if err != nil {
		return fmt.Errorf("token revoke: %q is not a token ID (see token list)", m.args[0])
	}
	reg, _, err := m.registry(ctx)
	if err != nil {
		return err
	}
	t, err := reg.RevokeToken(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "revoked %s token %s (%q)\n", t.Role, t.ID, t.Name)
	return m.audit(ctx, reg, refserver.AuditRouteTokenRevoke, http.StatusOK, "token "+t.ID.String(), t.ID.String())
}
