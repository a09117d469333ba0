package console

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/refserver/apikit"
)

// dataRequestsData is the list of share requests with the request form.
type dataRequestsData struct {
	Requests []dataRequestRow
	Statuses []datashare.RequestStatus
	// Status is the status filter as asked: "" means pending (待答复),
	// the default; "all" every status.
	Status  string
	Catalog string
	Overdue bool
	Party   string
	Pager   Pager
	// Entry is the entry the catalog filter names, when it may be asked
	// for: the request form then offers its items.
	Entry *datashare.Catalog
	// MayFile: the session may file a request.
	MayFile bool
}

// dataRequestsData reads the list as rq's query asks.
func (c *Console) dataRequestsData(rq *request) (*dataRequestsData, error) {
	by := rq.Actor()
	d := &dataRequestsData{Statuses: datashare.RequestStatuses(), Status: rq.Query("status"), Catalog: rq.Query("catalog"),
		Overdue: rq.Query("overdue") != "", Party: rq.Query("party"), MayFile: !rq.s.ReadOnly()}
	q := datashare.RequestQuery{Catalog: d.Catalog, Overdue: d.Overdue, Party: d.Party, After: rq.Query("cursor")}
	switch d.Status {
	case "":
		q.Status = datashare.RequestPending
	case "all":
	default:
		q.Status = datashare.RequestStatus(d.Status)
	}
	page, err := c.svc.Data.Requests(rq.ctx, by, q)
	if err != nil {
		return nil, err
	}
	names := c.deptNames(rq)
	for _, r := range page.Items {
		d.Requests = append(d.Requests, dataRequestRow{RequestView: r, ConsumerName: names.name(r.Consumer), ProviderName: names.name(r.Provider)})
	}
	d.Pager = rq.pager(page.Next)
	ref := d.Catalog
	if f := rq.Form("catalog"); f != "" {
		ref = f
	}
	if ref != "" {
		if e, err := c.svc.Data.Catalog(rq.ctx, by, ref); err == nil && e.ShareType == datashare.ShareConditional {
			d.Entry = e
		}
	}
	return d, nil
}

// dataRequests lists the share requests, those waiting for a reply unless
// the status filter says otherwise: the center sees every one, a
// department those it made or must answer.
func (c *Console) dataRequests(rq *request) error {
	d, err := c.dataRequestsData(rq)
	if err != nil {
		return err
	}
	return c.page(rq, "data", "data_requests", "共享申请", d)
}

// dataItemSep splits a list of item names as people type it.
var dataItemSep = regexp.MustCompile(`[,，、;；\n\r]+`)

// dataFileRequest files a share request: a department for itself, the
// center for the consumer it names.
func (c *Console) dataFileRequest(rq *request) error {
	var items []string
	for _, v := range rq.r.PostForm["items"] {
		for _, it := range dataItemSep.Split(v, -1) {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
	}
	in := datashare.RequestInput{Catalog: rq.Form("catalog"), Consumer: rq.Form("consumer"), Purpose: rq.Form("purpose"), Items: items}
	v, err := c.svc.Data.FileRequest(rq.ctx, rq.Actor(), in)
	if err != nil {
		code := govops.ErrorCode(err)
		if code != govops.EINVALID && code != govops.ECONFLICT && code != govops.EFORBIDDEN {
			return err
		}
		d, derr := c.dataRequestsData(rq)
		if derr != nil {
			return derr
		}
		return c.refused(rq, "data", "data_requests", "共享申请", d, dataItemErrors(err))
	}
	apikit.SetSubject(rq.ctx, v.ID.String())
	return c.done(rq, "/data/requests/"+v.ID.String(), "共享申请已提交，待 "+c.deptNames(rq).name(v.Provider)+" 答复")
}

// dataItemErrors gathers the problems of single items ("items[2]") under
// "items", the one input of the form that names them.
func dataItemErrors(err error) error {
	fields := govops.ErrorFields(err)
	var keys []string
	for k := range fields {
		if strings.HasPrefix(k, "items[") {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return err
	}
	sort.Strings(keys)
	out := &govops.Error{Code: govops.ErrorCode(err), Message: govops.ErrorMessage(err), Fields: map[string]string{}}
	var all []string
	for k, v := range fields {
		if !strings.HasPrefix(k, "items[") {
			out.Fields[k] = v
		}
	}
	for _, k := range keys {
		all = append(all, k+": "+fields[k])
	}
	if v := fields["items"]; v != "" {
		all = append([]string{v}, all...)
	}
	out.Fields["items"] = strings.Join(all, "；")
	return out
}

// dataRequestData is a share request's page: the request, its trail, and
// the forms the session may use on it.
type dataRequestData struct {
	R     dataRequestRow
	Entry *datashare.Catalog
	Trail []datashare.Event
	// MayReply: approve or deny (the provider or the center, while
	// pending); MayWithdraw: the consumer or the center, while pending;
	// MayRevoke: the provider or the center, while the grant lasts.
	MayReply, MayWithdraw, MayRevoke bool
	// Posted is the form a refusal answers: "reply", "withdraw" or
	// "revoke".
	Posted string
}

// dataRequestData reads the page of the request id.
func (c *Console) dataRequestData(rq *request, id string) (*dataRequestData, error) {
	by := rq.Actor()
	v, err := c.svc.Data.Request(rq.ctx, by, id)
	if err != nil {
		return nil, err
	}
	trail, err := c.svc.Data.RequestTrail(rq.ctx, by, id)
	if err != nil {
		return nil, err
	}
	names := c.deptNames(rq)
	d := &dataRequestData{R: dataRequestRow{RequestView: *v, ConsumerName: names.name(v.Consumer), ProviderName: names.name(v.Provider)}, Trail: trail}
	if e, err := c.svc.Data.Catalog(rq.ctx, by, v.Catalog.String()); err == nil {
		d.Entry = e
	}
	writes := !rq.s.ReadOnly()
	provider := writes && (by.IsCenter() || by.Department == v.Provider)
	consumer := writes && (by.IsCenter() || by.Department == v.Consumer)
	d.MayReply = provider && v.Status == datashare.RequestPending
	d.MayWithdraw = consumer && v.Status == datashare.RequestPending
	d.MayRevoke = provider && v.Status == datashare.RequestApproved && !v.Expired
	return d, nil
}

// dataRequest shows a share request.
func (c *Console) dataRequest(rq *request) error {
	d, err := c.dataRequestData(rq, rq.Param("id"))
	if err != nil {
		return err
	}
	return c.page(rq, "data", "data_request", "共享申请 "+d.R.CatalogCode, d)
}

// dataRequestRefused shows the request's page again with the Service's
// refusal of the form posted.
func (c *Console) dataRequestRefused(rq *request, posted string, err error) error {
	code := govops.ErrorCode(err)
	if code != govops.EINVALID && code != govops.ECONFLICT && code != govops.EFORBIDDEN {
		return err
	}
	d, derr := c.dataRequestData(rq, rq.Param("id"))
	if derr != nil {
		return derr
	}
	d.Posted = posted
	return c.refused(rq, "data", "data_request", "共享申请 "+d.R.CatalogCode, d, err)
}

// dataReply answers a pending request: approve (同意共享, until the date
// given or for the Service's grant term) or deny with a reason.
func (c *Console) dataReply(rq *request) error {
	id := rq.Param("id")
	version, _ := strconv.ParseInt(rq.Form("if_version"), 10, 64)
	apikit.SetSubject(rq.ctx, id)
	var (
		msg string
		err error
	)
	switch rq.Form("decision") {
	case string(datashare.ActionApprove):
		in := datashare.ApproveInput{IfVersion: version, Note: rq.Form("note")}
		if v := rq.Form("expires"); v != "" {
			if in.Expires, err = apikit.ParseTimeOrDate(v, c.loc, true); err != nil {
				return c.dataRequestRefused(rq, "reply", govops.FieldError("expires", "请填写日期，如 2023-06-30"))
			}
		}
		_, err = c.svc.Data.Approve(rq.ctx, rq.Actor(), id, in)
		msg = "已同意共享"
	case string(datashare.ActionDeny):
		_, err = c.svc.Data.Deny(rq.ctx, rq.Actor(), id, datashare.DecisionInput{IfVersion: version, Reason: rq.Form("reason")})
		msg = "已答复不同意共享"
	default:
		err = govops.FieldError("decision", "请选择同意或不同意")
	}
	if err != nil {
		return c.dataRequestRefused(rq, "reply", err)
	}
	return c.done(rq, "/data/requests/"+id, msg)
}

// dataWithdrawRequest takes back a pending request, with a reason or none.
func (c *Console) dataWithdrawRequest(rq *request) error {
	id := rq.Param("id")
	version, _ := strconv.ParseInt(rq.Form("if_version"), 10, 64)
	apikit.SetSubject(rq.ctx, id)
	if _, err := c.svc.Data.Withdraw(rq.ctx, rq.Actor(), id, datashare.DecisionInput{IfVersion: version, Reason: rq.Form("reason")}); err != nil {
		return c.dataRequestRefused(rq, "withdraw", err)
	}
	return c.done(rq, "/data/requests/"+id, "已撤回申请")
}

// dataRevoke ends a live grant, with the reason the consumer is told.
func (c *Console) dataRevoke(rq *request) error {
	id := rq.Param("id")
	version, _ := strconv.ParseInt(rq.Form("if_version"), 10, 64)
	apikit.SetSubject(rq.ctx, id)
	if _, err := c.svc.Data.Revoke(rq.ctx, rq.Actor(), id, datashare.DecisionInput{IfVersion: version, Reason: rq.Form("reason")}); err != nil {
		return c.dataRequestRefused(rq, "revoke", err)
	}
	return c.done(rq, "/data/requests/"+id, "已撤销授权")
}
