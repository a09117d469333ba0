package portalapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver/apikit"
)

func (a *API) createSite(ctx context.Context, by govops.Actor, in *siteInJSON) (*portal.Site, error) {
	return a.svc.CreateSite(ctx, by, in.input(0))
}

func (a *API) updateSite(ctx context.Context, by govops.Actor, ref string, version int64, in *siteInJSON) (*portal.Site, error) {
	return a.svc.UpdateSite(ctx, by, ref, in.input(version))
}

// recordPosts serves posts of the site the path names, recorded all or
// none: 201 with the posts.
func (a *API) recordPosts(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	var in postsInJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	var p govops.Problems
	posts := make([]portal.PostInput, len(in.Posts))
	for i, x := range in.Posts {
		posts[i] = portal.PostInput{Column: x.Column, Title: x.Title, URL: x.URL,
			Published: a.day(&p, fmt.Sprintf("posts[%d].published", i), x.Published), Department: x.Department,
			Source: portal.PostSource(x.Source)}
	}
	if err := p.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	ps, err := a.svc.RecordPosts(ctx, apikit.Actor(ctx), req.Param("code"), posts)
	if err != nil {
		return apikit.RenameField(err, "site", "code")
	}
	out := itemsJSON{Items: make([]any, len(ps))}
	for i := range ps {
		out.Items[i] = a.postOut(&ps[i])
	}
	return apikit.WriteJSON(w, http.StatusCreated, out)
}

// importPosts serves a CSV import of posts of the site the path names.
func (a *API) importPosts(w http.ResponseWriter, req bunrouter.Request) error {
	site := req.Param("code")
	return apikit.Import(func(ctx context.Context, by govops.Actor, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error) {
		rep, err := a.svc.ImportPosts(ctx, by, site, r, mode)
		return rep, apikit.RenameField(err, "site", "code")
	})(w, req)
}

// postCounts serves the counts of a year's posts (year=, the current one
// unless given) per month, column and department.
func (a *API) postCounts(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := portal.PostCountInput{Site: q.One("site"), Year: q.Int("year", 1900, maxYear), Department: q.One("department")}
	if err := q.Err(); err != nil {
		return err
	}
	if in.Year == 0 {
		in.Year = a.clock.Now().In(a.loc()).Year()
	}
	ctx := req.Context()
	pc, err := a.svc.PostCounts(ctx, apikit.Actor(ctx), in)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, postCountsOut(pc))
}

// noBody reads a body that must hold nothing but may be absent or {}.
func noBody(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	var in struct{}
	return apikit.DecodeBody(w, req.Request, &in, true)
}

// probeSite serves one probe of the home page of the site the path names:
// 201 with the probe recorded.
func (a *API) probeSite(w http.ResponseWriter, req bunrouter.Request) error {
	if err := noBody(w, req); err != nil {
		return err
	}
	ctx := req.Context()
	p, err := a.svc.ProbeSite(ctx, apikit.Actor(ctx), req.Param("code"))
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusCreated, a.probeOut(p))
}

// probeSites serves one probe of every active site: 201 with the probes
// recorded (200 and none when no site is active).
func (a *API) probeSites(w http.ResponseWriter, req bunrouter.Request) error {
	if err := noBody(w, req); err != nil {
		return err
	}
	ctx := req.Context()
	ps, err := a.svc.ProbeSites(ctx, apikit.Actor(ctx))
	if err != nil {
		return err
	}
	out := itemsJSON{Items: make([]any, len(ps))}
	for i := range ps {
		out.Items[i] = a.probeOut(&ps[i])
	}
	status := http.StatusCreated
	if len(ps) == 0 {
		status = http.StatusOK
	}
	return apikit.WriteJSON(w, status, out)
}

// availability serves the failed probes of the site the path names over
// [from, to): to is now unless given, from the evaluator's probe window
// (a week) before to unless given.
func (a *API) availability(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	from, to := q.Time("from", a.loc(), false), q.Time("to", a.loc(), true)
	if err := q.Err(); err != nil {
		return err
	}
	if to.IsZero() {
		to = a.clock.Now()
	}
	if from.IsZero() {
		from = to.Add(-a.svc.Thresholds().ProbeWindow)
	}
	ctx := req.Context()
	v, err := a.svc.Availability(ctx, apikit.Actor(ctx), req.Param("code"), from, to)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.availabilityOut(v))
}

// tasksMade answers the tasks an action made: 201 with them, or 200 with
// none.
func (a *API) tasksMade(w http.ResponseWriter, ts []portal.Task) error {
	status := http.StatusCreated
	if len(ts) == 0 {
		status = http.StatusOK
	}
	return apikit.WriteJSON(w, status, a.taskItems(ts))
}

// urgeUpdates serves the update urges (督促更新) of the stale columns of the
// site the path names, as of at (now unless given): 201 with the tasks
// opened, 200 with none when every stale column has its urge already.
func (a *API) urgeUpdates(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	var in urgeJSON
	if err := apikit.DecodeBody(w, req.Request, &in, true); err != nil {
		return err
	}
	var p govops.Problems
	t := at(&p, "at", in.At)
	if err := p.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	ts, err := a.svc.UrgeUpdates(ctx, apikit.Actor(ctx), req.Param("code"), t)
	if err != nil {
		return err
	}
	return a.tasksMade(w, ts)
}

// urgeConsultations serves the tasks of the unanswered consultations of
// the site the path names: 201 with those opened, 200 with none.
func (a *API) urgeConsultations(w http.ResponseWriter, req bunrouter.Request) error {
	if err := noBody(w, req); err != nil {
		return err
	}
	ctx := req.Context()
	ts, err := a.svc.UrgeConsultations(ctx, apikit.Actor(ctx), req.Param("code"))
	if err != nil {
		return err
	}
	return a.tasksMade(w, ts)
}

func (a *API) addColumn(ctx context.Context, by govops.Actor, in *columnInJSON) (*portal.Column, error) {
	return a.svc.AddColumn(ctx, by, in.input(0))
}

func (a *API) updateColumn(ctx context.Context, by govops.Actor, ref string, version int64, in *columnInJSON) (*portal.Column, error) {
	return a.svc.UpdateColumn(ctx, by, ref, in.input(version))
}

func (a *API) recordUpdate(ctx context.Context, by govops.Actor, ref string, version int64, in *columnUpdateJSON) (*portal.Column, error) {
	var p govops.Problems
	u := portal.ColumnUpdate{At: a.day(&p, "at", in.At), Source: portal.UpdateSource(in.Source), Empty: in.Empty, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.RecordUpdate(ctx, by, ref, u)
}

// crawlOptionsIn reads a crawl's limits, each problem named by its place
// ("options.host_rate").
func crawlOptionsIn(p *govops.Problems, in *crawlOptionsJSON) portal.CrawlOptions {
	if in == nil {
		return portal.CrawlOptions{}
	}
	o := portal.CrawlOptions{MaxPages: in.MaxPages, MaxPageBytes: in.MaxPageBytes, MaxRedirects: in.MaxRedirects,
		Concurrency: in.Concurrency, Robots: in.Robots, SkipExternal: in.SkipExternal, SkipContent: in.SkipContent,
		RaiseTasks: in.RaiseTasks}
	const maxTimeoutMS = 10 * 60 * 1000
	if in.TimeoutMS < 0 || in.TimeoutMS > maxTimeoutMS {
		p.Addf("options.timeout_ms", "must be from 0 (the default, 15 s) to %d milliseconds", maxTimeoutMS)
	} else {
		o.Timeout = msDuration(in.TimeoutMS)
	}
	if in.HostRate != "" {
		d := apikit.ParseDecimal(p, "options.host_rate", in.HostRate, true)
		if d.IsNegative() || d.GreaterThan(decimal.NewFromInt(10000)) {
			p.Add("options.host_rate", "must be from 0 (the default) to 10000 requests per second")
		}
		o.HostRate = d.InexactFloat64()
	}
	return o
}

// startCrawl serves the start of a crawl of a site as a background job:
// 202 with the crawl as it starts and its Location, where its progress is
// read.
func (a *API) startCrawl(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	var in crawlInJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	var p govops.Problems
	ci := portal.CrawlInput{Site: in.Site, Options: crawlOptionsIn(&p, in.Options)}
	if err := p.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	c, err := a.svc.StartCrawl(ctx, apikit.Actor(ctx), ci)
	if err != nil {
		return err
	}
	apikit.SetSubject(ctx, c.ID.String())
	w.Header().Set("Location", crawlsPath+c.ID.String())
	return a.crawls.Write(w, http.StatusAccepted, c)
}

func (a *API) cancelCrawl(ctx context.Context, by govops.Actor, ref string, _ int64, _ *struct{}) (*portal.Crawl, error) {
	return a.svc.CancelCrawl(ctx, by, ref)
}

// raiseTasks serves tasks made of the findings of the crawl the path
// names (every one, or those listed): 201 with the tasks made (200 with
// none when every finding is known already).
func (a *API) raiseTasks(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	if _, err := apikit.PathID(req); err != nil {
		return err
	}
	var in raiseJSON
	if err := apikit.DecodeBody(w, req.Request, &in, true); err != nil {
		return err
	}
	var p govops.Problems
	ri := portal.RaiseInput{Crawl: req.Param("id"), Findings: in.Findings, Due: a.day(&p, "due", in.Due)}
	if err := p.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	ts, err := a.svc.RaiseTasks(ctx, apikit.Actor(ctx), ri)
	if err != nil {
		return apikit.RenameField(err, "crawl", "id")
	}
	return a.tasksMade(w, ts)
}

func (a *API) openTask(ctx context.Context, by govops.Actor, in *taskInJSON) (*portal.Task, error) {
	var p govops.Problems
	ti := portal.TaskInput{Site: in.Site, Kind: portal.FindingKind(in.Kind), Column: in.Column, Department: in.Department,
		Title: in.Title, Detail: in.Detail, Page: in.Page, Due: a.day(&p, "due", in.Due)}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.OpenTask(ctx, by, ti)
}

func (a *API) dispatch(ctx context.Context, by govops.Actor, ref string, _ int64, _ *struct{}) (*portal.Task, error) {
	return a.svc.Dispatch(ctx, by, ref)
}

func (a *API) markFixed(ctx context.Context, by govops.Actor, ref string, version int64, in *fixJSON) (*portal.Task, error) {
	var p govops.Problems
	f := portal.FixInput{Fix: in.Fix, At: at(&p, "at", in.At), IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.MarkFixed(ctx, by, ref, f)
}

func (a *API) recheck(ctx context.Context, by govops.Actor, ref string, version int64, in *recheckJSON) (*portal.Task, error) {
	return a.svc.Recheck(ctx, by, ref, portal.RecheckInput{Passed: in.Passed, Note: in.Note, IfVersion: version})
}

func (a *API) dismiss(ctx context.Context, by govops.Actor, ref string, version int64, in *dismissJSON) (*portal.Task, error) {
	return a.svc.Dismiss(ctx, by, ref, portal.DismissInput{Note: in.Note, IfVersion: version})
}

// taskCounts serves the counts of a year's tasks (year=, the current one
// unless given) per kind and month.
func (a *API) taskCounts(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := portal.TaskCountInput{Site: q.One("site"), Year: q.Int("year", 1900, maxYear), Department: q.One("department")}
	if err := q.Err(); err != nil {
		return err
	}
	if in.Year == 0 {
		in.Year = a.clock.Now().In(a.loc()).Year()
	}
	ctx := req.Context()
	tc, err := a.svc.TaskCounts(ctx, apikit.Actor(ctx), in)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, taskCountsOut(tc))
}

func (a *API) recordConsultation(ctx context.Context, by govops.Actor, in *consultationInJSON) (*portal.Consultation, error) {
	var p govops.Problems
	ci := portal.ConsultationInput{Site: in.Site, Ref: in.Ref, Subject: in.Subject, Asker: in.Asker, Department: in.Department,
		Received: a.day(&p, "received", in.Received)}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.RecordConsultation(ctx, by, ci)
}

func (a *API) answer(ctx context.Context, by govops.Actor, ref string, version int64, in *answerJSON) (*portal.Consultation, error) {
	var p govops.Problems
	ai := portal.AnswerInput{Answer: in.Answer, At: at(&p, "at", in.At), IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.AnswerConsultation(ctx, by, ref, ai)
}

func (a *API) createAccount(ctx context.Context, by govops.Actor, in *accountInJSON) (*portal.Account, error) {
	return a.svc.CreateAccount(ctx, by, in.input(0))
}

func (a *API) updateAccount(ctx context.Context, by govops.Actor, ref string, version int64, in *accountInJSON) (*portal.Account, error) {
	return a.svc.UpdateAccount(ctx, by, ref, in.input(version))
}

func (a *API) inspectionInput(p *govops.Problems, in *inspectionInJSON, version int64) portal.MediaInspectionInput {
	return portal.MediaInspectionInput{Account: in.Account, Week: a.day(p, "week", in.Week), Inspected: a.day(p, "inspected", in.Inspected),
		Inspector: in.Inspector, LastPost: a.day(p, "last_post", in.LastPost), ReviewInPlace: in.ReviewInPlace,
		Interactive: in.Interactive, Issues: in.Issues, IfVersion: version}
}

func (a *API) inspectAccount(ctx context.Context, by govops.Actor, in *inspectionInJSON) (*portal.MediaInspection, error) {
	var p govops.Problems
	mi := a.inspectionInput(&p, in, 0)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.InspectAccount(ctx, by, mi)
}

func (a *API) updateInspection(ctx context.Context, by govops.Actor, ref string, version int64, in *inspectionInJSON) (*portal.MediaInspection, error) {
	var p govops.Problems
	mi := a.inspectionInput(&p, in, version)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.UpdateMediaInspection(ctx, by, ref, mi)
}

// uninspected serves the active accounts not inspected in the week of at
// (now unless given).
func (a *API) uninspected(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	t := q.Time("at", a.loc(), false)
	if err := q.Err(); err != nil {
		return err
	}
	if t.IsZero() {
		t = a.clock.Now()
	}
	ctx := req.Context()
	us, err := a.svc.Uninspected(ctx, apikit.Actor(ctx), t)
	if err != nil {
		return err
	}
	out := itemsJSON{Items: make([]any, len(us))}
	for i := range us {
		u := &us[i]
		out.Items[i] = uninspectedJSON{Account: a.accountOut(&u.Account), Week: a.clock.Format(u.Week), LastInspected: a.clock.Format(u.LastInspected)}
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

// evaluate serves the verdict of the single-veto items at at (now unless
// given), of every active site and account, or of the site or account
// named.
func (a *API) evaluate(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := portal.EvaluateInput{At: q.Time("at", a.loc(), false), Site: q.One("site"), Account: q.One("account")}
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	e, err := a.svc.Evaluate(ctx, apikit.Actor(ctx), in)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.evaluationOut(e))
}

// feedTypes are the media types a feed may be sent as.
var feedTypes = []string{"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}

// feedJSON is the answer of a feed's recording.
type feedJSON struct {
	Recorded int      `json:"recorded"`
	Skipped  int      `json:"skipped"`
	Errors   []string `json:"errors"`
}

// recordFeed serves the recording of an RSS or Atom feed (the body) as
// posts of the column the path names, source feed: the items whose URL the
// site has already are skipped, and each bad item is named in errors.
func (a *API) recordFeed(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	if _, err := apikit.PathID(req); err != nil {
		return err
	}
	mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if !slices.Contains(feedTypes, mt) {
		return &apikit.StatusError{
			Err:    govops.FieldError("Content-Type", "must be one of "+strings.Join(feedTypes, ", ")+": send the RSS or Atom feed as the body"),
			Status: http.StatusUnsupportedMediaType, Title: "Unsupported media type",
		}
	}
	data, err := apikit.ReadBody(w, req.Request, mt, "the feed")
	if err != nil {
		return err
	}
	ctx := req.Context()
	res, err := a.svc.RecordFeed(ctx, apikit.Actor(ctx), req.Param("id"), bytes.NewReader(data))
	if err != nil {
		return apikit.RenameField(err, "column", "id")
	}
	out := feedJSON{Recorded: res.Recorded, Skipped: res.Skipped, Errors: res.Errors}
	if out.Errors == nil {
		out.Errors = []string{}
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

// reapCrawls serves the end, as failed, of every running crawl whose
// process stopped (no progress within the stall limit): 200 with those
// it ended, none when every running crawl is alive.
func (a *API) reapCrawls(w http.ResponseWriter, req bunrouter.Request) error {
	if err := noBody(w, req); err != nil {
		return err
	}
	ctx := req.Context()
	cs, err := a.svc.ReapCrawls(ctx, apikit.Actor(ctx))
	if err != nil {
		return err
	}
	out := itemsJSON{Items: make([]any, len(cs))}
	for i := range cs {
		out.Items[i] = a.crawlOut(&cs[i])
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}
