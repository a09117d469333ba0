package console

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/refserver/apikit"
)

// licClaim is one claim or explanation of a type, its department named.
type licClaim struct {
	*license.Claim
	Name string
}

// licenseTypeData is a type's page: the type, its claims and explanations
// (a department sees its own), its templates and schema, the coverage
// report's risks of it, and which forms the session may use.
type licenseTypeData struct {
	Type      *license.Type
	Claims    []licClaim
	Templates []license.Template
	Schema    *license.Schema
	Risks     []licRisk
	// Own is the department session's standing claim or explanation of
	// the type; nil for none (or for the center).
	Own *license.Claim
	// MayFile: the claim and explain forms; MayUpload: the template and
	// schema forms; MayApprove: the approve buttons of drafts.
	MayFile, MayUpload, MayApprove bool
	// SchemaText is the schema as the schema form's lines.
	SchemaText string
	// Posted is the form a refusal answers ("claim", "explain",
	// "template", "schema", "approve"), so that its errors show beside it
	// alone.
	Posted string
	Kinds  []license.ClaimKind
}

// ValidityText says how long a license of the type is valid.
func (d *licenseTypeData) ValidityText() string { return licValidity(d.Type.Validity) }

// licenseTypeData reads the page of the type code as rq's session sees it.
func (c *Console) licenseTypeData(rq *request, code string) (*licenseTypeData, error) {
	by := rq.Actor()
	t, err := c.svc.Licenses.GetType(rq.ctx, by, code)
	if err != nil {
		return nil, err
	}
	d := &licenseTypeData{Type: t}
	names := c.deptNames(rq)
	claims, err := c.svc.Licenses.ListClaims(rq.ctx, by, license.ClaimList{ClaimFilter: license.ClaimFilter{Type: t.Code}, Limit: govops.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, cl := range claims.Items {
		d.Claims = append(d.Claims, licClaim{Claim: cl, Name: names.name(cl.Department)})
		if by.Department != "" && cl.Department == by.Department && cl.Active() {
			d.Own = cl
		}
	}
	if d.Templates, err = c.svc.Licenses.Templates(rq.ctx, by, t.Code); err != nil {
		return nil, err
	}
	d.Schema, err = c.svc.Licenses.GetSchema(rq.ctx, by, t.Code)
	if err != nil && govops.ErrorCode(err) != govops.ENOTFOUND {
		return nil, err
	}
	cv, err := c.svc.Licenses.Coverage(rq.ctx, by)
	if err != nil {
		return nil, err
	}
	for _, r := range cv.Risks {
		if r.Type == t.Code {
			d.Risks = append(d.Risks, licRisk{Risk: r, DepartmentName: names.name(r.Department)})
		}
	}
	s := rq.s
	d.MayFile = !s.ReadOnly() && d.Own == nil
	d.MayUpload = !s.ReadOnly() && (s.Admin() || d.Own != nil && d.Own.Issues())
	d.MayApprove = s.Admin()
	d.SchemaText = licSchemaText(d.Schema)
	d.Kinds = license.ClaimKinds()
	return d, nil
}

// licenseType shows one type.
func (c *Console) licenseType(rq *request) error {
	d, err := c.licenseTypeData(rq, rq.Param("code"))
	if err != nil {
		return err
	}
	return c.page(rq, "licenses", "licenses_type", d.Type.Name, d)
}

// licenseTypeRefused shows the type's page again with the Service's
// refusal of the form posted.
func (c *Console) licenseTypeRefused(rq *request, posted string, err error) error {
	code := govops.ErrorCode(err)
	if code != govops.EINVALID && code != govops.ECONFLICT && code != govops.EFORBIDDEN {
		return err
	}
	d, derr := c.licenseTypeData(rq, rq.Param("code"))
	if derr != nil {
		return derr
	}
	d.Posted = posted
	return c.refused(rq, "licenses", "licenses_type", d.Type.Name, d, err)
}

// licenseFileClaim files a claim (认领) or an explanation (情况说明) of the
// type: a department for itself, the center for the department it names.
func (c *Console) licenseFileClaim(rq *request) error {
	code := rq.Param("code")
	kind := license.ClaimKind(rq.Form("kind"))
	posted := "claim"
	if kind == license.KindExplanation {
		posted = "explain"
	}
	expected, err := licCount(rq.Form("expected"))
	if err != nil {
		return c.licenseTypeRefused(rq, posted, err)
	}
	apikit.SetSubject(rq.ctx, code)
	cl, err := c.svc.Licenses.FileClaim(rq.ctx, rq.Actor(), license.ClaimInput{Type: code, Department: rq.Form("department"),
		Kind: kind, Expected: expected, Explanation: rq.Form("explanation")})
	if err != nil {
		return c.licenseTypeRefused(rq, posted, err)
	}
	apikit.SetSubject(rq.ctx, cl.Type+"/"+cl.Department)
	msg := "已认领"
	if cl.Kind == license.KindExplanation {
		msg = "已提交情况说明"
	}
	return c.done(rq, licTypePath(cl.Type), msg)
}

// licCount reads a declared count: "" is none (not declared yet).
func licCount(v string) (*int64, error) {
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, govops.FieldError("expected", "请填写整数（证照数量），尚不清楚时留空")
	}
	return &n, nil
}

// licenseUploadTemplate stores a new draft revision of the type's layout
// template (版式文件) from the posted file.
func (c *Console) licenseUploadTemplate(rq *request) error {
	code := rq.Param("code")
	in := license.TemplateInput{Type: code}
	f, h, err := rq.r.FormFile("content")
	switch {
	case err == nil:
		defer f.Close()
		in.Content, in.FileName = f, h.Filename
	case errors.Is(err, http.ErrMissingFile) || errors.Is(err, multipart.ErrMessageTooLarge):
	default:
		return err
	}
	apikit.SetSubject(rq.ctx, code)
	t, err := c.svc.Licenses.UploadTemplate(rq.ctx, rq.Actor(), in)
	if err != nil {
		return c.licenseTypeRefused(rq, "template", err)
	}
	apikit.SetSubject(rq.ctx, t.ID.String())
	return c.done(rq, licTypePath(code), "版式文件已上传（第 "+strconv.Itoa(t.Revision)+" 版，草稿）")
}

// licenseApproveTemplate approves a draft template: the center's alone.
func (c *Console) licenseApproveTemplate(rq *request) error {
	id := rq.Param("id")
	version, _ := strconv.ParseInt(rq.Form("if_version"), 10, 64)
	apikit.SetSubject(rq.ctx, id)
	t, err := c.svc.Licenses.ApproveTemplate(rq.ctx, rq.Actor(), id, version)
	if err != nil {
		code := govops.ErrorCode(err)
		if code != govops.EINVALID && code != govops.ECONFLICT && code != govops.EFORBIDDEN {
			return err
		}
		cur, gerr := c.svc.Licenses.GetTemplate(rq.ctx, rq.Actor(), id)
		if gerr != nil {
			return gerr
		}
		d, derr := c.licenseTypeData(rq, cur.Type)
		if derr != nil {
			return derr
		}
		d.Posted = "approve"
		return c.refused(rq, "licenses", "licenses_type", d.Type.Name, d, err)
	}
	return c.done(rq, licTypePath(t.Type), "版式文件第 "+strconv.Itoa(t.Revision)+" 版已审定")
}

// licTypePath is the page of the type code.
func licTypePath(code string) string { return "/licenses/types/" + url.PathEscape(code) }
