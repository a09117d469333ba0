package portal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// RaiseTasks makes a task of each finding of the crawl in.Crawl (its ID),
// all of them or those in.Findings lists (their IDs, each of that crawl):
// open, for the finding's department, with in.Due as deadline. A finding
// that made a task already, or whose key has a live task (neither
// verified nor dismissed: the problem is known), is skipped, so that
// raising twice raises nothing new. The tasks are created in one Store
// call, then each is dispatched when the Service has a Dispatcher (see
// WithDispatcher): one that fails stays undispatched and is returned as
// it is (Dispatch sends it again). It returns the new tasks. Center only.
func (s *Service) RaiseTasks(ctx context.Context, by govops.Actor, in RaiseInput) ([]Task, error) {
	if err := by.CenterOnly("raise tasks"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckTime(&p, "due", in.Due, false)
	ids := make([]uuid.UUID, 0, len(in.Findings))
	for i, ref := range in.Findings {
		id, err := govops.ParseID(fmt.Sprintf("findings[%d]", i), ref, "finding")
		if err != nil {
			for f, m := range govops.ErrorFields(err) {
				p.Add(f, m)
			}
			if govops.ErrorCode(err) == govops.ENOTFOUND {
				p.Add(fmt.Sprintf("findings[%d]", i), "give the finding's ID")
			}
			continue
		}
		ids = append(ids, id)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	cid, err := govops.ParseID("crawl", in.Crawl, "crawl")
	if err != nil {
		return nil, err
	}
	c, err := s.store.Crawl(ctx, cid)
	if err != nil {
		return nil, notFoundAt(err, "crawl", "crawl")
	}
	return s.raise(ctx, by, c, ids, in.Due)
}

// raise makes the tasks of the findings ids of crawl c (all when none).
func (s *Service) raise(ctx context.Context, by govops.Actor, c *Crawl, ids []uuid.UUID, due time.Time) ([]Task, error) {
	if c.Status == CrawlRunning {
		return nil, govops.Errorf(govops.ECONFLICT, "crawl %s is still running: raise its tasks when it ends", c.ID).WithField("crawl", "is running")
	}
	all, err := s.store.Findings(ctx, FindingFilter{CrawlID: c.ID}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	fs := all
	if len(ids) > 0 {
		byID := make(map[uuid.UUID]Finding, len(all))
		for _, f := range all {
			byID[f.ID] = f
		}
		fs = nil
		var p govops.Problems
		for i, id := range ids {
			f, ok := byID[id]
			if !ok {
				p.Addf(fmt.Sprintf("findings[%d]", i), "no finding %s in crawl %s", id, c.ID)
				continue
			}
			fs = append(fs, f)
		}
		if err := p.Err(); err != nil {
			return nil, err
		}
	}
	var made []Task
	err = govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		now := s.clock()
		var ts []Task
		var evs []Event
		keys := map[string]bool{}
		for _, f := range fs {
			if keys[f.Key] {
				continue
			}
			known, err := s.known(ctx, TaskFilter{FindingID: f.ID})
			if err == nil && !known {
				known, err = s.known(ctx, TaskFilter{Key: f.Key, Live: true})
			}
			if err != nil {
				return nil, err
			}
			if known {
				continue
			}
			keys[f.Key] = true
			t := taskOf(f)
			t.Due = govops.StoredTime(due)
			ev, err := s.opened(&t, by, now)
			if err != nil {
				return nil, err
			}
			ts, evs = append(ts, t), append(evs, ev)
		}
		if len(ts) == 0 {
			return nil, nil
		}
		return func() error {
			if err := s.store.CreateTasks(ctx, ts, evs); err != nil {
				return err
			}
			made = ts
			return nil
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return s.dispatchAll(ctx, by, made), nil
}

// known reports whether a task matches f.
func (s *Service) known(ctx context.Context, f TaskFilter) (bool, error) {
	ts, err := s.store.Tasks(ctx, f, uuid.Nil, 1)
	return len(ts) > 0, err
}

// opened gives t (its fields but the ID and the lifecycle's set) an ID,
// opens it at now, and returns its first event.
func (s *Service) opened(t *Task, by govops.Actor, now time.Time) (Event, error) {
	id, err := govops.NewID()
	if err != nil {
		return Event{}, err
	}
	t.ID, t.Status, t.Opened, t.Version, t.CreatedAt, t.UpdatedAt = id, TaskOpen, now, 1, now, now
	return newEvent(id, 1, EventTaskOpened, by, now, "", string(TaskOpen), t.Department, t.Title)
}

// taskOf returns the task of finding f, not yet opened.
func taskOf(f Finding) Task {
	t := Task{SiteID: f.SiteID, Kind: f.Kind, FindingID: f.ID, ColumnID: f.ColumnID, Key: f.Key, Department: f.Department,
		Page: f.Page, Target: f.Target, Word: f.Word, Suggestion: f.Suggestion}
	switch f.Kind {
	case KindBrokenLink:
		t.Title = "修复断链：" + f.Target
	case KindWrongLink:
		t.Title = "调整错误链接：" + f.Target
	case KindTypo:
		t.Title = fmt.Sprintf("修改错别字：「%s」应为「%s」", f.Word, f.Suggestion)
	case KindSensitive:
		t.Title = fmt.Sprintf("修正错敏词：「%s」", f.Word)
	default:
		t.Title = f.Kind.Label() + "：" + f.Page
	}
	t.Title = govops.Truncate(t.Title, MaxNameLen)
	d := []string{"页面：" + f.Page, "原因：" + f.Reason}
	if f.Text != "" {
		d = append(d, "链接文字："+f.Text)
	}
	if f.Context != "" {
		d = append(d, "上下文："+f.Context)
	}
	t.Detail = govops.Truncate(strings.Join(d, "\n"), MaxTextLen)
	return t
}

// dispatchAll dispatches each task of ts (see raise) and returns them as
// they are then, masked for by.
func (s *Service) dispatchAll(ctx context.Context, by govops.Actor, ts []Task) []Task {
	out := make([]Task, len(ts))
	for i := range ts {
		t := &ts[i]
		if s.dispatchOnly != nil && !s.dispatchOnly[t.Kind] {
			out[i] = govops.MaskFor(by, t.Department, *t)
			continue
		}
		if d, err := s.dispatch(ctx, by, t); err == nil {
			t = d
		}
		out[i] = govops.MaskFor(by, t.Department, *t)
	}
	return out
}

// dispatch sends t through the Dispatcher and records its case number: it
// returns t unchanged without a Dispatcher, and the Dispatcher's error
// (EINTERNAL unless it is a *govops.Error) when it fails.
func (s *Service) dispatch(ctx context.Context, by govops.Actor, t *Task) (*Task, error) {
	if s.dispatcher == nil {
		return t, nil
	}
	number, err := s.dispatcher.Dispatch(ctx, *t)
	if err == nil && strings.TrimSpace(number) == "" {
		err = errors.New("the dispatcher returned no case number")
	}
	if err != nil {
		var ge *govops.Error
		if errors.As(err, &ge) {
			return nil, err
		}
		return nil, govops.Errorf(govops.EINTERNAL, "dispatch task %s: %v", t.ID, err)
	}
	var out *Task
	err = govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		cur, err := s.store.Task(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		next := *cur
		next.CaseNumber, next.Version, next.UpdatedAt = number, cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventTaskDispatched, by, next.UpdatedAt, string(cur.Status), string(next.Status), next.Department, number)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateTask(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// Dispatch sends the open task ref (its ID) through the Dispatcher again
// and records its new case number: a task whose dispatch failed, or one a
// failed re-check reopened. An open task dispatched already and not
// reopened since is ECONFLICT, and so is any task without a Dispatcher.
// Center only.
func (s *Service) Dispatch(ctx context.Context, by govops.Actor, ref string) (*Task, error) {
	if err := by.CenterOnly("dispatch tasks"); err != nil {
		return nil, err
	}
	t, err := govops.ReadOne(ctx, by, ref, "task", s.store.Task, nil)
	if err != nil {
		return nil, err
	}
	switch {
	case s.dispatcher == nil:
		return nil, govops.Errorf(govops.ECONFLICT, "no command platform is wired: tasks are tracked here alone")
	case t.Status != TaskOpen:
		return nil, govops.Errorf(govops.ECONFLICT, "task %s is %s (%s): only an open task is dispatched", t.ID, t.Status, t.Status.Label()).WithField("status", string(t.Status))
	case t.CaseNumber != "" && t.Rechecks == 0:
		return nil, govops.Errorf(govops.ECONFLICT, "task %s is dispatched already as case %s", t.ID, t.CaseNumber).WithField("case_number", t.CaseNumber)
	}
	return s.dispatch(ctx, by, t)
}

// OpenTask records a task by hand, open: the site (code or ID), the kind
// (any but update_urge and consultation, which UrgeUpdates and
// UrgeConsultations make) and the title are required; the column (its
// code or ID within the site) and page (an absolute URL) are optional;
// the department is the column's, else the site's, unless set. A live
// task of the same kind, page and title is ECONFLICT. It is dispatched as
// RaiseTasks dispatches. Center only.
func (s *Service) OpenTask(ctx context.Context, by govops.Actor, in TaskInput) (*Task, error) {
	if err := by.CenterOnly("open tasks"); err != nil {
		return nil, err
	}
	in.Title, in.Detail = strings.TrimSpace(in.Title), strings.TrimSpace(in.Detail)
	var p govops.Problems
	if in.Site == "" {
		p.Add("site", "required: the site's code or ID")
	}
	if checkKind(&p, "kind", in.Kind, true) && (in.Kind == KindUpdateUrge || in.Kind == KindConsultation) {
		p.Addf("kind", "%s tasks are opened by their own call (UrgeUpdates, UrgeConsultations)", in.Kind)
	}
	text(&p, "title", in.Title, MaxNameLen, true)
	text(&p, "detail", in.Detail, MaxTextLen, false)
	webURL(&p, "page", in.Page, false)
	optCode(&p, "department", in.Department)
	govops.CheckTime(&p, "due", in.Due, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	site, err := s.site(ctx, "site", in.Site)
	if err != nil {
		return nil, err
	}
	t := Task{SiteID: site.ID, Kind: in.Kind, Title: in.Title, Detail: in.Detail, Page: in.Page, Due: govops.StoredTime(in.Due),
		Department: site.Department}
	if in.Column != "" {
		c, err := s.column(ctx, "column", in.Column, site.ID)
		if err != nil {
			return nil, err
		}
		t.ColumnID = c.ID
		if c.Department != "" {
			t.Department = c.Department
		}
	}
	if in.Department != "" {
		t.Department = in.Department
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	t.Key = findingKey(in.Kind, in.Page, in.Title)
	if known, err := s.known(ctx, TaskFilter{Key: t.Key, Live: true}); err != nil || known {
		if err != nil {
			return nil, err
		}
		return nil, govops.Errorf(govops.ECONFLICT, "a live task of this kind, page and title exists").WithField("title", "has a live task already")
	}
	ev, err := s.opened(&t, by, s.clock())
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateTasks(ctx, []Task{t}, []Event{ev}); err != nil {
		return nil, err
	}
	out := s.dispatchAll(ctx, by, []Task{t})
	return &out[0], nil
}

// UrgeUpdates opens an update urge (督促更新) for every current column of
// the site (code or ID) that is stale at at (zero: now; see Column.Stale)
// and has no live urge: for the column's department, else the site's,
// titled "督促更新：栏目「名称」已 N 天未更新（要求…）". They are created in
// one Store call and dispatched as RaiseTasks dispatches. It returns the
// new urges. Center only.
func (s *Service) UrgeUpdates(ctx context.Context, by govops.Actor, site string, at time.Time) ([]Task, error) {
	if err := by.CenterOnly("urge updates"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckTime(&p, "at", at, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	sv, err := s.site(ctx, "site", site)
	if err != nil {
		return nil, err
	}
	at = orNow(at, s.clock())
	cols, err := s.store.Columns(ctx, ColumnFilter{SiteID: sv.ID, Current: true}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	return s.openMany(ctx, by, func() ([]Task, error) {
		var ts []Task
		for _, c := range cols {
			if !c.Stale(at) {
				continue
			}
			if known, err := s.known(ctx, TaskFilter{Kind: KindUpdateUrge, ColumnID: c.ID, Live: true}); err != nil || known {
				if err != nil {
					return nil, err
				}
				continue
			}
			since := "从未更新"
			if !c.Updated.IsZero() {
				since = fmt.Sprintf("已 %d 天未更新", daysSince(c.Updated, at))
			}
			ts = append(ts, Task{SiteID: sv.ID, Kind: KindUpdateUrge, ColumnID: c.ID, Key: findingKey(KindUpdateUrge, c.URL, c.ID.String()),
				Department: firstOf(c.Department, sv.Department), Page: c.URL,
				Title:  govops.Truncate(fmt.Sprintf("督促更新：栏目「%s」%s（要求%s）", c.Name, since, c.Requirement.limitLabel()), MaxNameLen),
				Detail: fmt.Sprintf("栏目：%s（%s）\n最后更新：%s\n更新要求：%s", c.Name, c.URL, show(c.Updated), c.Requirement.Label())})
		}
		return ts, nil
	})
}

// firstOf returns the first non-empty string.
func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// openMany opens the tasks build returns in one Store call, retrying when
// a concurrent call made one of them meanwhile, and dispatches them.
func (s *Service) openMany(ctx context.Context, by govops.Actor, build func() ([]Task, error)) ([]Task, error) {
	var made []Task
	err := govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		ts, err := build()
		if err != nil || len(ts) == 0 {
			return nil, err
		}
		now := s.clock()
		evs := make([]Event, len(ts))
		for i := range ts {
			if evs[i], err = s.opened(&ts[i], by, now); err != nil {
				return nil, err
			}
		}
		return func() error {
			if err := s.store.CreateTasks(ctx, ts, evs); err != nil {
				return err
			}
			made = ts
			return nil
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return s.dispatchAll(ctx, by, made), nil
}

// UrgeConsultations opens a task to answer every unanswered consultation
// of the site (code or ID) that has no live one, for the consultation's
// department, in one Store call, dispatched as RaiseTasks dispatches. It
// returns the new tasks. Center only.
func (s *Service) UrgeConsultations(ctx context.Context, by govops.Actor, site string) ([]Task, error) {
	if err := by.CenterOnly("urge consultations"); err != nil {
		return nil, err
	}
	sv, err := s.site(ctx, "site", site)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.Consultations(ctx, ConsultationFilter{SiteID: sv.ID, Unanswered: true}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	return s.openMany(ctx, by, func() ([]Task, error) {
		var ts []Task
		for _, c := range cs {
			key := findingKey(KindConsultation, c.Ref, c.ID.String())
			if known, err := s.known(ctx, TaskFilter{Key: key, Live: true}); err != nil || known {
				if err != nil {
					return nil, err
				}
				continue
			}
			ts = append(ts, Task{SiteID: sv.ID, Kind: KindConsultation, ConsultationID: c.ID, Key: key, Department: firstOf(c.Department, sv.Department),
				Title:  govops.Truncate(fmt.Sprintf("答复咨询留言：%s（%s 收到）", c.Ref, show(c.Received)), MaxNameLen),
				Detail: govops.Truncate("留言主题："+c.Subject, MaxTextLen)})
		}
		return ts, nil
	})
}

// task returns the task ref (its ID) as by may see it: another unit's is
// ENOTFOUND to a department.
func (s *Service) task(ctx context.Context, by govops.Actor, ref string) (*Task, error) {
	return govops.ReadOne(ctx, by, ref, "task", s.store.Task, func(t *Task) string { return t.Department })
}

// Task returns the task ref (its ID): a department reads its own only.
func (s *Service) Task(ctx context.Context, by govops.Actor, ref string) (*Task, error) {
	t, err := s.task(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, t.Department, *t)
	return &out, nil
}

// Tasks lists tasks by ID: those of a site, a kind, a status, a
// department, a case number. A department lists its own only (asking for
// another is EFORBIDDEN).
func (s *Service) Tasks(ctx context.Context, by govops.Actor, in TaskListInput) (govops.Page[Task], error) {
	var none govops.Page[Task]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	checkKind(&p, "kind", in.Kind, false)
	govops.CheckEnum(&p, "status", in.Status, false, TaskStatus.Valid, TaskStatuses(), TaskStatus.Label, "task status")
	if in.Case != "" {
		govops.CheckNumber(&p, "case", in.Case)
	}
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return none, err
	}
	f := TaskFilter{Kind: in.Kind, Status: in.Status, Department: dept, CaseNumber: in.Case}
	if f.SiteID, err = s.siteID(ctx, "site", in.Site); err != nil {
		return none, err
	}
	vs, err := s.store.Tasks(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	kept := vs[:0]
	for _, v := range vs {
		if by.MaySee(v.Department) {
			kept = append(kept, govops.MaskFor(by, v.Department, v))
		}
	}
	return govops.IDPage(kept, limit, func(v Task) uuid.UUID { return v.ID }), nil
}

// TaskTrail returns the trail of the task ref (its ID): a department
// reads its own only.
func (s *Service) TaskTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	t, err := s.task(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, t.ID, t.Department)
}

// TaskCounts counts a year's tasks (months in Asia/Shanghai) of one site
// (or all) per kind, every kind listed: those opened in each month, those
// fixed in each month (by their fix time, fixed or verified now: a
// reopened task counts again when it is fixed again), and how many of
// those opened in the year are open now. A department counts its own
// only.
func (s *Service) TaskCounts(ctx context.Context, by govops.Actor, in TaskCountInput) (*TaskCounts, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	var p govops.Problems
	checkYear(&p, "year", in.Year)
	optCode(&p, "department", in.Department)
	if err := p.Err(); err != nil {
		return nil, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return nil, err
	}
	site, err := s.siteID(ctx, "site", in.Site)
	if err != nil {
		return nil, err
	}
	kinds := FindingKinds()
	counts := make(map[FindingKind]*KindCount, len(kinds))
	out := &TaskCounts{Year: in.Year, Kinds: make([]KindCount, len(kinds))}
	for i, k := range kinds {
		out.Kinds[i].Kind = k
		counts[k] = &out.Kinds[i]
	}
	for m := time.January; m <= time.December; m++ {
		from, to := monthSpan(in.Year, m)
		opened, err := s.store.TaskGroups(ctx, TaskGroupFilter{SiteID: site, Department: dept, OpenedFrom: from, OpenedTo: to})
		if err != nil {
			return nil, err
		}
		for _, g := range opened {
			if c := counts[g.Kind]; c != nil {
				c.Opened += g.Count
				c.OpenedMonth[m-1] += g.Count
				if g.Status == TaskOpen {
					c.Open += g.Count
				}
			}
		}
		fixed, err := s.store.TaskGroups(ctx, TaskGroupFilter{SiteID: site, Department: dept, FixedFrom: from, FixedTo: to})
		if err != nil {
			return nil, err
		}
		for _, g := range fixed {
			if c := counts[g.Kind]; c != nil && (g.Status == TaskFixed || g.Status == TaskVerified) {
				c.Fixed += g.Count
				c.FixedMonth[m-1] += g.Count
			}
		}
	}
	return out, nil
}
