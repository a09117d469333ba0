package console

import (
	"strings"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver/apikit"
)

// caseNewData is the register form's choices.
type caseNewData struct {
	Kinds      []option
	Categories []option
	Priorities []option
	Sources    []option
	// KindCategories says which categories each kind takes, as a hint
	// beside the category (without script the choices cannot follow the
	// kind).
	KindCategories []string
}

func (c *Console) caseNewData() caseNewData {
	d := caseNewData{Kinds: c.caseKindOptions(), Categories: c.caseCategoryOptions()}
	for _, p := range []govcase.Priority{govcase.PriorityNormal, govcase.PriorityUrgent, govcase.PriorityCritical} {
		d.Priorities = append(d.Priorities, option{string(p), p.Label()})
	}
	for _, s := range []govcase.Source{govcase.SourcePhone, govcase.SourceWeb, govcase.SourceApp,
		govcase.SourceWeChat, govcase.SourceOpen311, govcase.SourceInternal} {
		d.Sources = append(d.Sources, option{string(s), s.Label()})
	}
	for _, k := range c.svc.Cases.Kinds() {
		labels := make([]string, len(k.Categories))
		for i, cat := range k.Categories {
			labels[i] = cat.Label()
		}
		d.KindCategories = append(d.KindCategories, k.Label+"："+strings.Join(labels, "、"))
	}
	return d
}

// caseNew is the register form (登记). Only center staff register cases,
// as the Service's own actor rule says; others get the 403 page.
func (c *Console) caseNew(rq *request) error {
	if err := rq.Actor().CenterOnly("register cases"); err != nil {
		return err
	}
	return c.page(rq, "cases", "cases_new", "登记案件", c.caseNewData())
}

// caseRegister registers the posted case and shows it.
func (c *Console) caseRegister(rq *request) error {
	in := govcase.RegisterInput{
		Kind: govcase.Kind(rq.Form("kind")), Category: govcase.Category(rq.Form("category")),
		Priority: govcase.Priority(rq.Form("priority")), Source: govcase.Source(rq.Form("source")),
		ExternalNo: rq.Form("external_no"), Title: rq.Form("title"), Description: rq.Form("description"),
		Reporter: govcase.Contact{Name: rq.Form("reporter.name"), Phone: rq.Form("reporter.phone")},
		Location: rq.Form("location"),
	}
	cs, err := c.svc.Cases.Register(rq.ctx, rq.Actor(), in)
	if err != nil {
		return c.refused(rq, "cases", "cases_new", "登记案件", c.caseNewData(), err)
	}
	apikit.SetSubject(rq.ctx, cs.Number)
	return c.done(rq, "/cases/"+cs.Number, "已登记")
}
