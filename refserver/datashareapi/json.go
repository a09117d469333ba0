package datashareapi

import (
	"maps"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The JSON shapes of the catalog, its batches, records and share
// requests. Enums travel as their stable codes with a sibling *_label in
// Chinese; times are RFC 3339 in Asia/Shanghai; a publish date is
// YYYY-MM-DD.

type itemJSON struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	TypeLabel   string `json:"type_label"`
	Length      int    `json:"length,omitempty"`
	Required    bool   `json:"required"`
	IDKind      string `json:"id_kind,omitempty"`
	IDKindLabel string `json:"id_kind_label,omitempty"`
	Personal    bool   `json:"personal"`
}

type catalogJSON struct {
	ID               string     `json:"id"`
	Code             string     `json:"code"`
	Name             string     `json:"name"`
	Department       string     `json:"department"`
	Provider         string     `json:"provider"`
	ProviderCode     string     `json:"provider_code"`
	Summary          string     `json:"summary"`
	Class            string     `json:"class"`
	ClassLabel       string     `json:"class_label"`
	Format           string     `json:"format"`
	FormatLabel      string     `json:"format_label"`
	SubFormat        string     `json:"sub_format,omitempty"`
	Items            []itemJSON `json:"items"`
	Key              []string   `json:"key"`
	ShareType        string     `json:"share_type"`
	ShareTypeLabel   string     `json:"share_type_label"`
	Condition        string     `json:"condition,omitempty"`
	LegalBasis       string     `json:"legal_basis,omitempty"`
	ShareMethod      string     `json:"share_method,omitempty"`
	ShareMethodLabel string     `json:"share_method_label,omitempty"`
	Open             string     `json:"open"`
	OpenLabel        string     `json:"open_label"`
	OpenCondition    string     `json:"open_condition,omitempty"`
	Cycle            string     `json:"cycle"`
	CycleLabel       string     `json:"cycle_label"`
	Published        string     `json:"published,omitempty"`
	Related          []string   `json:"related"`
	Status           string     `json:"status"`
	StatusLabel      string     `json:"status_label"`
	Version          int64      `json:"version"`
	CreatedAt        string     `json:"created_at"`
	UpdatedAt        string     `json:"updated_at"`
}

func (a *API) catalogOut(c *datashare.Catalog) catalogJSON {
	out := catalogJSON{ID: c.ID.String(), Code: c.Code, Name: c.Name, Department: c.Department, Provider: c.Provider,
		ProviderCode: c.ProviderCode, Summary: c.Summary, Class: string(c.Class), ClassLabel: c.Class.Label(),
		Format: string(c.Format), FormatLabel: c.Format.Label(), SubFormat: c.SubFormat, Items: make([]itemJSON, len(c.Items)),
		Key: nonNil(c.Key), ShareType: string(c.ShareType), ShareTypeLabel: c.ShareType.Label(), Condition: c.Condition,
		LegalBasis: c.LegalBasis, Open: string(c.Open), OpenLabel: c.Open.Label(), OpenCondition: c.OpenCondition,
		Cycle: string(c.Cycle), CycleLabel: c.Cycle.Label(), Related: nonNil(c.Related), Status: string(c.Status),
		StatusLabel: c.Status.Label(), Version: c.Version, CreatedAt: a.clock.Format(c.CreatedAt), UpdatedAt: a.clock.Format(c.UpdatedAt)}
	if c.ShareMethod != "" {
		out.ShareMethod, out.ShareMethodLabel = string(c.ShareMethod), c.ShareMethod.Label()
	}
	if !c.Published.IsZero() {
		// The publish date is stored at midnight UTC of its day.
		out.Published = c.Published.UTC().Format(time.DateOnly)
	}
	for i, it := range c.Items {
		out.Items[i] = itemJSON{Name: it.Name, Type: string(it.Type), TypeLabel: it.Type.Label(), Length: it.Length,
			Required: it.Required, Personal: it.Personal || it.ID == idcode.KindResidentID}
		if it.ID != "" {
			out.Items[i].IDKind, out.Items[i].IDKindLabel = string(it.ID), it.ID.Label()
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// itemInJSON is one data item as a client declares it.
type itemInJSON struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Length   int    `json:"length"`
	Required bool   `json:"required"`
	IDKind   string `json:"id_kind"`
	Personal bool   `json:"personal"`
}

// catalogCreateJSON catalogs an entry.
type catalogCreateJSON struct {
	Code          string       `json:"code"`
	Name          string       `json:"name"`
	Department    string       `json:"department"`
	Provider      string       `json:"provider"`
	ProviderCode  string       `json:"provider_code"`
	Summary       string       `json:"summary"`
	Class         string       `json:"class"`
	Format        string       `json:"format"`
	SubFormat     string       `json:"sub_format"`
	Items         []itemInJSON `json:"items"`
	Key           []string     `json:"key"`
	ShareType     string       `json:"share_type"`
	Condition     string       `json:"condition"`
	LegalBasis    string       `json:"legal_basis"`
	ShareMethod   string       `json:"share_method"`
	Open          string       `json:"open"`
	OpenCondition string       `json:"open_condition"`
	Cycle         string       `json:"cycle"`
	Related       []string     `json:"related"`
}

func items(in []itemInJSON) []datashare.Item {
	if in == nil {
		return nil
	}
	out := make([]datashare.Item, len(in))
	for i, it := range in {
		out[i] = datashare.Item{Name: it.Name, Type: datashare.ItemType(it.Type), Length: it.Length, Required: it.Required,
			ID: idcode.Kind(it.IDKind), Personal: it.Personal}
	}
	return out
}

func (in *catalogCreateJSON) input() datashare.CatalogInput {
	return datashare.CatalogInput{Code: in.Code, Name: in.Name, Department: in.Department, Provider: in.Provider,
		ProviderCode: in.ProviderCode, Summary: in.Summary, Class: datashare.Class(in.Class), Format: datashare.Format(in.Format),
		SubFormat: in.SubFormat, Items: items(in.Items), Key: in.Key, ShareType: datashare.ShareType(in.ShareType),
		Condition: in.Condition, LegalBasis: in.LegalBasis, ShareMethod: datashare.ShareMethod(in.ShareMethod),
		Open: datashare.OpenType(in.Open), OpenCondition: in.OpenCondition, Cycle: datashare.Cycle(in.Cycle), Related: in.Related}
}

// catalogBulkJSON catalogs several entries at once.
type catalogBulkJSON struct {
	Catalogs []catalogCreateJSON `json:"catalogs"`
}

// catalogUpdateJSON changes the fields it gives; the code never changes.
type catalogUpdateJSON struct {
	Name          *string       `json:"name"`
	Department    *string       `json:"department"`
	Provider      *string       `json:"provider"`
	ProviderCode  *string       `json:"provider_code"`
	Summary       *string       `json:"summary"`
	Class         *string       `json:"class"`
	Format        *string       `json:"format"`
	SubFormat     *string       `json:"sub_format"`
	Items         *[]itemInJSON `json:"items"`
	Key           *[]string     `json:"key"`
	ShareType     *string       `json:"share_type"`
	Condition     *string       `json:"condition"`
	LegalBasis    *string       `json:"legal_basis"`
	ShareMethod   *string       `json:"share_method"`
	Open          *string       `json:"open"`
	OpenCondition *string       `json:"open_condition"`
	Cycle         *string       `json:"cycle"`
	Related       *[]string     `json:"related"`
}

// apply returns the input that replaces c with the fields of in given,
// the others as c holds them.
func (in *catalogUpdateJSON) apply(c *datashare.Catalog) datashare.CatalogInput {
	out := datashare.CatalogInput{Code: c.Code, Name: c.Name, Department: c.Department, Provider: c.Provider,
		ProviderCode: c.ProviderCode, Summary: c.Summary, Class: c.Class, Format: c.Format, SubFormat: c.SubFormat,
		Items: c.Items, Key: c.Key, ShareType: c.ShareType, Condition: c.Condition, LegalBasis: c.LegalBasis,
		ShareMethod: c.ShareMethod, Open: c.Open, OpenCondition: c.OpenCondition, Cycle: c.Cycle, Related: c.Related}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&out.Name, in.Name)
	set(&out.Department, in.Department)
	set(&out.Provider, in.Provider)
	set(&out.ProviderCode, in.ProviderCode)
	set(&out.Summary, in.Summary)
	set((*string)(&out.Class), in.Class)
	set((*string)(&out.Format), in.Format)
	set(&out.SubFormat, in.SubFormat)
	set((*string)(&out.ShareType), in.ShareType)
	set(&out.Condition, in.Condition)
	set(&out.LegalBasis, in.LegalBasis)
	set((*string)(&out.ShareMethod), in.ShareMethod)
	set((*string)(&out.Open), in.Open)
	set(&out.OpenCondition, in.OpenCondition)
	set((*string)(&out.Cycle), in.Cycle)
	if in.Items != nil {
		out.Items = items(*in.Items)
	}
	if in.Key != nil {
		out.Key = *in.Key
	}
	if in.Related != nil {
		out.Related = *in.Related
	}
	return out
}

type reasonJSON struct {
	Reason string `json:"reason"`
}

type itemStatsJSON struct {
	Item    string `json:"item"`
	Present int64  `json:"present"`
	Invalid int64  `json:"invalid"`
}

type batchJSON struct {
	ID              string          `json:"id"`
	Catalog         string          `json:"catalog"`
	CatalogCode     string          `json:"catalog_code"`
	Department      string          `json:"department"`
	Actor           string          `json:"actor"`
	ActorDepartment string          `json:"actor_department,omitempty"`
	Mode            string          `json:"mode"`
	Replace         bool            `json:"replace"`
	Status          string          `json:"status"`
	StatusLabel     string          `json:"status_label"`
	StartedAt       string          `json:"started_at"`
	TouchedAt       string          `json:"touched_at"`
	FinishedAt      string          `json:"finished_at,omitempty"`
	Rows            int64           `json:"rows"`
	Mounted         int64           `json:"mounted"`
	BadRows         int64           `json:"bad_rows"`
	Warnings        int64           `json:"warnings"`
	Columns         []string        `json:"columns"`
	Items           []itemStatsJSON `json:"items"`
	KeyRows         int64           `json:"key_rows"`
	KeyDistinct     int64           `json:"key_distinct"`
	Source          string          `json:"source,omitempty"`
	Problem         string          `json:"problem,omitempty"`
	Version         int64           `json:"version"`
}

// modeName is how the answers name an import mode: as the mode parameter
// spells it ("all-or-nothing", "keep-good").
func modeName(m string) string {
	switch m {
	case "all_or_nothing":
		return "all-or-nothing"
	case "keep_good":
		return "keep-good"
	}
	return m
}

func (a *API) batchOut(b *datashare.Batch) batchJSON {
	out := batchJSON{ID: b.ID.String(), Catalog: b.Catalog.String(), CatalogCode: b.CatalogCode, Department: b.Department,
		Actor: b.Actor, ActorDepartment: b.ActorDept, Mode: modeName(b.Mode), Replace: b.Replace, Status: string(b.Status),
		StatusLabel: b.Status.Label(), StartedAt: a.clock.Format(b.StartedAt), TouchedAt: a.clock.Format(b.TouchedAt),
		FinishedAt: a.clock.Format(b.FinishedAt), Rows: b.Rows, Mounted: b.Mounted, BadRows: b.BadRows, Warnings: b.Warnings,
		Columns: nonNil(b.Columns), Items: make([]itemStatsJSON, len(b.Items)), KeyRows: b.KeyRows, KeyDistinct: b.KeyDistinct,
		Source: b.Source, Problem: b.Problem, Version: b.Version}
	for i, s := range b.Items {
		out.Items[i] = itemStatsJSON{Item: s.Item, Present: s.Present, Invalid: s.Invalid}
	}
	return out
}

// mountJSON is the answer of a mount that ran: the report of every row,
// and the batch as it ended.
type mountJSON struct {
	*apikit.ImportResult
	Batch batchJSON `json:"batch"`
}

type recoveredJSON struct {
	Failed int         `json:"failed"`
	Items  []batchJSON `json:"items"`
}

type columnsJSON struct {
	Catalog string   `json:"catalog"`
	Columns []string `json:"columns"`
	Header  string   `json:"header"`
}

type rowJSON struct {
	Batch  string            `json:"batch"`
	Line   int64             `json:"line"`
	Values map[string]string `json:"values"`
}

func rowOut(r datashare.Row) rowJSON {
	v := maps.Clone(r.Values)
	if v == nil {
		v = map[string]string{}
	}
	return rowJSON{Batch: r.Batch.String(), Line: r.Line, Values: v}
}

type requestJSON struct {
	ID          string   `json:"id"`
	Catalog     string   `json:"catalog"`
	CatalogCode string   `json:"catalog_code"`
	Consumer    string   `json:"consumer"`
	Provider    string   `json:"provider"`
	Purpose     string   `json:"purpose"`
	Items       []string `json:"items"`
	Applicant   string   `json:"applicant"`
	Status      string   `json:"status"`
	StatusLabel string   `json:"status_label"`
	Filed       string   `json:"filed"`
	LimitDays   int      `json:"limit_days"`
	Due         string   `json:"due,omitempty"`
	Overdue     bool     `json:"overdue"`
	Provisional bool     `json:"provisional"`
	Decided     string   `json:"decided,omitempty"`
	Decider     string   `json:"decider,omitempty"`
	Reason      string   `json:"reason,omitempty"`
	Expires     string   `json:"expires,omitempty"`
	Expired     bool     `json:"expired"`
	Revoked     string   `json:"revoked,omitempty"`
	Version     int64    `json:"version"`
}

func (a *API) requestOut(v *datashare.RequestView) requestJSON {
	return requestJSON{ID: v.ID.String(), Catalog: v.Catalog.String(), CatalogCode: v.CatalogCode, Consumer: v.Consumer,
		Provider: v.Provider, Purpose: v.Purpose, Items: nonNil(v.Items), Applicant: v.Applicant, Status: string(v.Status),
		StatusLabel: v.Status.Label(), Filed: a.clock.Format(v.Filed), LimitDays: v.LimitDays, Due: a.clock.Format(v.Due),
		Overdue: v.Overdue, Provisional: v.Provisional, Decided: a.clock.Format(v.Decided), Decider: v.Decider,
		Reason: v.Reason, Expires: a.clock.Format(v.Expires), Expired: v.Expired, Revoked: a.clock.Format(v.Revoked),
		Version: v.Version}
}

// requestCreateJSON files a share request.
type requestCreateJSON struct {
	Catalog  string   `json:"catalog"`
	Consumer string   `json:"consumer"`
	Purpose  string   `json:"purpose"`
	Items    []string `json:"items"`
}

// approveJSON grants a request.
type approveJSON struct {
	Expires string `json:"expires"`
	Note    string `json:"note"`
}

type rateJSON struct {
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator"`
	Percent     *string `json:"percent"`
}

func rateOut(r govops.Rate) rateJSON {
	return rateJSON{Numerator: r.Numerator, Denominator: r.Denominator, Percent: apikit.Rate(r)}
}
