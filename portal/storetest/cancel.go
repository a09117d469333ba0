package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// TestCancellation checks that every method gives up on a cancelled
// context with EINTERNAL, rather than doing the work or hanging, and
// changes nothing: each record's create, update and read, and every other
// method, the writes among them leaving no record or event behind.
func (cases) TestCancellation(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	storetestkit.ForEach(t, all, st, aggregate.Cancelled)
	t.Run("Others", func(t *testing.T) { cancelOthers(t, st) })
}

func cancelOthers(t *testing.T, st portal.Store) {
	ctx := t.Context()
	site := mustSite(t, st, "cancel")
	col := mustColumn(t, st, site.ID, "gzdt")
	crawl := newCrawl(t, site.ID)
	crawl.Status = portal.CrawlRunning // so that a progress write would show
	storetestkit.Must(t, st.CreateCrawl(ctx, &crawl, nil), "CreateCrawl")
	acct := newAccount(t, "cancel")
	storetestkit.Must(t, st.CreateAccount(ctx, &acct, nil), "CreateAccount")
	in := newInspection(t, acct.ID, 3)
	storetestkit.Must(t, st.CreateMediaInspection(ctx, &in, nil, nil), "CreateMediaInspection")

	post := newPost(t, site.ID, col.ID, "https://www.lbq.gov.cn/cancel.html")
	probe := newProbe(t, site.ID, 1)
	finding := newFinding(t, crawl.ID, site.ID, 1)
	end := crawl
	end.Version = 2
	nextCol := nextColumn(col, 1)
	moved := acct
	moved.Version = 2
	in2 := newInspection(t, acct.ID, 4)
	upIn := in
	upIn.Version = 2
	ev := event(t, col.ID, 2, portal.EventPostsRecorded, "", "")
	storetestkit.RequireInternal(t, map[string]func(ctx context.Context) error{
		"Events": func(ctx context.Context) error { _, err := st.Events(ctx, site.ID); return err },
		"CreatePosts": func(ctx context.Context) error {
			return st.CreatePosts(ctx, []portal.Post{post}, []portal.Column{nextCol}, nil, []portal.Event{ev})
		},
		"SaveCrawlProgress": func(ctx context.Context) error {
			_, err := st.SaveCrawlProgress(ctx, crawl.ID, portal.CrawlProgress{Pages: 1}, at(99))
			return err
		},
		"CreateProbes": func(ctx context.Context) error { return st.CreateProbes(ctx, []portal.Probe{probe}) },
		"EndCrawl": func(ctx context.Context) error {
			return st.EndCrawl(ctx, &end, []portal.Finding{finding}, nil)
		},
		"CreateMediaInspection with an account": func(ctx context.Context) error {
			return st.CreateMediaInspection(ctx, &in2, &moved, nil)
		},
		"UpdateMediaInspection with an account": func(ctx context.Context) error {
			return st.UpdateMediaInspection(ctx, &upIn, &moved, nil)
		},
		"SiteByCode":   func(ctx context.Context) error { _, err := st.SiteByCode(ctx, site.Code); return err },
		"ColumnByCode": func(ctx context.Context) error { _, err := st.ColumnByCode(ctx, site.ID, col.Code); return err },
		"AccountByCode": func(ctx context.Context) error {
			_, err := st.AccountByCode(ctx, acct.Code)
			return err
		},
		"Finding": func(ctx context.Context) error { _, err := st.Finding(ctx, finding.ID); return err },
		"Sites": func(ctx context.Context) error {
			_, err := st.Sites(ctx, portal.SiteFilter{}, uuid.Nil, 0)
			return err
		},
		"Columns": func(ctx context.Context) error {
			_, err := st.Columns(ctx, portal.ColumnFilter{}, uuid.Nil, 0)
			return err
		},
		"Posts": func(ctx context.Context) error {
			_, err := st.Posts(ctx, portal.PostFilter{}, uuid.Nil, 0)
			return err
		},
		"PostGroups": func(ctx context.Context) error { _, err := st.PostGroups(ctx, portal.PostFilter{}); return err },
		"Probes": func(ctx context.Context) error {
			_, err := st.Probes(ctx, portal.ProbeFilter{}, uuid.Nil, 0)
			return err
		},
		"ProbeTally": func(ctx context.Context) error { _, err := st.ProbeTally(ctx, portal.ProbeFilter{}); return err },
		"Crawls": func(ctx context.Context) error {
			_, err := st.Crawls(ctx, portal.CrawlFilter{}, uuid.Nil, 0)
			return err
		},
		"Findings": func(ctx context.Context) error {
			_, err := st.Findings(ctx, portal.FindingFilter{}, uuid.Nil, 0)
			return err
		},
		"Tasks": func(ctx context.Context) error {
			_, err := st.Tasks(ctx, portal.TaskFilter{}, uuid.Nil, 0)
			return err
		},
		"TaskGroups": func(ctx context.Context) error { _, err := st.TaskGroups(ctx, portal.TaskGroupFilter{}); return err },
		"Consultations": func(ctx context.Context) error {
			_, err := st.Consultations(ctx, portal.ConsultationFilter{}, uuid.Nil, 0)
			return err
		},
		"CountConsultations": func(ctx context.Context) error {
			_, err := st.CountConsultations(ctx, portal.ConsultationFilter{})
			return err
		},
		"Accounts": func(ctx context.Context) error {
			_, err := st.Accounts(ctx, portal.AccountFilter{}, uuid.Nil, 0)
			return err
		},
		"MediaInspections": func(ctx context.Context) error {
			_, err := st.MediaInspections(ctx, portal.MediaInspectionFilter{}, uuid.Nil, 0)
			return err
		},
		"LatestInspections": func(ctx context.Context) error { _, err := st.LatestInspections(ctx, time.Time{}); return err },
	})
	storetestkit.RequireEqual(t, nil, postsOf(t, st, site.ID), "posts after a cancelled CreatePosts")
	got, err := st.Column(ctx, col.ID)
	requireGot(t, col, got, err, "column after a cancelled CreatePosts")
	requireEvents(t, st, col.ID, nil, "of the column after a cancelled CreatePosts")
	probes, err := st.Probes(ctx, portal.ProbeFilter{}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Probes")
	storetestkit.RequireEqual(t, nil, probes, "probes after a cancelled CreateProbes")
	gotC, err := st.Crawl(ctx, crawl.ID)
	requireGot(t, crawl, gotC, err, "crawl after a cancelled EndCrawl and SaveCrawlProgress")
	_, err = st.Finding(ctx, finding.ID)
	requireMissing(t, err, "finding after a cancelled EndCrawl")
	gotA, err := st.Account(ctx, acct.ID)
	requireGot(t, acct, gotA, err, "account after cancelled inspections")
	_, err = st.MediaInspection(ctx, in2.ID)
	requireMissing(t, err, "inspection after a cancelled CreateMediaInspection")
	gotI, err := st.MediaInspection(ctx, in.ID)
	requireGot(t, in, gotI, err, "inspection after a cancelled UpdateMediaInspection")
	requireClean(t, st, "after cancelled writes")
}
