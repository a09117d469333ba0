package portal

import (
	"fmt"
	"slices"
	"strings"

	"github.com/govops-kit/govops"
)

// taskStep is one move of a task's lifecycle.
type taskStep string

// The steps of a task.
const (
	stepFix     taskStep = "fix"     // 整改完成 (MarkFixed, CaseClosed)
	stepVerify  taskStep = "verify"  // 复核通过 (Recheck passed)
	stepReopen  taskStep = "reopen"  // 复核未通过 (Recheck failed)
	stepDismiss taskStep = "dismiss" // 撤销 (Dismiss)
)

// taskRule is what one step needs and does.
type taskRule struct {
	from  []TaskStatus
	to    TaskStatus
	event EventType
}

// taskRules is the lifecycle of a task: open → fixed → verified, a failed
// re-check back to open from fixed or verified, and an open task
// dismissed.
var taskRules = map[taskStep]taskRule{
	stepFix:     {from: []TaskStatus{TaskOpen}, to: TaskFixed, event: EventTaskFixed},
	stepVerify:  {from: []TaskStatus{TaskFixed}, to: TaskVerified, event: EventTaskVerified},
	stepReopen:  {from: []TaskStatus{TaskFixed, TaskVerified}, to: TaskOpen, event: EventTaskReopened},
	stepDismiss: {from: []TaskStatus{TaskOpen}, to: TaskDismissed, event: EventTaskDismissed},
}

// taskMove returns the rule of step from the task's status: a step its
// status does not allow is ECONFLICT naming the current and the requested
// state.
func taskMove(t *Task, step taskStep) (taskRule, error) {
	r, ok := taskRules[step]
	if !ok {
		return taskRule{}, govops.Errorf(govops.EINTERNAL, "no task step %s", step)
	}
	if !slices.Contains(r.from, t.Status) {
		return taskRule{}, govops.Errorf(govops.ECONFLICT, "task %s is %s (%s): %s moves a task from %s to %s (%s)",
			t.ID, t.Status, t.Status.Label(), step, statusList(r.from), r.to, r.to.Label()).WithField("status", string(t.Status))
	}
	return r, nil
}

// statusList lists statuses with their labels.
func statusList(ss []TaskStatus) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("%s (%s)", s, s.Label())
	}
	return strings.Join(parts, " or ")
}
