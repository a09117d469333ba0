package portal

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/crawl"
)

// taskStepTo runs one step of the task ref's lifecycle: load it as by may
// see it, check the version and the move, apply change, write it with its
// event.
func (s *Service) taskStepTo(ctx context.Context, by govops.Actor, id uuid.UUID, ifVersion int64, step taskStep,
	change func(cur, next *Task) (note string, err error)) (*Task, error) {
	var out *Task
	err := govops.UpdateVersioned(ctx, ifVersion, func() (func() error, error) {
		cur, err := s.store.Task(ctx, id)
		if err != nil {
			return nil, err
		}
		if !by.MaySee(cur.Department) {
			return nil, govops.Errorf(govops.ENOTFOUND, "no task %s", id)
		}
		if err := govops.CheckVersion("task", cur.ID, cur.Version, ifVersion); err != nil {
			return nil, err
		}
		rule, err := taskMove(cur, step)
		if err != nil {
			return nil, err
		}
		next := *cur
		note, err := change(cur, &next)
		if err != nil {
			return nil, err
		}
		next.Status = rule.to
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, rule.event, by, next.UpdatedAt, string(cur.Status), string(next.Status), next.Department, note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateTask(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	v := govops.MaskFor(by, out.Department, *out)
	return &v, nil
}

// MarkFixed marks the open task ref (its ID) fixed, pending its re-check:
// how it was fixed is required; At is now unless set, never in the future
// nor before the task opened. The center or the task's department
// (another unit's task is ENOTFOUND to a department).
func (s *Service) MarkFixed(ctx context.Context, by govops.Actor, ref string, in FixInput) (*Task, error) {
	if err := by.MayWrite("mark tasks fixed"); err != nil {
		return nil, err
	}
	in.Fix = strings.TrimSpace(in.Fix)
	now := s.clock()
	var p govops.Problems
	text(&p, "fix", in.Fix, MaxNoteLen, true)
	govops.CheckPastTime(&p, "at", in.At, false, now)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "task")
	if err != nil {
		return nil, err
	}
	at := orNow(in.At, now)
	return s.taskStepTo(ctx, by, id, in.IfVersion, stepFix, func(cur, next *Task) (string, error) {
		if at.Before(cur.Opened) {
			return "", govops.FieldError("at", "must not be before the task opened ("+show(cur.Opened)+")")
		}
		next.Fixed, next.FixedBy, next.Fix = at, by.Name, in.Fix
		return in.Fix, nil
	})
}

// CaseClosed marks fixed, pending its re-check, the task dispatched as
// caseNumber, when the command platform closes the case (the reference
// server's bridge calls it, acting as the center under a name of its
// own): at is when (now when zero; not in the future). An unknown case is
// ENOTFOUND; a task fixed or verified already is returned unchanged, so
// that a repeated close does nothing; a dismissed one is ECONFLICT.
// Center only.
func (s *Service) CaseClosed(ctx context.Context, by govops.Actor, caseNumber string, at time.Time) (*Task, error) {
	if err := by.CenterOnly("close tasks' cases"); err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	govops.CheckNumber(&p, "case_number", caseNumber)
	govops.CheckPastTime(&p, "at", at, false, now)
	if err := p.Err(); err != nil {
		return nil, err
	}
	ts, err := s.store.Tasks(ctx, TaskFilter{CaseNumber: caseNumber}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, govops.Errorf(govops.ENOTFOUND, "no task dispatched as case %s", caseNumber).WithField("case_number", "no task was dispatched as this case")
	}
	t := ts[len(ts)-1]
	if t.Status == TaskFixed || t.Status == TaskVerified {
		return &t, nil
	}
	when := orNow(at, now)
	return s.taskStepTo(ctx, by, t.ID, 0, stepFix, func(cur, next *Task) (string, error) {
		if when.Before(cur.Opened) {
			when = cur.Opened
		}
		next.Fixed, next.FixedBy, next.Fix = when, by.Name, "指挥平台案件 "+caseNumber+" 已办结"
		return next.Fix, nil
	})
}

// Dismiss dismisses the open task ref (its ID) as no problem (a false
// finding): the note saying why is required. Center only.
func (s *Service) Dismiss(ctx context.Context, by govops.Actor, ref string, in DismissInput) (*Task, error) {
	if err := by.CenterOnly("dismiss tasks"); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	var p govops.Problems
	text(&p, "note", in.Note, MaxNoteLen, true)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "task")
	if err != nil {
		return nil, err
	}
	return s.taskStepTo(ctx, by, id, in.IfVersion, stepDismiss, func(_, _ *Task) (string, error) { return in.Note, nil })
}

// Recheck re-checks the fixed or verified task ref (its ID) for real where
// the Service can look at the problem again, and in.Passed is ignored
// then:
//
//   - a broken link: the target is checked again (crawl.Check);
//   - a typo or a sensitive word: the page is fetched again (crawl.Fetch)
//     and its text matched (exceptions apply): the word still there fails;
//   - a wrong link: the page is fetched again: a link to the same target
//     still wrong (see linkRules) fails;
//   - an update urge: the column must have been updated after the task
//     opened;
//   - a consultation: it must have been answered;
//   - any other task: in.Passed is the center's finding.
//
// A page that cannot be fetched fails the re-check of a word or a wrong
// link, with the reason in the note. One that passes verifies a fixed
// task (a verified one passing is ECONFLICT: nothing to do); one that
// fails reopens the task, counts it in Rechecks and clears its fix and
// verification, and a failed re-check of a task of kind other needs a
// note. The note (in.Note, and what the re-check found) goes to the
// trail. Center only.
func (s *Service) Recheck(ctx context.Context, by govops.Actor, ref string, in RecheckInput) (*Task, error) {
	if err := by.CenterOnly("re-check tasks"); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	var p govops.Problems
	text(&p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	t, err := s.task(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	if t.Status != TaskFixed && t.Status != TaskVerified {
		_, err := taskMove(t, stepReopen)
		return nil, err
	}
	passed, found, err := s.recheck(ctx, t, in)
	if err != nil {
		return nil, err
	}
	note := strings.TrimSpace(strings.Join([]string{found, in.Note}, "；"))
	note = strings.Trim(note, "；")
	if passed {
		at := s.clock()
		return s.taskStepTo(ctx, by, t.ID, in.IfVersion, stepVerify, func(cur, next *Task) (string, error) {
			next.Verified, next.VerifiedBy = at, by.Name
			return firstOf(note, "复核通过"), nil
		})
	}
	if t.Kind == KindOther && in.Note == "" {
		return nil, govops.FieldError("note", "required: say what the failed re-check found")
	}
	return s.taskStepTo(ctx, by, t.ID, in.IfVersion, stepReopen, func(cur, next *Task) (string, error) {
		next.Rechecks++
		next.Fixed, next.FixedBy, next.Fix = time.Time{}, "", ""
		next.Verified, next.VerifiedBy = time.Time{}, ""
		return firstOf(note, "复核未通过"), nil
	})
}

// recheck looks at t's problem again and reports whether it is gone, and
// what it found.
func (s *Service) recheck(ctx context.Context, t *Task, in RecheckInput) (bool, string, error) {
	cfg := s.crawlConfig(CrawlOptions{})
	switch t.Kind {
	case KindBrokenLink:
		f, status, detail := crawl.Check(ctx, cfg, t.Target)
		if f == "" {
			return true, "链接已可访问", nil
		}
		return false, "仍为断链：" + brokenReason(crawl.Broken{Target: t.Target, Failure: f, Status: status, Detail: detail}), nil
	case KindTypo, KindSensitive:
		pg, err := crawl.Fetch(ctx, cfg, t.Page)
		if err != nil {
			return false, "复核时页面无法访问：" + err.Error(), nil
		}
		for _, m := range s.matcher.Find(pg.Text) {
			if m.Word == t.Word {
				return false, fmt.Sprintf("页面仍有「%s」", t.Word), nil
			}
		}
		return true, fmt.Sprintf("页面已无「%s」", t.Word), nil
	case KindWrongLink:
		pg, err := crawl.Fetch(ctx, cfg, t.Page)
		if err != nil {
			return false, "复核时页面无法访问：" + err.Error(), nil
		}
		site, err := s.store.Site(ctx, t.SiteID)
		if err != nil {
			return false, "", err
		}
		sites, err := s.store.Sites(ctx, SiteFilter{}, uuid.Nil, 0)
		if err != nil {
			return false, "", err
		}
		rules := newLinkRules(site, sites, s.parked)
		for _, l := range pg.Links {
			if l.Target == t.Target {
				if why := rules.wrong(l); why != "" {
					return false, "仍为错误链接：" + why, nil
				}
			}
		}
		return true, "错误链接已调整", nil
	case KindUpdateUrge:
		c, err := s.store.Column(ctx, t.ColumnID)
		if err != nil {
			return false, "", err
		}
		if c.Updated.After(t.Opened) {
			return true, "栏目已于 " + show(c.Updated) + " 更新", nil
		}
		return false, "栏目最后更新仍为 " + show(c.Updated), nil
	case KindConsultation:
		c, err := s.store.Consultation(ctx, t.ConsultationID)
		if err != nil {
			return false, "", err
		}
		if !c.Answered.IsZero() {
			return true, "留言已于 " + show(c.Answered) + " 答复", nil
		}
		return false, "留言仍未答复", nil
	}
	return in.Passed, "", nil
}
