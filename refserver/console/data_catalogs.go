package console

import (
	"net/url"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

// dataCatalogPath is the page of the entry ref names: its ID, or its code
// with its "/" escaped.
func dataCatalogPath(ref string) string { return "/data/catalogs/" + url.PathEscape(ref) }

// dataEntry is one entry of the catalog list, its department named.
type dataEntry struct {
	datashare.Catalog
	DeptName string
}

// dataCatalogsData is the catalog list.
type dataCatalogsData struct {
	Entries    []dataEntry
	Filter     datashare.CatalogFilter
	Statuses   []datashare.CatalogStatus
	ShareTypes []datashare.ShareType
	Formats    []datashare.Format
	Classes    []datashare.Class
	Pager      Pager
}

// dataCatalogs lists the catalog a page at a time, filtered by status,
// share type, format, class, department and text: every published entry,
// and the session's own drafts and withdrawn entries too.
func (c *Console) dataCatalogs(rq *request) error {
	q := datashare.CatalogQuery{After: rq.Query("cursor")}
	q.Status = datashare.CatalogStatus(rq.Query("status"))
	q.ShareType = datashare.ShareType(rq.Query("share_type"))
	q.Format = datashare.Format(rq.Query("format"))
	q.Class = datashare.Class(rq.Query("class"))
	q.Department = rq.Query("department")
	q.Text = rq.Query("q")
	page, err := c.svc.Data.Catalogs(rq.ctx, rq.Actor(), q)
	if err != nil {
		return err
	}
	d := dataCatalogsData{Filter: q.CatalogFilter, Statuses: datashare.CatalogStatuses(), ShareTypes: datashare.ShareTypes(),
		Formats: datashare.Formats(), Classes: datashare.Classes(), Pager: rq.pager(page.Next)}
	names := c.deptNames(rq)
	for _, e := range page.Items {
		d.Entries = append(d.Entries, dataEntry{Catalog: e, DeptName: names.name(e.Department)})
	}
	return c.page(rq, "data", "data_catalogs", "数据资源目录", d)
}

// dataRequestRow is one share request of a list, its parties named.
type dataRequestRow struct {
	datashare.RequestView
	ConsumerName, ProviderName string
}

// dataCatalogData is an entry's page.
type dataCatalogData struct {
	E        dataEntry
	Batches  []datashare.Batch
	Pager    Pager
	Requests []dataRequestRow
	// MoreRequests: the entry has more requests than the page shows.
	MoreRequests bool
	// MayRequest: the session may ask for the entry's data.
	MayRequest bool
}

// dataCatalog shows an entry: its metadata and items, its batches (the
// data mounted into it, paged) and its share requests.
func (c *Console) dataCatalog(rq *request) error {
	ref, err := url.PathUnescape(rq.Param("id"))
	if err != nil {
		return govops.Errorf(govops.ENOTFOUND, "没有这个目录：%s", govops.Truncate(rq.Param("id"), 60))
	}
	by := rq.Actor()
	e, err := c.svc.Data.Catalog(rq.ctx, by, ref)
	if err != nil {
		return err
	}
	names := c.deptNames(rq)
	d := dataCatalogData{E: dataEntry{Catalog: *e, DeptName: names.name(e.Department)}}
	bs, err := c.svc.Data.Batches(rq.ctx, by, datashare.BatchQuery{Catalog: e.ID.String(), After: rq.Query("cursor")})
	if err != nil {
		return err
	}
	d.Batches, d.Pager = bs.Items, rq.pager(bs.Next)
	reqs, err := c.svc.Data.Requests(rq.ctx, by, datashare.RequestQuery{Catalog: e.ID.String()})
	if err != nil {
		return err
	}
	d.MoreRequests = reqs.Next != ""
	for _, r := range reqs.Items {
		d.Requests = append(d.Requests, dataRequestRow{RequestView: r, ConsumerName: names.name(r.Consumer), ProviderName: names.name(r.Provider)})
	}
	d.MayRequest = !rq.s.ReadOnly() && e.Status == datashare.CatalogPublished && e.ShareType == datashare.ShareConditional &&
		by.Department != e.Department
	return c.page(rq, "data", "data_catalog", e.Name, d)
}
