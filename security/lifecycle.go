package security

import (
	"fmt"
	"slices"

	"github.com/govops-kit/govops"
)

// hardeningStep is one move of a hardening record's lifecycle.
type hardeningStep string

// The steps of a hardening record.
const (
	stepRemediate  hardeningStep = "remediate"   // 整改
	stepVerify     hardeningStep = "verify"      // 复核
	stepRetestPass hardeningStep = "retest_pass" // 复测通过
	stepRetestFail hardeningStep = "retest_fail" // 复测未通过
)

// hardeningRule is what one step needs and does.
type hardeningRule struct {
	from  []HardeningStatus
	to    HardeningStatus
	event EventType
}

// hardeningRules is the lifecycle of a hardening record: open →
// remediated → verified, and a failed re-test back to open.
var hardeningRules = map[hardeningStep]hardeningRule{
	stepRemediate:  {from: []HardeningStatus{HardeningOpen}, to: HardeningRemediated, event: EventHardeningRemedied},
	stepVerify:     {from: []HardeningStatus{HardeningRemediated}, to: HardeningVerified, event: EventHardeningVerified},
	stepRetestPass: {from: []HardeningStatus{HardeningRemediated}, to: HardeningVerified, event: EventHardeningVerified},
	stepRetestFail: {from: []HardeningStatus{HardeningRemediated, HardeningVerified}, to: HardeningOpen, event: EventHardeningReopened},
}

// hardeningMove returns the rule of step from the record's status: a
// step its status does not allow is ECONFLICT naming the current and the
// requested state.
func hardeningMove(h *Hardening, step hardeningStep) (hardeningRule, error) {
	r, ok := hardeningRules[step]
	if !ok {
		return hardeningRule{}, govops.Errorf(govops.EINTERNAL, "no hardening step %s", step)
	}
	if !slices.Contains(r.from, h.Status) {
		return hardeningRule{}, govops.Errorf(govops.ECONFLICT, "hardening record %s is %s (%s): %s moves a record from %s to %s (%s)",
			h.ID, h.Status, h.Status.Label(), step, statusList(r.from), r.to, r.to.Label()).WithField("status", string(h.Status))
	}
	return r, nil
}

func statusList(ss []HardeningStatus) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += " or "
		}
		out += fmt.Sprintf("%s (%s)", s, s.Label())
	}
	return out
}
