package license_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
)

func TestDetectFormat(t *testing.T) {
	for name, c := range map[string]struct {
		content []byte
		want    license.Format
		ok      bool
	}{
		"PDF":             {pdf(), license.FormatPDF, true},
		"OFD":             {ofd(t, true), license.FormatOFD, true},
		"ZipWithoutOFD":   {ofd(t, false), "", false},
		"TextNamedPDF":    {[]byte("hello %PDF-"), "", false},
		"TruncatedZip":    {ofd(t, true)[:30], "", false},
		"Empty":           {nil, "", false},
		"PDFWithoutDash":  {[]byte("%PDF1.7"), "", false},
		"ZipMagicNothing": {[]byte("PK\x03\x04"), "", false},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := license.DetectFormat(c.content)
			if got != c.want || ok != c.ok {
				t.Fatalf("DetectFormat = %q, %v; want %q, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func TestService_Templates(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t, license.WithMaxTemplateSize(4096))
	tp := mustAddType(t, s, bizLicense(t))
	upload := func(by govops.Actor, name string, content []byte) (*license.Template, error) {
		return s.UploadTemplate(ctx, by, license.TemplateInput{Type: tp.Code, FileName: name, Content: bytes.NewReader(content)})
	}
	t.Run("ErrDepartmentWithoutClaim", func(t *testing.T) {
		_, err := upload(market(), "a.pdf", pdf())
		mustCode(t, err, govops.EFORBIDDEN)
	})
	mustClaim(t, s, market(), tp.Code, -1)
	first, err := upload(market(), `C:\模板\食品经营许可证.ofd`, ofd(t, true))
	if err != nil || first.Revision != 1 || first.Format != license.FormatOFD || first.Status != license.TemplateDraft ||
		first.FileName != "食品经营许可证.ofd" || len(first.SHA256) != 64 || first.Department != "SCJGJ" {
		t.Fatalf("first upload = %+v, %v", first, err)
	}
	t.Run("ErrContent", func(t *testing.T) {
		_, err := upload(market(), "x.pdf", []byte("not a pdf"))
		mustFields(t, err, map[string]string{"content": "neither a PDF"})
		_, err = upload(market(), "x.ofd", ofd(t, false))
		mustFields(t, err, map[string]string{"content": "neither a PDF"})
		_, err = upload(market(), "x.pdf", nil)
		mustFields(t, err, map[string]string{"content": "empty"})
		_, err = upload(market(), "big.pdf", append(pdf(), bytes.Repeat([]byte{' '}, 5000)...))
		mustFields(t, err, map[string]string{"content": "larger than 4096 bytes"})
	})
	t.Run("ApproveSupersedes", func(t *testing.T) {
		_, err := s.ApproveTemplate(ctx, market(), first.ID.String(), 0)
		mustCode(t, err, govops.EFORBIDDEN)
		a, err := s.ApproveTemplate(ctx, center(), first.ID.String(), 1)
		if err != nil || a.Status != license.TemplateApproved || a.Version != 2 {
			t.Fatalf("approve = %+v, %v", a, err)
		}
		_, err = s.ApproveTemplate(ctx, center(), first.ID.String(), 0)
		mustCode(t, err, govops.ECONFLICT)
		second, err := upload(center(), "v2.pdf", pdf())
		if err != nil || second.Revision != 2 || second.Format != license.FormatPDF || second.Department != "" {
			t.Fatalf("second upload = %+v, %v", second, err)
		}
		if _, err := s.ApproveTemplate(ctx, center(), second.ID.String(), 0); err != nil {
			t.Fatal(err)
		}
		all, err := s.Templates(ctx, viewer(), tp.Code)
		if err != nil || len(all) != 2 || all[0].Status != license.TemplateSuperseded || all[1].Status != license.TemplateApproved {
			t.Fatalf("templates = %+v, %v", all, err)
		}
		_, content, err := s.TemplateContent(ctx, viewer(), second.ID.String())
		if err != nil || !bytes.Equal(content, pdf()) {
			t.Fatalf("content = %q, %v", content, err)
		}
	})
	t.Run("ErrID", func(t *testing.T) {
		_, err := s.ApproveTemplate(ctx, center(), "nope", 0)
		mustFields(t, err, map[string]string{"id": "is not an ID"})
		_, err = s.GetTemplate(ctx, center(), strings.Repeat("0", 8)+"-0000-7000-8000-000000000000")
		mustCode(t, err, govops.ENOTFOUND)
	})
}

func TestService_SetSchema(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	tp := mustAddType(t, s, bizLicense(t))
	_, err := s.SetSchema(ctx, market(), license.SchemaInput{Type: tp.Code, Fields: faceFields()})
	mustCode(t, err, govops.EFORBIDDEN)
	mustClaim(t, s, market(), tp.Code, -1)
	sc, err := s.SetSchema(ctx, market(), license.SchemaInput{Type: tp.Code, Fields: faceFields()})
	if err != nil || sc.Version != 1 || len(sc.Fields) != 6 {
		t.Fatalf("SetSchema = %+v, %v", sc, err)
	}
	_, err = s.SetSchema(ctx, center(), license.SchemaInput{Type: tp.Code, Fields: []license.Field{
		{Name: "1bad", Type: license.TypeString},
		{Name: "ok", Type: "float"},
		{Name: "ok", Type: license.TypeString, Pattern: "([a-z"},
	}})
	mustFields(t, err, map[string]string{"fields[0].name": "not a field name", "fields[1].type": "unknown type",
		"fields[2].name": "fields[1] already", "fields[2].pattern": "not a pattern"})
	sc, err = s.SetSchema(ctx, center(), license.SchemaInput{Type: tp.Code, Fields: faceFields()[:2], IfVersion: 1})
	if err != nil || sc.Version != 2 || len(sc.Fields) != 2 {
		t.Fatalf("second SetSchema = %+v, %v", sc, err)
	}
	_, err = s.SetSchema(ctx, center(), license.SchemaInput{Type: tp.Code, Fields: faceFields(), IfVersion: 1})
	mustCode(t, err, govops.ECONFLICT)
}
