package datashare

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/govops-kit/govops"
)

// DCATNamespace is the namespace of the extension properties of the DCAT
// export (prefix gds): what DCAT has no term for, such as the share type.
const DCATNamespace = "https://govops-kit.github.io/ns/datashare#"

// dcatHead opens the DCAT document: its context, which defines every
// prefix the datasets use, and the catalog whose datasets follow.
const dcatHead = `{"@context":{` +
	`"dcat":"http://www.w3.org/ns/dcat#",` +
	`"dct":"http://purl.org/dc/terms/",` +
	`"foaf":"http://xmlns.com/foaf/0.1/",` +
	`"xsd":"http://www.w3.org/2001/XMLSchema#",` +
	`"gds":"` + DCATNamespace + `"},` +
	"\n" + `"@type":"dcat:Catalog","dct:title":"政务信息资源目录","dcat:dataset":[`

// frequencyAuthority is the EU Publications Office's frequency authority
// table, whose URIs DCAT uses for dct:accrualPeriodicity.
const frequencyAuthority = "http://publications.europa.eu/resource/authority/frequency/"

// dcatFrequency returns the frequency authority URI of c.
func dcatFrequency(c Cycle) string {
	switch c {
	case CycleRealtime:
		return frequencyAuthority + "CONT"
	case CycleDaily:
		return frequencyAuthority + "DAILY"
	case CycleWeekly:
		return frequencyAuthority + "WEEKLY"
	case CycleMonthly:
		return frequencyAuthority + "MONTHLY"
	case CycleQuarterly:
		return frequencyAuthority + "QUARTERLY"
	case CycleYearly:
		return frequencyAuthority + "ANNUAL"
	}
	return ""
}

// dcatDataset is one entry as a dcat:Dataset; the field order is the
// order written.
type dcatDataset struct {
	Type           string             `json:"@type"`
	Identifier     string             `json:"dct:identifier"`
	Title          string             `json:"dct:title"`
	Description    string             `json:"dct:description,omitempty"`
	Publisher      dcatAgent          `json:"dct:publisher"`
	Issued         *dcatLiteral       `json:"dct:issued,omitempty"`
	Periodicity    *dcatRef           `json:"dct:accrualPeriodicity,omitempty"`
	Relation       []string           `json:"dct:relation,omitempty"`
	Theme          string             `json:"dcat:theme"`
	Distribution   []dcatDistribution `json:"dcat:distribution"`
	ShareType      string             `json:"gds:shareType"`
	ShareCondition string             `json:"gds:shareCondition,omitempty"`
	LegalBasis     string             `json:"gds:legalBasis,omitempty"`
	ShareMethod    string             `json:"gds:shareMethod"`
	UpdateCycle    string             `json:"gds:updateCycle"`
	OpenType       string             `json:"gds:openType"`
	OpenCondition  string             `json:"gds:openCondition,omitempty"`
	Items          []dcatItem         `json:"gds:items"`
}

type dcatAgent struct {
	Type       string `json:"@type"`
	Name       string `json:"foaf:name"`
	Identifier string `json:"dct:identifier,omitempty"`
}

type dcatLiteral struct {
	Value string `json:"@value"`
	Type  string `json:"@type"`
}

type dcatRef struct {
	ID string `json:"@id"`
}

type dcatDistribution struct {
	Type   string `json:"@type"`
	Format string `json:"dct:format"`
}

type dcatItem struct {
	Name     string `json:"gds:name"`
	Type     string `json:"gds:type"`
	Required bool   `json:"gds:required"`
}

// toDCAT returns c as a dataset. Enumerations are written as their
// Chinese labels (无条件共享, 每月), the vocabulary of the national catalog
// that other catalog systems exchange.
func toDCAT(c *Catalog) dcatDataset {
	d := dcatDataset{Type: "dcat:Dataset", Identifier: c.Code, Title: c.Name, Description: c.Summary,
		Publisher: dcatAgent{Type: "foaf:Agent", Name: c.Provider, Identifier: c.ProviderCode},
		Relation:  c.Related, Theme: c.Class.Label(),
		Distribution: []dcatDistribution{{Type: "dcat:Distribution", Format: formatText(c)}},
		ShareType:    c.ShareType.Label(), ShareCondition: c.Condition, LegalBasis: c.LegalBasis,
		ShareMethod: c.ShareMethod.Label(), UpdateCycle: c.Cycle.Label(),
		OpenType: c.Open.Label(), OpenCondition: c.OpenCondition, Items: make([]dcatItem, len(c.Items))}
	if !c.Published.IsZero() {
		d.Issued = &dcatLiteral{Value: c.Published.UTC().Format("2006-01-02"), Type: "xsd:date"}
	}
	if f := dcatFrequency(c.Cycle); f != "" {
		d.Periodicity = &dcatRef{ID: f}
	}
	for i, it := range c.Items {
		d.Items[i] = dcatItem{Name: it.Name, Type: it.Type.Label(), Required: it.Required}
	}
	return d
}

// formatText is an entry's format as the catalog writes it: the class's
// label and the sub-format, "电子表格/xls".
func formatText(c *Catalog) string {
	if c.SubFormat == "" {
		return c.Format.Label()
	}
	return c.Format.Label() + "/" + c.SubFormat
}

// exportBuffer is how much an export gathers before it writes to its
// writer: the writes are few, and a reader gets the data as it is read.
const exportBuffer = 32 << 10

// ExportDCAT writes the open catalog as DCAT in JSON-LD: a dcat:Catalog
// whose dcat:dataset are the published entries open to the public (Open
// not OpenNone), in code order, with the extension properties of
// DCATNamespace (prefix gds) for what DCAT has no term for. Every actor may
// export it: it is what the district publishes.
//
// It streams: the entries are read a page at a time and written as they
// are read, so the catalog is never held whole. A failed write ends the
// export with that error (EINTERNAL wrapping it); what was written before
// stays written, so a caller that must not publish half a document writes
// to a buffer or a temporary file first.
func (s *Service) ExportDCAT(ctx context.Context, by govops.Actor, w io.Writer) error {
	if err := by.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, exportBuffer)
	if _, err := bw.WriteString(dcatHead); err != nil {
		return exportFailed(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	n := 0
	err := s.eachCatalog(ctx, CatalogFilter{Status: CatalogPublished}, func(c *Catalog) error {
		if c.Open == OpenNone {
			return nil
		}
		buf.Reset()
		if n > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		if err := enc.Encode(toDCAT(c)); err != nil {
			return govops.Errorf(govops.EINTERNAL, "encode catalog entry %s: %w", c.Code, err)
		}
		buf.Truncate(buf.Len() - 1) // the Encoder's newline
		n++
		if _, err := bw.Write(buf.Bytes()); err != nil {
			return exportFailed(err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := bw.WriteString("\n]}\n"); err != nil {
		return exportFailed(err)
	}
	if err := bw.Flush(); err != nil {
		return exportFailed(err)
	}
	return nil
}

// exportFailed is the error of an export whose writer failed.
func exportFailed(err error) error {
	return govops.Errorf(govops.EINTERNAL, "write export: %w", err)
}

// TemplateColumns returns the columns of the national catalog template
// (政务信息资源目录 编目表), in its order: the header ExportTemplate writes.
func TemplateColumns() []string {
	return []string{"信息资源分类", "信息资源名称", "信息资源代码", "信息资源提供方", "信息资源提供方代码",
		"信息资源摘要", "信息资源格式", "信息项信息", "共享类型", "共享条件", "共享方式", "开放属性", "开放条件",
		"更新周期", "发布日期", "关联资源代码"}
}

// templateRow returns c as a row of the template: enumerations as their
// Chinese labels, items as 名称(类型) joined by ";", the format as
// 电子表格/xls, related codes joined by ";". The share condition column holds
// the condition and, after it, the legal basis, which is what a 不予共享
// entry states there.
func templateRow(c *Catalog) []string {
	items := make([]string, len(c.Items))
	for i, it := range c.Items {
		items[i] = it.Name + "(" + it.Type.Label() + ")"
	}
	cond := c.Condition
	if c.LegalBasis != "" && c.LegalBasis != c.Condition {
		if cond != "" {
			cond += "；"
		}
		cond += "依据：" + c.LegalBasis
	}
	published := ""
	if !c.Published.IsZero() {
		published = c.Published.UTC().Format("2006-01-02")
	}
	row := []string{c.Class.Label(), c.Name, c.Code, c.Provider, c.ProviderCode, c.Summary, formatText(c),
		strings.Join(items, ";"), c.ShareType.Label(), cond, c.ShareMethod.Label(), c.Open.Label(),
		c.OpenCondition, c.Cycle.Label(), published, strings.Join(c.Related, ";")}
	for i, v := range row {
		row[i] = cellText(v)
	}
	return row
}

// cellText returns v as a spreadsheet shows it as text: a value that
// starts as a formula would (=, +, -, @, or a tab or carriage return before
// one) gets a leading apostrophe, so that opening the export in Excel never
// runs what an entry's text holds.
func cellText(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// ExportTemplate writes the published catalog as CSV in the national
// template's columns (TemplateColumns), in code order: UTF-8 with a byte
// order mark, so that Excel opens it as UTF-8, and CRLF line ends. A
// department exports its own entries; district-wide actors every
// department's.
//
// It streams as ExportDCAT does, and a failed write ends it the same way.
func (s *Service) ExportTemplate(ctx context.Context, by govops.Actor, w io.Writer) error {
	dept, err := reportScope(by, "")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, exportBuffer)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return exportFailed(err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(TemplateColumns()); err != nil {
		return exportFailed(err)
	}
	err = s.eachCatalog(ctx, CatalogFilter{Department: dept, Status: CatalogPublished}, func(c *Catalog) error {
		// csv.Writer writes through bw, whose errors stick: the write
		// that fails, and every one after, returns the error.
		if err := cw.Write(templateRow(c)); err != nil {
			return exportFailed(err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return exportFailed(err)
	}
	if err := bw.Flush(); err != nil {
		return exportFailed(err)
	}
	return nil
}
