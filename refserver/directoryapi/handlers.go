package directoryapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops/refserver/apikit"
)

func (a *API) events(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	ctx := req.Context()
	evs, err := a.svc.Events(ctx, apikit.Actor(ctx), req.Param("code"))
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, apikit.TrailList(a.clock, evs))
}

func (a *API) counts(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	ctx := req.Context()
	c, err := a.svc.Counts(ctx, apikit.Actor(ctx))
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, countsOut(c))
}
