package storetest

import (
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// TestUniqueKeys checks every unique key but the IDs (see TestTrail): a
// site's Code, a column's (SiteID, Code), a post's (SiteID, URL), a
// finding's (CrawlID, Seq), a task's FindingID when it is not uuid.Nil, a
// consultation's (SiteID, Ref), an account's Code and an inspection's
// (AccountID, Week). Taken by a stored record, or by another one of the
// same batch, a write fails with ECONFLICT and writes nothing, its events
// included; the same key of another site, crawl or account is free. Codes,
// refs and URLs are compared byte for byte: letter case and trailing
// spaces make another key.
func (cases) TestUniqueKeys(t *testing.T, mk storeMaker) {
	st := mk(t)
	t.Run("SiteCode", func(t *testing.T) { siteCodes(t, st) })
	t.Run("ColumnCode", func(t *testing.T) { columnCodes(t, st) })
	t.Run("PostURL", func(t *testing.T) { postURLs(t, st) })
	t.Run("FindingSeq", func(t *testing.T) { findingSeqs(t, st) })
	t.Run("TaskFinding", func(t *testing.T) { taskFindings(t, st) })
	t.Run("ConsultationRef", func(t *testing.T) { consultationRefs(t, st) })
	t.Run("AccountCode", func(t *testing.T) { accountCodes(t, st) })
	t.Run("InspectionWeek", func(t *testing.T) { inspectionWeeks(t, st) })
}

// variants returns keys a store must tell apart from key.
func variants(key string) []string {
	return []string{key + " ", " " + key, key + "\t", "X" + key, key + "/"}
}

func siteCodes(t *testing.T, st portal.Store) {
	ctx := t.Context()
	a := newSite(t, "lbq-portal")
	evA := created(t, a.ID, portal.EventSiteCreated, "active")
	storetestkit.Must(t, st.CreateSite(ctx, &a, evA), "CreateSite")
	b := newSite(t, "lbq-portal")
	storetestkit.MustCode(t, st.CreateSite(ctx, &b, created(t, b.ID, portal.EventSiteCreated, "active")), govops.ECONFLICT,
		"CreateSite with a taken code")
	_, err := st.Site(ctx, b.ID)
	requireMissing(t, err, "site refused for its code")
	requireEvents(t, st, b.ID, nil, "of a site refused for its code")
	for _, code := range append(variants("lbq-portal"), "LBQ-PORTAL", "Lbq-portal") {
		v := newSite(t, code)
		storetestkit.Must(t, st.CreateSite(ctx, &v, nil), fmt.Sprintf("CreateSite %q beside lbq-portal", code))
		got, err := st.SiteByCode(ctx, code)
		requireGot(t, v, got, err, "site "+code)
	}
	got, err := st.SiteByCode(ctx, "lbq-portal")
	requireGot(t, a, got, err, "site lbq-portal beside its variants")
	requireEvents(t, st, a.ID, evA, "of site lbq-portal after a create with its code")
	_, err = st.SiteByCode(ctx, "lbq-porta")
	requireMissing(t, err, "SiteByCode of a code never stored")
	upd := a
	upd.Version, upd.Status = 2, portal.SiteClosed
	storetestkit.Must(t, st.UpdateSite(ctx, &upd, nil), "UpdateSite keeping its code")
	got, err = st.SiteByCode(ctx, "lbq-portal")
	requireGot(t, upd, got, err, "site lbq-portal after an update")
}

func columnCodes(t *testing.T, st portal.Store) {
	ctx := t.Context()
	site, other := mustSite(t, st, "cc-1"), mustSite(t, st, "cc-2")
	a := newColumn(t, site.ID, "gzdt")
	evA := created(t, a.ID, portal.EventColumnAdded, "")
	storetestkit.Must(t, st.CreateColumn(ctx, &a, evA), "CreateColumn")
	b := newColumn(t, site.ID, "gzdt")
	storetestkit.MustCode(t, st.CreateColumn(ctx, &b, created(t, b.ID, portal.EventColumnAdded, "")), govops.ECONFLICT,
		"CreateColumn with a taken (site, code)")
	_, err := st.Column(ctx, b.ID)
	requireMissing(t, err, "column refused for its code")
	requireEvents(t, st, b.ID, nil, "of a column refused for its code")
	// The same code on another site, and its variants on the same site,
	// are other keys.
	elsewhere := newColumn(t, other.ID, "gzdt")
	storetestkit.Must(t, st.CreateColumn(ctx, &elsewhere, nil), "CreateColumn of the code on another site")
	got, err := st.ColumnByCode(ctx, other.ID, "gzdt")
	requireGot(t, elsewhere, got, err, "column gzdt of the other site")
	for _, code := range append(variants("gzdt"), "GZDT") {
		v := newColumn(t, site.ID, code)
		storetestkit.Must(t, st.CreateColumn(ctx, &v, nil), fmt.Sprintf("CreateColumn %q beside gzdt", code))
		got, err := st.ColumnByCode(ctx, site.ID, code)
		requireGot(t, v, got, err, "column "+code)
	}
	got, err = st.ColumnByCode(ctx, site.ID, "gzdt")
	requireGot(t, a, got, err, "column gzdt beside its variants")
	requireEvents(t, st, a.ID, evA, "of column gzdt after a create with its code")
	_, err = st.ColumnByCode(ctx, storetestkit.NewID(t), "gzdt")
	requireMissing(t, err, "ColumnByCode of a site never stored")
	// A column needs its site.
	orphan := newColumn(t, storetestkit.NewID(t), "orphan")
	storetestkit.MustCode(t, st.CreateColumn(ctx, &orphan, created(t, orphan.ID, portal.EventColumnAdded, "")), govops.ENOTFOUND,
		"CreateColumn of a site never stored")
	_, err = st.Column(ctx, orphan.ID)
	requireMissing(t, err, "column of a site never stored")
	requireEvents(t, st, orphan.ID, nil, "of a column of a site never stored")
}

func postURLs(t *testing.T, st portal.Store) {
	ctx := t.Context()
	site, other := mustSite(t, st, "pu-1"), mustSite(t, st, "pu-2")
	col, otherCol := mustColumn(t, st, site.ID, "gzdt"), mustColumn(t, st, other.ID, "gzdt")
	const url = "https://www.lbq.gov.cn/gzdt/2022/06/14/art_1.html"
	a := newPost(t, site.ID, col.ID, url)
	storetestkit.Must(t, st.CreatePosts(ctx, []portal.Post{a}, nil, nil, nil), "CreatePosts")
	fresh := newPost(t, site.ID, col.ID, url+"?x=2")
	sameURL := newPost(t, site.ID, col.ID, url+"?x=2")
	sameID := newPost(t, site.ID, col.ID, url+"?x=3")
	sameID.ID = fresh.ID
	storedID := newPost(t, site.ID, col.ID, url+"?x=4")
	storedID.ID = a.ID
	for name, batch := range map[string][]portal.Post{
		"a stored URL":       {fresh, newPost(t, site.ID, col.ID, url)},
		"a URL twice":        {fresh, sameURL},
		"an ID twice":        {fresh, sameID},
		"a stored post's ID": {fresh, storedID},
	} {
		ev := event(t, col.ID, 2, portal.EventPostsRecorded, "", "")
		storetestkit.MustCode(t, st.CreatePosts(ctx, batch, nil, nil, []portal.Event{ev}), govops.ECONFLICT, "CreatePosts with "+name)
		storetestkit.RequireEqual(t, []portal.Post{a}, postsOf(t, st, site.ID), "posts of the site after a batch with "+name)
		requireEvents(t, st, col.ID, nil, "of the column after a batch with "+name)
	}
	// The URL on another site, and its variants on the same site, are
	// other keys.
	var want []portal.Post
	for _, u := range append(variants(url), "HTTPS://www.lbq.gov.cn/gzdt/2022/06/14/art_1.html", url+"#top") {
		want = append(want, newPost(t, site.ID, col.ID, u))
	}
	storetestkit.Must(t, st.CreatePosts(ctx, want, nil, nil, nil), "CreatePosts of the URL's variants")
	elsewhere := newPost(t, other.ID, otherCol.ID, url)
	storetestkit.Must(t, st.CreatePosts(ctx, []portal.Post{elsewhere}, nil, nil, nil), "CreatePosts of the URL on another site")
	want = append(want, a)
	storetestkit.RequireOrdered(t, "posts of the site", want, func(*portal.Post) bool { return true },
		func(a, b *portal.Post) int { return storetestkit.CompareID(a.ID, b.ID) }, postsOf(t, st, site.ID), nil)
	storetestkit.RequireEqual(t, []portal.Post{elsewhere}, postsOf(t, st, other.ID), "posts of the other site")
	// A long URL is a key like any other.
	long := newPost(t, site.ID, col.ID, "https://www.lbq.gov.cn/"+longPath(3000))
	storetestkit.Must(t, st.CreatePosts(ctx, []portal.Post{long}, nil, nil, nil), "CreatePosts of a 3,000-byte URL")
	again := newPost(t, site.ID, col.ID, long.URL)
	storetestkit.MustCode(t, st.CreatePosts(ctx, []portal.Post{again}, nil, nil, nil), govops.ECONFLICT,
		"CreatePosts of a stored 3,000-byte URL")
	near := newPost(t, site.ID, col.ID, long.URL[:len(long.URL)-1]+"Y")
	storetestkit.Must(t, st.CreatePosts(ctx, []portal.Post{near}, nil, nil, nil), "CreatePosts of a 3,000-byte URL differing at its end")
}

// longPath returns a path of n bytes.
func longPath(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "abcdefghij/"[i%11]
	}
	return string(b)
}

func findingSeqs(t *testing.T, st portal.Store) {
	ctx := t.Context()
	site := storetestkit.NewID(t)
	crawl, other := newCrawl(t, site), newCrawl(t, site)
	storetestkit.Must(t, st.CreateCrawl(ctx, &crawl, nil), "CreateCrawl")
	storetestkit.Must(t, st.CreateCrawl(ctx, &other, nil), "CreateCrawl")
	first := newFinding(t, crawl.ID, site, 1)
	end := crawl
	end.Version = 2
	storetestkit.Must(t, st.EndCrawl(ctx, &end, []portal.Finding{first}, nil), "EndCrawl")
	next := end
	next.Version = 3
	fresh := newFinding(t, crawl.ID, site, 2)
	sameID := newFinding(t, crawl.ID, site, 3)
	sameID.ID = fresh.ID
	storedID := newFinding(t, crawl.ID, site, 4)
	storedID.ID = first.ID
	for name, batch := range map[string][]portal.Finding{
		"a stored seq":          {fresh, newFinding(t, crawl.ID, site, 1)},
		"a seq twice":           {fresh, newFinding(t, crawl.ID, site, 2)},
		"an ID twice":           {fresh, sameID},
		"a stored finding's ID": {fresh, storedID},
	} {
		ev := event(t, crawl.ID, 3, portal.EventCrawlEnded, "done", "done")
		storetestkit.MustCode(t, st.EndCrawl(ctx, &next, batch, []portal.Event{ev}), govops.ECONFLICT, "EndCrawl with "+name)
		got, err := st.Crawl(ctx, crawl.ID)
		requireGot(t, end, got, err, "crawl after EndCrawl with "+name)
		fs, err := st.Findings(ctx, portal.FindingFilter{CrawlID: crawl.ID}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Findings")
		storetestkit.RequireEqual(t, []portal.Finding{first}, fs, "findings after EndCrawl with "+name)
		requireEvents(t, st, crawl.ID, nil, "of the crawl after EndCrawl with "+name)
	}
	// The same seq of another crawl is another key.
	otherEnd := other
	otherEnd.Version = 2
	elsewhere := newFinding(t, other.ID, site, 1)
	storetestkit.Must(t, st.EndCrawl(ctx, &otherEnd, []portal.Finding{elsewhere}, nil), "EndCrawl of seq 1 of another crawl")
	got, err := st.Finding(ctx, elsewhere.ID)
	requireGot(t, elsewhere, got, err, "finding 1 of the other crawl")
}

func taskFindings(t *testing.T, st portal.Store) {
	ctx := t.Context()
	site := storetestkit.NewID(t)
	a := newTask(t, site)
	evA := created(t, a.ID, portal.EventTaskOpened, "open")
	storetestkit.Must(t, st.CreateTasks(ctx, []portal.Task{a}, evA), "CreateTasks")
	fresh := newTask(t, site)
	sameFinding := newTask(t, site)
	sameFinding.FindingID = fresh.FindingID
	sameID := newTask(t, site)
	sameID.ID = fresh.ID
	storedID := newTask(t, site)
	storedID.ID = a.ID
	stored := newTask(t, site)
	stored.FindingID = a.FindingID
	for name, batch := range map[string][]portal.Task{
		"a stored finding":   {fresh, stored},
		"a finding twice":    {fresh, sameFinding},
		"an ID twice":        {fresh, sameID},
		"a stored task's ID": {fresh, storedID},
	} {
		evs := []portal.Event{event(t, fresh.ID, 1, portal.EventTaskOpened, "", "open")}
		storetestkit.MustCode(t, st.CreateTasks(ctx, batch, evs), govops.ECONFLICT, "CreateTasks with "+name)
		_, err := st.Task(ctx, fresh.ID)
		requireMissing(t, err, "task of a batch with "+name)
		requireEvents(t, st, fresh.ID, nil, "of a task of a batch with "+name)
		ts, err := st.Tasks(ctx, portal.TaskFilter{SiteID: site}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Tasks")
		storetestkit.RequireEqual(t, []portal.Task{a}, ts, "tasks of the site after a batch with "+name)
	}
	// Tasks made of no finding never clash.
	none := make([]portal.Task, 3)
	for i := range none {
		none[i] = newTask(t, site)
		none[i].FindingID = uuid.Nil
	}
	storetestkit.Must(t, st.CreateTasks(ctx, append([]portal.Task{fresh}, none[:2]...), nil), "CreateTasks of tasks of no finding")
	storetestkit.Must(t, st.CreateTasks(ctx, none[2:], nil), "CreateTasks of another task of no finding")
	// An update keeps its own finding.
	upd := a
	upd.Version, upd.Status = 2, portal.TaskOpen
	storetestkit.Must(t, st.UpdateTask(ctx, &upd, nil), "UpdateTask keeping its finding")
	ts, err := st.Tasks(ctx, portal.TaskFilter{FindingID: a.FindingID}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Tasks")
	storetestkit.RequireEqual(t, []portal.Task{upd}, ts, "the task of the finding after an update")
	again := newTask(t, site)
	again.FindingID = a.FindingID
	storetestkit.MustCode(t, st.CreateTasks(ctx, []portal.Task{again}, nil), govops.ECONFLICT,
		"CreateTasks of a finding whose task was updated")
}

func consultationRefs(t *testing.T, st portal.Store) {
	ctx := t.Context()
	site, other := storetestkit.NewID(t), storetestkit.NewID(t)
	a := newConsultation(t, site, "ZX-2022-001")
	evA := created(t, a.ID, portal.EventConsultationReceived, "")
	storetestkit.Must(t, st.CreateConsultation(ctx, &a, evA), "CreateConsultation")
	b := newConsultation(t, site, "ZX-2022-001")
	storetestkit.MustCode(t, st.CreateConsultation(ctx, &b, created(t, b.ID, portal.EventConsultationReceived, "")), govops.ECONFLICT,
		"CreateConsultation with a taken (site, ref)")
	_, err := st.Consultation(ctx, b.ID)
	requireMissing(t, err, "consultation refused for its ref")
	requireEvents(t, st, b.ID, nil, "of a consultation refused for its ref")
	for _, ref := range append(variants("ZX-2022-001"), "zx-2022-001") {
		v := newConsultation(t, site, ref)
		storetestkit.Must(t, st.CreateConsultation(ctx, &v, nil), fmt.Sprintf("CreateConsultation %q beside ZX-2022-001", ref))
	}
	elsewhere := newConsultation(t, other, "ZX-2022-001")
	storetestkit.Must(t, st.CreateConsultation(ctx, &elsewhere, nil), "CreateConsultation of the ref on another site")
	got, err := st.Consultation(ctx, a.ID)
	requireGot(t, a, got, err, "consultation ZX-2022-001 beside its variants")
	requireEvents(t, st, a.ID, evA, "of consultation ZX-2022-001 after a create with its ref")
	upd := a
	upd.Version, upd.Answer = 2, "已答复"
	storetestkit.Must(t, st.UpdateConsultation(ctx, &upd, nil), "UpdateConsultation keeping its ref")
	again := newConsultation(t, site, "ZX-2022-001")
	storetestkit.MustCode(t, st.CreateConsultation(ctx, &again, nil), govops.ECONFLICT,
		"CreateConsultation of a ref whose consultation was updated")
}

func accountCodes(t *testing.T, st portal.Store) {
	ctx := t.Context()
	a := newAccount(t, "lbq-fabu")
	evA := created(t, a.ID, portal.EventAccountCreated, "active")
	storetestkit.Must(t, st.CreateAccount(ctx, &a, evA), "CreateAccount")
	b := newAccount(t, "lbq-fabu")
	storetestkit.MustCode(t, st.CreateAccount(ctx, &b, created(t, b.ID, portal.EventAccountCreated, "active")), govops.ECONFLICT,
		"CreateAccount with a taken code")
	_, err := st.Account(ctx, b.ID)
	requireMissing(t, err, "account refused for its code")
	requireEvents(t, st, b.ID, nil, "of an account refused for its code")
	for _, code := range append(variants("lbq-fabu"), "LBQ-FABU") {
		v := newAccount(t, code)
		storetestkit.Must(t, st.CreateAccount(ctx, &v, nil), fmt.Sprintf("CreateAccount %q beside lbq-fabu", code))
		got, err := st.AccountByCode(ctx, code)
		requireGot(t, v, got, err, "account "+code)
	}
	got, err := st.AccountByCode(ctx, "lbq-fabu")
	requireGot(t, a, got, err, "account lbq-fabu beside its variants")
	requireEvents(t, st, a.ID, evA, "of account lbq-fabu after a create with its code")
	_, err = st.AccountByCode(ctx, "lbq-fab")
	requireMissing(t, err, "AccountByCode of a code never stored")
}

func inspectionWeeks(t *testing.T, st portal.Store) {
	ctx := t.Context()
	acct, other := storetestkit.NewID(t), storetestkit.NewID(t)
	a := newInspection(t, acct, 5)
	evA := created(t, a.ID, portal.EventMediaInspected, "")
	storetestkit.Must(t, st.CreateMediaInspection(ctx, &a, nil, evA), "CreateMediaInspection")
	b := newInspection(t, acct, 5)
	// The same instant in another location is the same week.
	b.Week = b.Week.In(govops.ShanghaiLocation())
	storetestkit.MustCode(t, st.CreateMediaInspection(ctx, &b, nil, created(t, b.ID, portal.EventMediaInspected, "")), govops.ECONFLICT,
		"CreateMediaInspection with a taken (account, week)")
	_, err := st.MediaInspection(ctx, b.ID)
	requireMissing(t, err, "inspection refused for its week")
	requireEvents(t, st, b.ID, nil, "of an inspection refused for its week")
	for name, v := range map[string]portal.MediaInspection{
		"the week after":          newInspection(t, acct, 6),
		"the week before":         newInspection(t, acct, 4),
		"the week of another one": newInspection(t, other, 5),
	} {
		storetestkit.Must(t, st.CreateMediaInspection(ctx, &v, nil, nil), "CreateMediaInspection of "+name)
	}
	got, err := st.MediaInspection(ctx, a.ID)
	requireGot(t, a, got, err, "inspection of week 5 beside the others")
	requireEvents(t, st, a.ID, evA, "of the inspection of week 5 after a create with its week")
	upd := a
	upd.Version, upd.Issues = 2, "无"
	storetestkit.Must(t, st.UpdateMediaInspection(ctx, &upd, nil, nil), "UpdateMediaInspection keeping its week")
	moved := upd
	moved.Version, moved.Week = 3, monday(6)
	storetestkit.MustCode(t, st.UpdateMediaInspection(ctx, &moved, nil, nil), govops.ECONFLICT,
		"UpdateMediaInspection onto a week taken by another inspection")
	got, err = st.MediaInspection(ctx, a.ID)
	requireGot(t, upd, got, err, "inspection after an update onto a taken week")
}

// TestPostRace checks that of 8 writers recording one post URL at once,
// as two imports of one feed do, exactly one lands: the store, not a read
// before the write, refuses the others, and only the winner's event is
// stored.
func (cases) TestPostRace(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	site := mustSite(t, st, "race")
	col := mustColumn(t, st, site.ID, "gzdt")
	const writers = 8
	ps := make([]portal.Post, writers)
	evs := make([]portal.Event, writers)
	for i := range ps {
		ps[i] = newPost(t, site.ID, col.ID, "https://www.lbq.gov.cn/gzdt/race.html")
		ps[i].Title = fmt.Sprintf("writer %d", i)
		evs[i] = event(t, ps[i].ID, 1, portal.EventPostsRecorded, "", "")
	}
	won := storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
		return func() error { return st.CreatePosts(ctx, ps[i:i+1], nil, nil, evs[i:i+1]) }, nil
	})
	storetestkit.RequireEqual(t, ps[won:won+1], postsOf(t, st, site.ID), "posts of the URL recorded by 8 writers")
	for i := range ps {
		var want []portal.Event
		if i == won {
			want = evs[i : i+1]
		}
		requireEvents(t, st, ps[i].ID, want, fmt.Sprintf("of writer %d of a URL recorded by 8 writers", i))
	}
}
