package license

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// TemplateInput is what UploadTemplate takes: the type, the file's name as
// the uploader knows it (kept for people, never used to tell the format),
// and its content.
type TemplateInput struct {
	Type     string
	FileName string
	Content  io.Reader
}

// UploadTemplate stores a new revision of the layout template (版式文件)
// of a type, as a draft: revision 1 for the first, then one more than the
// last. The format is recognised from the content (DetectFormat); the
// SHA-256 and size are recorded. The center may upload for any type; a
// department only for a type it has claimed (EFORBIDDEN otherwise).
//
// It returns EINVALID naming "content" for an empty file, one larger than
// MaxTemplateSize (read no further than one byte past the bound), or one
// that is neither PDF nor OFD; "file_name" for a bad name; ENOTFOUND for
// an unknown type.
func (s *Service) UploadTemplate(ctx context.Context, by govops.Actor, in TemplateInput) (*Template, error) {
	if err := by.MayWrite("upload templates"); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(path.Base(strings.ReplaceAll(in.FileName, `\`, "/")))
	if name == "." || name == "/" {
		name = ""
	}
	var p govops.Problems
	if name != "" {
		checkLine(&p, "file_name", name, MaxNameLen, false)
	}
	if in.Content == nil {
		p.Add("content", "required: the template file")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	t, err := s.getType(ctx, in.Type)
	if err != nil {
		return nil, err
	}
	if err := s.mayTend(ctx, by, t.Code, "upload templates"); err != nil {
		return nil, err
	}
	content, err := io.ReadAll(io.LimitReader(in.Content, s.maxTemplateSize+1))
	if err != nil {
		return nil, govops.Errorf(govops.EINVALID, "content: reading the file: %w", err).WithField("content", "could not be read")
	}
	switch {
	case len(content) == 0:
		return nil, govops.FieldError("content", "is empty: upload the OFD or PDF file")
	case int64(len(content)) > s.maxTemplateSize:
		return nil, govops.FieldError("content", fmt.Sprintf("is larger than %d bytes (%s), the most a template may be", s.maxTemplateSize, mib(s.maxTemplateSize)))
	}
	f, ok := DetectFormat(content)
	if !ok {
		return nil, govops.FieldError("content", "is neither a PDF (it starts with %PDF-) nor an OFD file (a ZIP archive holding OFD.xml)")
	}
	sum := sha256.Sum256(content)
	var out *Template
	err = govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		revs, err := s.store.Templates(ctx, t.Code)
		if err != nil {
			return nil, err
		}
		rev := 1
		if len(revs) > 0 {
			rev = revs[len(revs)-1].Revision + 1
		}
		id, err := uuid.NewV7()
		if err != nil {
			return nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
		}
		now := s.clock()
		tp := Template{ID: id, Type: t.Code, Revision: rev, Format: f, FileName: name, SHA256: hex.EncodeToString(sum[:]),
			Size: int64(len(content)), Status: TemplateDraft, Department: by.Department, Version: 1, CreatedAt: now, UpdatedAt: now}
		ev, err := newEvent(tp.ID, 1, EventTemplateUploaded, by, now, "", string(TemplateDraft), by.Department,
			fmt.Sprintf("revision %d, %s, %d bytes, sha256 %s", rev, f.Label(), tp.Size, tp.SHA256))
		if err != nil {
			return nil, err
		}
		// Two uploads at once may pick the same revision: the Store
		// refuses the second, which then reads again.
		return govops.WriteThen(&out, &tp, func() error { return s.store.CreateTemplate(ctx, tp, content, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mib writes n bytes in MiB for a message.
func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// mayTend checks that by may tend type typ's templates, schema and records
// as a department: the center may; a department only when it has a
// standing claim (认领) of the type.
func (s *Service) mayTend(ctx context.Context, by govops.Actor, typ, what string) error {
	if by.Department == "" {
		return nil
	}
	c, err := s.store.Claim(ctx, typ, by.Department)
	if err != nil && govops.ErrorCode(err) != govops.ENOTFOUND {
		return err
	}
	if err != nil || !c.Issues() {
		return govops.Errorf(govops.EFORBIDDEN, "department %s may %s only for the types it has claimed (认领), and it has no claim of %s", by.Department, what, typ)
	}
	return nil
}

// ApproveTemplate approves a draft template: it becomes the type's
// template in use, and the revision approved before it, if any, is
// superseded, in one write. Only center staff may. It returns EINVALID
// naming "id" for a malformed ID, ENOTFOUND for an unknown template,
// ECONFLICT when it is not a draft or ifVersion is stale.
func (s *Service) ApproveTemplate(ctx context.Context, by govops.Actor, id string, ifVersion int64) (*Template, error) {
	if err := by.CenterOnly("approve templates"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, ifVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	tid, err := parseID("id", id)
	if err != nil {
		return nil, err
	}
	var out *Template
	err = govops.UpdateVersioned(ctx, ifVersion, func() (func() error, error) {
		cur, err := s.store.Template(ctx, tid)
		if err != nil {
			return nil, err
		}
		if ifVersion != 0 && cur.Version != ifVersion {
			return nil, govops.StaleVersion(fmt.Sprintf("template %s revision %d", cur.Type, cur.Revision), cur.Version, ifVersion)
		}
		if cur.Status != TemplateDraft {
			return nil, govops.Errorf(govops.ECONFLICT, "template %s revision %d is %s (%s): only a draft is approved", cur.Type, cur.Revision, cur.Status, cur.Status.Label())
		}
		revs, err := s.store.Templates(ctx, cur.Type)
		if err != nil {
			return nil, err
		}
		now := s.clock()
		next := *cur
		next.Status, next.Version, next.UpdatedAt = TemplateApproved, cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventTemplateApproved, by, now, string(cur.Status), string(next.Status), next.Department,
			fmt.Sprintf("revision %d", next.Revision))
		if err != nil {
			return nil, err
		}
		ts, events := []*Template{&next}, []Event{ev}
		for i := range revs {
			old := revs[i]
			if old.Status != TemplateApproved {
				continue
			}
			old.Status, old.Version, old.UpdatedAt = TemplateSuperseded, old.Version+1, now
			oev, err := newEvent(old.ID, old.Version, EventTemplateReplaced, by, now, string(TemplateApproved), string(TemplateSuperseded), old.Department,
				fmt.Sprintf("revision %d approved", next.Revision))
			if err != nil {
				return nil, err
			}
			ts, events = append(ts, &old), append(events, oev)
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateTemplates(ctx, ts, events) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Templates returns every revision of the templates of a type, oldest
// first. Every valid actor may read them. It returns ENOTFOUND for an
// unknown type.
func (s *Service) Templates(ctx context.Context, by govops.Actor, typ string) ([]Template, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.getType(ctx, typ); err != nil {
		return nil, err
	}
	return s.store.Templates(ctx, typ)
}

// GetTemplate returns a template by ID. Every valid actor may read it.
func (s *Service) GetTemplate(ctx context.Context, by govops.Actor, id string) (*Template, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	tid, err := parseID("id", id)
	if err != nil {
		return nil, err
	}
	return s.store.Template(ctx, tid)
}

// TemplateContent returns a template and its file, checked against the
// SHA-256 recorded when it was uploaded (EINTERNAL when the stored bytes
// differ). Every valid actor may read it.
func (s *Service) TemplateContent(ctx context.Context, by govops.Actor, id string) (*Template, []byte, error) {
	t, err := s.GetTemplate(ctx, by, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.store.TemplateContent(ctx, t.ID)
	if err != nil {
		return nil, nil, err
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != t.SHA256 {
		return nil, nil, govops.Errorf(govops.EINTERNAL, "template %s: the stored file does not match its SHA-256", t.ID)
	}
	return t, b, nil
}

// parseID parses an ID given in field: EINVALID naming it when malformed.
func parseID(field, s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 || id == uuid.Nil || !utf8.ValidString(s) {
		return uuid.Nil, govops.FieldError(field, fmt.Sprintf("%s is not an ID (a UUID such as 0190c5f2-…)", quote(s)))
	}
	return id, nil
}

// TemplateEvents returns the trail of a template, oldest first. Every
// valid actor may read it.
func (s *Service) TemplateEvents(ctx context.Context, by govops.Actor, id string) ([]Event, error) {
	t, err := s.GetTemplate(ctx, by, id)
	if err != nil {
		return nil, err
	}
	return s.store.Events(ctx, t.ID)
}
