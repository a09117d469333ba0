// Package securityapi is the HTTP mapping of the network security records
// (security, 网络安全) in the reference server: its JSON shapes, handlers,
// routes and OpenAPI fragment. refserver assembles it.
//
// Checklist items are named in a path by their code, every other record by
// its ID. No endpoint takes a credential: every body is refused, before it
// is decoded, when it holds a field named like one at any depth (see
// security.CredentialFieldJSON), and the Service refuses free text that
// writes one out.
package securityapi

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/security"
)

//go:embed openapi.json
var fragment []byte

// Config configures an API. The zero value is usable.
type Config struct {
	// Location is the zone the answers show times in, and in which a date
	// sent alone ("2026-03-01") is read; nil means Asia/Shanghai.
	Location *time.Location
	// Now is the clock that picks the year of a report asked for without
	// one; nil means time.Now.
	Now func() time.Time
}

// API serves a security.Service over HTTP.
type API struct {
	svc   *security.Service
	clock apikit.Clock

	plans       apikit.Resource[*security.Plan]
	drills      apikit.Resource[*security.Drill]
	checklist   apikit.Resource[*security.ChecklistItem]
	inspections apikit.Resource[*security.Inspection]
	hardening   apikit.Resource[*security.Hardening]
	exercises   apikit.Resource[*security.Exercise]
	incidents   apikit.Resource[*security.Incident]
	incTimes    apikit.Resource[*security.IncidentTimes]
}

// The paths the API serves under, and where created records are read.
const (
	base            = "/api/v1/security"
	plansPath       = base + "/plans/"
	drillsPath      = base + "/drills/"
	checklistPath   = base + "/checklist/"
	inspectionsPath = base + "/inspections/"
	hardeningPath   = base + "/hardening/"
	exercisesPath   = base + "/exercises/"
	incidentsPath   = base + "/incidents/"
)

// New returns the API of svc.
func New(svc *security.Service, cfg Config) *API {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	a := &API{svc: svc, clock: apikit.Clock{Loc: cfg.Location, Now: now}}
	a.plans = apikit.Resource[*security.Plan]{
		Out: func(v *security.Plan) any { return a.planOut(v) }, Version: func(v *security.Plan) int64 { return v.Version },
		Ref: func(v *security.Plan) string { return v.ID.String() }, Location: plansPath,
	}
	a.drills = apikit.Resource[*security.Drill]{
		Out: func(v *security.Drill) any { return a.drillOut(v) }, Version: func(v *security.Drill) int64 { return v.Version },
		Ref: func(v *security.Drill) string { return v.ID.String() }, Location: drillsPath,
	}
	a.checklist = apikit.Resource[*security.ChecklistItem]{
		Out: func(v *security.ChecklistItem) any { return a.checklistOut(v) }, Version: func(v *security.ChecklistItem) int64 { return v.Version },
		Ref: func(v *security.ChecklistItem) string { return v.Code }, Location: checklistPath,
	}
	a.inspections = apikit.Resource[*security.Inspection]{
		Out: func(v *security.Inspection) any { return a.inspectionOut(v) }, Version: func(v *security.Inspection) int64 { return v.Version },
		Ref: func(v *security.Inspection) string { return v.ID.String() }, Location: inspectionsPath,
	}
	a.hardening = apikit.Resource[*security.Hardening]{
		Out: func(v *security.Hardening) any { return a.hardeningOut(v) }, Version: func(v *security.Hardening) int64 { return v.Version },
		Ref: func(v *security.Hardening) string { return v.ID.String() }, Location: hardeningPath,
	}
	a.exercises = apikit.Resource[*security.Exercise]{
		Out: func(v *security.Exercise) any { return a.exerciseOut(v) }, Version: func(v *security.Exercise) int64 { return v.Version },
		Ref: func(v *security.Exercise) string { return v.ID.String() }, Location: exercisesPath,
	}
	a.incidents = apikit.Resource[*security.Incident]{
		Out: func(v *security.Incident) any { return a.incidentOut(v, nil) }, Version: func(v *security.Incident) int64 { return v.Version },
		Ref: func(v *security.Incident) string { return v.ID.String() }, Location: incidentsPath,
	}
	a.incTimes = apikit.Resource[*security.IncidentTimes]{
		Out:     func(v *security.IncidentTimes) any { return a.incidentOut(&v.Incident, v) },
		Version: func(v *security.IncidentTimes) int64 { return v.Incident.Version },
		Ref:     func(v *security.IncidentTimes) string { return v.Incident.ID.String() },
	}
	return a
}

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the security endpoints. The center (admin) writes every
// record; every token reads the plans, the checklist, the inspections,
// the hardening records, the incidents and the report, a department only
// its own unit's (another's is 404), which the Service decides with the
// same actor. A department records the remediation of its own hardening
// records and reports its own incidents. The drills, the exercises, the
// overdue actions and the compliance check are the center's tokens'
// (admin and viewer): a department token gets 403 for them.
//
// Every route refuses a body that holds a field named like a credential
// (400 naming its path), before the body is decoded.
func (a *API) Routes() []apikit.Route {
	const (
		get, post, put, patch = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch
		anyone, center, admin = apikit.AnyRole, apikit.CenterRole, apikit.AdminRole
		pl                    = base + "/plans/:id"
		dr                    = base + "/drills/:id"
		ck                    = base + "/checklist/:code"
		in                    = base + "/inspections/:id"
		hd                    = base + "/hardening/:id"
		ex                    = base + "/exercises/:id"
		ic                    = base + "/incidents/:id"
	)
	rs := []apikit.Route{
		{Method: get, Path: base + "/plans", Access: anyone, Handler: apikit.Page(listed(a.plans), planList, a.svc.Plans)},
		{Method: post, Path: base + "/plans", Access: admin, Handler: apikit.Create(a.plans, a.draftPlan)},
		{Method: get, Path: pl, Access: anyone, Handler: apikit.Get(a.plans, "id", byID(a.svc.Plan))},
		{Method: put, Path: pl, Access: admin, Handler: apikit.Action(a.plans, "id", false, actByID(a.updatePlan))},
		{Method: post, Path: pl + "/approve", Access: admin, Handler: apikit.Action(a.plans, "id", false, actByID(a.approvePlan))},
		{Method: post, Path: pl + "/drills", Access: admin, Handler: a.recordDrill},
		{Method: get, Path: pl + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[security.PlanStatus](byID(a.svc.PlanTrail)))},

		{Method: get, Path: base + "/drills", Access: center, Handler: apikit.Page(listed(a.drills), drillList, a.svc.Drills)},
		{Method: get, Path: dr, Access: center, Handler: apikit.Get(a.drills, "id", byID(a.svc.Drill))},
		{Method: put, Path: dr, Access: admin, Handler: apikit.Action(a.drills, "id", false, actByID(a.updateDrill))},
		{Method: post, Path: dr + "/actions", Access: admin, Handler: apikit.Action(a.drills, "id", false, actByID(a.addAction))},
		{Method: patch, Path: dr + "/actions/:seq", Access: admin, Handler: a.updateAction},
		{Method: post, Path: dr + "/raise", Access: admin, Handler: a.raise(security.SourceDrill)},
		{Method: get, Path: dr + "/events", Access: center, Handler: apikit.Events(a.clock, "id", trail[security.ActionStatus](byID(a.svc.DrillTrail)))},
		{Method: get, Path: base + "/overdue-actions", Access: center, Handler: apikit.Read(a.svc.OverdueActions, a.overdueOut)},
		{Method: get, Path: base + "/compliance", Access: center, Handler: a.compliance},

		{Method: get, Path: base + "/checklist", Access: anyone, Handler: apikit.Read(a.svc.Checklist, a.checklistList)},
		{Method: post, Path: base + "/checklist", Access: admin, Handler: apikit.Create(a.checklist, a.addChecklistItem)},
		{Method: put, Path: ck, Access: admin, Handler: apikit.Action(a.checklist, "code", false, a.updateChecklistItem)},

		{Method: get, Path: base + "/inspections", Access: anyone, Handler: apikit.Page(listed(a.inspections), inspectionList, a.svc.Inspections)},
		{Method: post, Path: base + "/inspections", Access: admin, Handler: apikit.Create(a.inspections, a.recordInspection)},
		{Method: get, Path: in, Access: anyone, Handler: apikit.Get(a.inspections, "id", byID(a.svc.Inspection))},
		{Method: put, Path: in, Access: admin, Handler: apikit.Action(a.inspections, "id", false, actByID(a.updateInspection))},
		{Method: post, Path: in + "/raise", Access: admin, Handler: a.raise(security.SourceInspection)},
		{Method: get, Path: in + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[none](byID(a.svc.InspectionTrail)))},

		{Method: get, Path: base + "/hardening", Access: anyone, Handler: apikit.Page(listed(a.hardening), hardeningFilter, a.svc.Hardenings)},
		{Method: post, Path: base + "/hardening", Access: admin, Handler: apikit.Create(a.hardening, a.openHardening)},
		{Method: get, Path: hd, Access: anyone, Handler: apikit.Get(a.hardening, "id", byID(a.svc.Hardening))},
		{Method: put, Path: hd, Access: admin, Handler: apikit.Action(a.hardening, "id", false, actByID(a.updateHardening))},
		{Method: post, Path: hd + "/remediate", Access: anyone, Handler: apikit.Action(a.hardening, "id", false, actByID(a.remediate))},
		{Method: post, Path: hd + "/verify", Access: admin, Handler: apikit.Action(a.hardening, "id", false, actByID(a.verify))},
		{Method: post, Path: hd + "/retest", Access: admin, Handler: apikit.Action(a.hardening, "id", false, actByID(a.retest))},
		{Method: get, Path: hd + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[security.HardeningStatus](byID(a.svc.HardeningTrail)))},

		{Method: get, Path: base + "/exercises", Access: center, Handler: apikit.Page(listed(a.exercises), exerciseList, a.svc.Exercises)},
		{Method: post, Path: base + "/exercises", Access: admin, Handler: apikit.Create(a.exercises, a.recordExercise)},
		{Method: get, Path: ex, Access: center, Handler: apikit.Get(a.exercises, "id", byID(a.svc.Exercise))},
		{Method: put, Path: ex, Access: admin, Handler: apikit.Action(a.exercises, "id", false, actByID(a.updateExercise))},
		{Method: get, Path: ex + "/summary", Access: center, Handler: apikit.Get(apikit.Resource[*security.ExerciseSummary]{Out: func(v *security.ExerciseSummary) any { return a.summaryOut(v) }}, "id", byID(a.svc.ExerciseSummary))},
		{Method: post, Path: ex + "/raise", Access: admin, Handler: a.raise(security.SourceExercise)},
		{Method: get, Path: ex + "/events", Access: center, Handler: apikit.Events(a.clock, "id", trail[none](byID(a.svc.ExerciseTrail)))},

		{Method: get, Path: base + "/incidents", Access: anyone, Handler: apikit.Page(listed(a.incTimes), incidentList, a.svc.Incidents)},
		{Method: post, Path: base + "/incidents", Access: anyone, Handler: apikit.Create(a.incidents, a.reportIncident)},
		{Method: get, Path: ic, Access: anyone, Handler: apikit.Get(a.incTimes, "id", byID(a.svc.Incident))},
		{Method: put, Path: ic, Access: admin, Handler: apikit.Action(a.incidents, "id", false, actByID(a.updateIncident))},
		{Method: post, Path: ic + "/move", Access: admin, Handler: apikit.Action(a.incidents, "id", false, actByID(a.moveIncident))},
		{Method: get, Path: ic + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[security.IncidentStatus](byID(a.svc.IncidentTrail)))},

		{Method: get, Path: base + "/report", Access: anyone, Handler: a.report},
	}
	for i := range rs {
		rs[i].Handler = refuseCredentials(rs[i].Handler)
	}
	return rs
}

// refuseCredentials makes every body h decodes go through
// security.CredentialFieldJSON first: a body holding a field named like a
// credential, at any depth, is refused with 400 naming the field's path,
// never its value, before the strict decoder reads it.
func refuseCredentials(h bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		return h(w, req.WithContext(apikit.WithBodyCheck(req.Context(), credentialCheck)))
	}
}

func credentialCheck(body []byte) error {
	if path := security.CredentialFieldJSON(body); path != "" {
		return security.ErrCredentialField(path)
	}
	return nil
}

// listed is r for the items of a listing, which the Service pages as
// values.
func listed[T any](r apikit.Resource[*T]) apikit.Resource[T] {
	return apikit.Resource[T]{Out: func(v T) any { return r.Out(&v) }}
}
