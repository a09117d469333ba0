package license

import (
	"archive/zip"
	"bytes"
	"time"

	"github.com/google/uuid"
)

// DefaultMaxTemplateSize bounds a layout template's size unless the
// Service is given another bound (WithMaxTemplateSize): 10 MiB.
const DefaultMaxTemplateSize = 10 << 20

// Format is the file format of a layout template (版式文件).
type Format string

// Formats.
const (
	FormatOFD Format = "ofd" // GB/T 33190 开放版式文档
	FormatPDF Format = "pdf"
)

// Label returns the name of f as people write it.
func (f Format) Label() string {
	switch f {
	case FormatOFD:
		return "OFD"
	case FormatPDF:
		return "PDF"
	}
	return string(f)
}

// DetectFormat recognises a template by its content, never by its file
// name: a PDF starts with "%PDF-", and an OFD file is a ZIP archive that
// holds OFD.xml at its root (GB/T 33190). ok is false for anything else,
// a ZIP without OFD.xml included.
func DetectFormat(content []byte) (f Format, ok bool) {
	if bytes.HasPrefix(content, []byte("%PDF-")) {
		return FormatPDF, true
	}
	if !bytes.HasPrefix(content, []byte("PK\x03\x04")) {
		return "", false
	}
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return "", false
	}
	for _, zf := range zr.File {
		if zf.Name == "OFD.xml" {
			return FormatOFD, true
		}
	}
	return "", false
}

// TemplateStatus is where a template stands.
type TemplateStatus string

// Template statuses.
const (
	TemplateDraft      TemplateStatus = "draft"      // 草稿
	TemplateApproved   TemplateStatus = "approved"   // 已审定: the one in use
	TemplateSuperseded TemplateStatus = "superseded" // 已替换: a later revision was approved
)

// Label returns the Chinese label of s.
func (s TemplateStatus) Label() string {
	switch s {
	case TemplateDraft:
		return "草稿"
	case TemplateApproved:
		return "已审定"
	case TemplateSuperseded:
		return "已替换"
	}
	return string(s)
}

// Valid reports whether s is a template status.
func (s TemplateStatus) Valid() bool {
	return s == TemplateDraft || s == TemplateApproved || s == TemplateSuperseded
}

// Template is one revision of the layout template (版式文件) of a license
// type: the OFD or PDF file its licenses are printed from. Revisions of a
// type count 1, 2, 3…; approving one supersedes the revision approved
// before it, so a type has at most one approved template. The content is
// kept apart (Store.TemplateContent), known here by its SHA-256 and size.
type Template struct {
	ID         uuid.UUID
	Type       string         `mask:"safe"`
	Revision   int            // 1, 2, 3… within the type
	Format     Format         `mask:"safe"`
	FileName   string         `mask:"safe"`
	SHA256     string         `mask:"safe"` // hex, lower case
	Size       int64          // bytes
	Status     TemplateStatus `mask:"safe"`
	Department string         `mask:"safe"` // who uploaded it: a department code, "" for the center
	Version    int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}
