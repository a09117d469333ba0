package apikit_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/refserver/apikit"
)

// note is a record of a toy domain: what the builders are tested over.
type note struct {
	Ref     string
	Text    string
	Version int64
}

var notes = apikit.Resource[note]{
	Out:      func(n note) any { return map[string]any{"ref": n.Ref, "text": n.Text} },
	Version:  func(n note) int64 { return n.Version },
	Ref:      func(n note) string { return n.Ref },
	Location: "/notes/",
}

// serve runs h behind a router that installs the caller and a subject
// slot, as refserver does, and returns the answer and the subject the
// handler named.
func serve(t *testing.T, method, pattern, target string, h bunrouter.HandlerFunc, body string, hdr ...string) (*httptest.ResponseRecorder, string) {
	t.Helper()
	var subject func() string
	r := bunrouter.New(bunrouter.Use(func(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
		return func(w http.ResponseWriter, req bunrouter.Request) error {
			ctx, get := apikit.WithSubjectSlot(req.Context())
			subject = get
			ctx = apikit.WithActor(ctx, govops.Actor{Name: "中心值班"})
			err := next(w, req.WithContext(ctx))
			if err != nil {
				w.Header().Set("X-Code", govops.ErrorCode(err))
				var se *apikit.StatusError
				status := http.StatusBadRequest
				if errors.As(err, &se) {
					status = se.Status
				}
				w.WriteHeader(status)
				_ = json.NewEncoder(w).Encode(govops.ErrorFields(err))
			}
			return nil
		}
	}))
	r.Handle(method, pattern, h)
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	return w, subject()
}

func TestGet(t *testing.T) {
	get := apikit.Get(notes, "ref", func(ctx context.Context, by govops.Actor, ref string) (note, error) {
		if by.Name != "中心值班" {
			t.Errorf("actor = %+v", by)
		}
		if ref != "n-1" {
			return note{}, govops.Errorf(govops.ENOTFOUND, "no note %s", ref)
		}
		return note{Ref: ref, Text: "路灯", Version: 3}, nil
	})
	t.Run("OK", func(t *testing.T) {
		w, _ := serve(t, "GET", "/notes/:ref", "/notes/n-1", get, "")
		if w.Code != 200 || w.Header().Get("ETag") != `"3"` || !strings.Contains(w.Body.String(), `"text":"路灯"`) {
			t.Fatalf("%d %v %s", w.Code, w.Header(), w.Body)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		w, _ := serve(t, "GET", "/notes/:ref", "/notes/n-2", get, "")
		if w.Header().Get("X-Code") != govops.ENOTFOUND || w.Header().Get("ETag") != "" {
			t.Fatalf("%d %v", w.Code, w.Header())
		}
	})
	t.Run("ErrQueryParameter", func(t *testing.T) {
		w, _ := serve(t, "GET", "/notes/:ref", "/notes/n-1?verbose=1", get, "")
		if w.Header().Get("X-Code") != govops.EINVALID || !strings.Contains(w.Body.String(), "verbose") {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
}

func TestPage(t *testing.T) {
	list := apikit.Page(notes, func(q *apikit.Query) string { return q.One("text") },
		func(ctx context.Context, by govops.Actor, text string) (govops.Page[note], error) {
			return govops.Page[note]{Items: []note{{Ref: "a", Text: text}, {Ref: "b", Text: text}}, Next: "c2"}, nil
		})
	w, _ := serve(t, "GET", "/notes", "/notes?text=x", list, "")
	var got struct {
		Items      []map[string]string `json:"items"`
		NextCursor string              `json:"next_cursor"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || len(got.Items) != 2 || got.Items[1]["ref"] != "b" || got.Items[0]["text"] != "x" || got.NextCursor != "c2" {
		t.Fatalf("%d %s (%v)", w.Code, w.Body, err)
	}
	w, _ = serve(t, "GET", "/notes", "/notes?txt=x", list, "")
	if w.Header().Get("X-Code") != govops.EINVALID || !strings.Contains(w.Body.String(), "txt") {
		t.Fatalf("unknown parameter: %d %s", w.Code, w.Body)
	}
}

type noteBody struct {
	Text string `json:"text"`
}

func TestCreate(t *testing.T) {
	create := apikit.Create(notes, func(ctx context.Context, by govops.Actor, b *noteBody) (note, error) {
		if b.Text == "" {
			return note{}, govops.FieldError("text", "is required")
		}
		return note{Ref: "n-9", Text: b.Text, Version: 1}, nil
	})
	t.Run("OK", func(t *testing.T) {
		w, subject := serve(t, "POST", "/notes", "/notes", create, `{"text":"井盖"}`, "Content-Type", "application/json")
		if w.Code != 201 || w.Header().Get("Location") != "/notes/n-9" || w.Header().Get("ETag") != `"1"` || subject != "n-9" {
			t.Fatalf("%d %v subject %q", w.Code, w.Header(), subject)
		}
	})
	t.Run("ErrUnknownField", func(t *testing.T) {
		w, subject := serve(t, "POST", "/notes", "/notes", create, `{"txt":"井盖"}`, "Content-Type", "application/json")
		if w.Header().Get("X-Code") != govops.EINVALID || !strings.Contains(w.Body.String(), "txt") || subject != "" {
			t.Fatalf("%d %s subject %q", w.Code, w.Body, subject)
		}
	})
	t.Run("ErrNotJSON", func(t *testing.T) {
		w, _ := serve(t, "POST", "/notes", "/notes", create, `text=x`, "Content-Type", "application/x-www-form-urlencoded")
		if w.Code != http.StatusUnsupportedMediaType {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
}

func TestAction(t *testing.T) {
	act := apikit.Action(notes, "ref", true, func(ctx context.Context, by govops.Actor, ref string, v int64, b *noteBody) (note, error) {
		if v != 0 && v != 4 {
			return note{}, govops.Errorf(govops.ECONFLICT, "note %s is at version 4, not %d", ref, v)
		}
		return note{Ref: "n-canonical", Text: b.Text, Version: 5}, nil
	})
	t.Run("EmptyBody", func(t *testing.T) {
		w, subject := serve(t, "POST", "/notes/:ref/close", "/notes/n-1/close", act, "")
		if w.Code != 200 || w.Header().Get("ETag") != `"5"` || subject != "n-canonical" {
			t.Fatalf("%d %v subject %q", w.Code, w.Header(), subject)
		}
	})
	t.Run("IfMatch", func(t *testing.T) {
		w, _ := serve(t, "POST", "/notes/:ref/close", "/notes/n-1/close", act, "", "If-Match", `"3"`)
		if w.Header().Get("X-Code") != govops.ECONFLICT {
			t.Fatalf("stale If-Match: %d %v", w.Code, w.Header())
		}
		w, _ = serve(t, "POST", "/notes/:ref/close", "/notes/n-1/close", act, "", "If-Match", `W/"3"`)
		if w.Header().Get("X-Code") != govops.EINVALID || !strings.Contains(w.Body.String(), "If-Match") {
			t.Fatalf("weak If-Match: %d %s", w.Code, w.Body)
		}
	})
}

func TestImport(t *testing.T) {
	imp := apikit.Import(func(ctx context.Context, by govops.Actor, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error) {
		data, _ := io.ReadAll(r)
		rep := &csvimport.Report{Rows: strings.Count(string(data), "\n") - 1}
		if strings.Contains(string(data), "bad") {
			rep.Errors = []csvimport.RowError{{Row: 2, Field: "code", Problem: "is bad"}}
			if mode == csvimport.AllOrNothing {
				return rep, govops.Errorf(govops.EINVALID, "1 bad row").WithField("row[2].code", "is bad")
			}
		}
		rep.Imported = rep.Rows - len(rep.Errors)
		return rep, nil
	})
	t.Run("OK", func(t *testing.T) {
		w, _ := serve(t, "POST", "/import", "/import", imp, "code\na\nb\n", "Content-Type", "text/csv")
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"imported":2`) || !strings.Contains(w.Body.String(), `"mode":"all-or-nothing"`) {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
	t.Run("BadRowsAllOrNothing", func(t *testing.T) {
		w, _ := serve(t, "POST", "/import", "/import", imp, "code\nbad\nb\n", "Content-Type", "text/csv")
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
	t.Run("BadRowsKeepGood", func(t *testing.T) {
		w, _ := serve(t, "POST", "/import", "/import?mode=keep-good", imp, "code\nbad\nb\n", "Content-Type", "text/csv")
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"bad_rows":1`) || !strings.Contains(w.Body.String(), `"imported":1`) {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
	t.Run("ErrMode", func(t *testing.T) {
		w, _ := serve(t, "POST", "/import", "/import?mode=some", imp, "code\na\n", "Content-Type", "text/csv")
		if w.Header().Get("X-Code") != govops.EINVALID || !strings.Contains(w.Body.String(), "mode") {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
	t.Run("ErrNotCSV", func(t *testing.T) {
		w, _ := serve(t, "POST", "/import", "/import", imp, `{"code":"a"}`, "Content-Type", "application/json")
		if w.Code != http.StatusUnsupportedMediaType {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
}

func TestSetSubject_WithoutSlot(t *testing.T) {
	// A handler mounted outside refserver has no slot: naming a subject is
	// then a no-op, not a panic.
	apikit.SetSubject(context.Background(), "n-1")
}

func TestRenameField(t *testing.T) {
	err := apikit.RenameField(govops.FieldError("note", "is required"), "note", "reason")
	if f := govops.ErrorFields(err); f["reason"] != "is required" || len(f) != 1 {
		t.Fatalf("fields = %v", f)
	}
	if !strings.HasPrefix(govops.ErrorMessage(err), "reason:") {
		t.Fatalf("message = %q", govops.ErrorMessage(err))
	}
}

type step string

func (s step) Label() string { return map[step]string{"open": "打开", "closed": "关闭"}[s] }

func TestEvents(t *testing.T) {
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	trail := apikit.Events(apikit.Clock{}, "ref", func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[step, step], error) {
		e, err := govops.NewEvent(uuid.Must(uuid.NewV7()), 2, step("closed"), by, at, step("open"), step("closed"))
		return []govops.Event[step, step]{e}, err
	})
	w, _ := serve(t, "GET", "/notes/:ref/events", "/notes/n-1/events", trail, "")
	var got apikit.Trail
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || len(got.Items) != 1 {
		t.Fatalf("%d %s (%v)", w.Code, w.Body, err)
	}
	if e := got.Items[0]; e.At != "2026-03-02T09:00:00+08:00" || e.FromStatusLabel != "打开" || e.ToStatusLabel != "关闭" || e.Actor != "中心值班" {
		t.Fatalf("event = %+v", e)
	}
}

func TestRead(t *testing.T) {
	read := apikit.Read(func(ctx context.Context, by govops.Actor) (int, error) { return 184, nil },
		func(n int) any { return map[string]int{"departments": n} })
	w, _ := serve(t, "GET", "/counts", "/counts", read, "")
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"departments":184}` {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	w, _ = serve(t, "GET", "/counts", "/counts?year=2022", read, "")
	if w.Header().Get("X-Code") != govops.EINVALID {
		t.Fatalf("a parameter of an endpoint that takes none: %d %s", w.Code, w.Body)
	}
}

// TestWithBodyCheck: a body check installed in the request's context sees
// the raw body before the strict decoder, and its error is the answer; a
// request without one decodes as before, and a body the check lets pass
// decodes as usual.
func TestWithBodyCheck(t *testing.T) {
	var seen []string
	create := apikit.Create(notes, func(ctx context.Context, by govops.Actor, b *noteBody) (note, error) {
		return note{Ref: "n-1", Text: b.Text, Version: 1}, nil
	})
	checked := func(w http.ResponseWriter, req bunrouter.Request) error {
		return create(w, req.WithContext(apikit.WithBodyCheck(req.Context(), func(body []byte) error {
			seen = append(seen, string(body))
			if strings.Contains(string(body), `"secret"`) {
				return govops.FieldError("secret", "may not be sent")
			}
			return nil
		})))
	}
	w, subject := serve(t, "POST", "/notes", "/notes", checked, `{"text":"x","secret":"v"}`, "Content-Type", "application/json")
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"secret":"may not be sent"`) || subject != "" {
		t.Fatalf("refused: %d %s", w.Code, w.Body)
	}
	w, _ = serve(t, "POST", "/notes", "/notes", checked, `{"text":"井盖"}`, "Content-Type", "application/json")
	if w.Code != http.StatusCreated || len(seen) != 2 || seen[1] != `{"text":"井盖"}` {
		t.Fatalf("passed: %d %s, seen %q", w.Code, w.Body, seen)
	}
	// Without the check the same body is the decoder's: an unknown field.
	w, _ = serve(t, "POST", "/notes", "/notes", create, `{"text":"x","secret":"v"}`, "Content-Type", "application/json")
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "is not a field of this request") {
		t.Fatalf("unchecked: %d %s", w.Code, w.Body)
	}
}
