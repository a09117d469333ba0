package portal

import (
	"time"

	"github.com/google/uuid"
	"github.com/govops-kit/govops"
)

// EventType names what an Event records.
type EventType string

// Event types.
const (
	EventSiteCreated          EventType = "site_created"
	EventSiteUpdated          EventType = "site_updated"
	EventColumnAdded          EventType = "column_added"
	EventColumnUpdated        EventType = "column_updated"
	EventColumnRefreshed      EventType = "column_refreshed"
	EventPostsRecorded        EventType = "posts_recorded"
	EventCrawlStarted         EventType = "crawl_started"
	EventCrawlCancelRequested EventType = "crawl_cancel_requested"
	EventCrawlEnded           EventType = "crawl_ended"
	EventTaskOpened           EventType = "task_opened"
	EventTaskDispatched       EventType = "task_dispatched"
	EventTaskFixed            EventType = "task_fixed"
	EventTaskVerified         EventType = "task_verified"
	EventTaskReopened         EventType = "task_reopened"
	EventTaskDismissed        EventType = "task_dismissed"
	EventConsultationReceived EventType = "consultation_received"
	EventConsultationAnswered EventType = "consultation_answered"
	EventAccountCreated       EventType = "account_created"
	EventAccountUpdated       EventType = "account_updated"
	EventMediaInspected       EventType = "media_inspected"
	EventMediaInspectionFixed EventType = "media_inspection_updated"
)

// Label returns the Chinese label of t.
func (t EventType) Label() string {
	switch t {
	case EventSiteCreated:
		return "登记网站"
	case EventSiteUpdated:
		return "修改网站"
	case EventColumnAdded:
		return "增加栏目"
	case EventColumnUpdated:
		return "修改栏目"
	case EventColumnRefreshed:
		return "栏目更新情况"
	case EventPostsRecorded:
		return "登记信息发布"
	case EventCrawlStarted:
		return "开始巡检"
	case EventCrawlCancelRequested:
		return "请求取消巡检"
	case EventCrawlEnded:
		return "巡检结束"
	case EventTaskOpened:
		return "登记整改任务"
	case EventTaskDispatched:
		return "派发整改任务"
	case EventTaskFixed:
		return "整改完成"
	case EventTaskVerified:
		return "复核通过"
	case EventTaskReopened:
		return "复核未通过，重新整改"
	case EventTaskDismissed:
		return "撤销整改任务"
	case EventConsultationReceived:
		return "登记咨询留言"
	case EventConsultationAnswered:
		return "答复咨询留言"
	case EventAccountCreated:
		return "登记政务新媒体"
	case EventAccountUpdated:
		return "修改政务新媒体"
	case EventMediaInspected:
		return "政务新媒体周检查"
	case EventMediaInspectionFixed:
		return "修改周检查记录"
	}
	return string(t)
}

// Status is the status an Event moves its subject from and to: a
// SiteStatus, CrawlStatus, TaskStatus or AccountStatus as a string (""
// for the records without one).
type Status string

// Event is one entry of the trail (留痕) of any portal record, by its ID:
// see govops.Event. Posts have no trail of their own: RecordPosts leaves
// one event on their column's.
type Event = govops.Event[EventType, Status]

// newEvent returns the event of by's change of subject to version seq.
func newEvent(subject uuid.UUID, seq int64, t EventType, by govops.Actor, at time.Time, from, to, dept, note string) (Event, error) {
	e, err := govops.NewEvent(subject, seq, t, by, at, Status(from), Status(to))
	if err != nil {
		return Event{}, err
	}
	e.Department, e.Note = dept, note
	return e, nil
}
