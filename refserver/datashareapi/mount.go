package datashareapi

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/refserver/apikit"
)

// A mount reads its body for as long as the mount runs, which for a large
// file is longer than a server gives a whole request: the read deadline
// becomes an idle one, pushed back as the body arrives, and the answer,
// written once the mount ends, gets a deadline of its own.
const (
	// MountReadIdle is how long a mount waits for more of its body.
	MountReadIdle = 30 * time.Second
	// MountAnswerTimeout is how long the answer of a mount may take to
	// write.
	MountAnswerTimeout = time.Minute
)

// mountOptions reads the query of a mount: mode, id_mode, replace,
// encoding and source.
func mountOptions(q *apikit.Query) (datashare.MountOptions, string) {
	mode, name := q.ImportMode()
	opts := datashare.MountOptions{Mode: mode, Replace: q.Bool("replace"), Source: q.One("source")}
	switch q.One("id_mode") {
	case "", "strict":
	case "warn":
		opts.IDMode = idcode.Warn
	default:
		q.Add("id_mode", `must be "strict" (the default) or "warn"`)
	}
	switch strings.ToLower(q.One("encoding")) {
	case "", "detect":
	case "utf-8", "utf8":
		opts.Encoding = csvimport.UTF8
	case "gb18030", "gbk":
		opts.Encoding = csvimport.GB18030
	default:
		q.Add("encoding", `must be "detect" (the default: UTF-8, or GB18030 as Excel on a Chinese Windows saves it), "utf-8" or "gb18030"`)
	}
	return opts, name
}

// mount serves a mount (挂接): the body, text/csv or application/x-ndjson,
// streams into the Service as it arrives, up to the API's MaxMountBytes.
// The answer is the report of every row and the batch; an all-or-nothing
// mount with bad rows is 422 with the report, and its batch is failed.
func (a *API) mount(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	opts, name := mountOptions(q)
	if err := q.Err(); err != nil {
		return err
	}
	ref, err := pathRef(req.Param("id"))
	if err != nil {
		return err
	}
	switch mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt {
	case "text/csv":
		opts.Format = datashare.FileCSV
	case "application/x-ndjson", "application/jsonl":
		opts.Format = datashare.FileJSONLines
	default:
		return &apikit.StatusError{
			Err:    govops.FieldError("Content-Type", "must be text/csv or application/x-ndjson (JSON lines): send the file to mount as the body"),
			Status: http.StatusUnsupportedMediaType, Title: "Unsupported media type",
		}
	}
	// A body that says it is too large is refused before any batch
	// starts; one that does not say is cut where it passes the bound.
	if req.ContentLength > a.maxMount {
		return a.tooLarge()
	}
	rc := http.NewResponseController(w)
	body := &mountBody{r: http.MaxBytesReader(w, req.Body, a.maxMount), rc: rc}
	body.extend()
	_ = rc.SetWriteDeadline(time.Time{})
	ctx := req.Context()
	res, err := a.svc.Mount(ctx, apikit.Actor(ctx), ref, body, opts)
	_ = rc.SetWriteDeadline(time.Now().Add(MountAnswerTimeout))
	if res != nil && res.Batch.ID != uuid.Nil {
		apikit.SetSubject(ctx, res.Batch.ID.String())
	}
	if body.hit {
		return a.tooLarge()
	}
	var rep *csvimport.Report
	if res != nil {
		rep = &res.Report
	}
	return apikit.ImportAnswer(w, name, rep, err, func(out *apikit.ImportResult) any {
		return mountJSON{ImportResult: out, Batch: a.batchOut(&res.Batch)}
	})
}

// tooLarge is the 413 of a mount over the bound.
func (a *API) tooLarge() error {
	return &apikit.StatusError{
		Err: govops.FieldError("body", fmt.Sprintf(
			"must be at most %s (%d bytes), this server's bound on a mounted file: nothing was mounted; split the file and mount the parts (each adds to the records; replace=true only on the first), or raise the bound (-max-mount-bytes)",
			sizeName(a.maxMount), a.maxMount)),
		Status: http.StatusRequestEntityTooLarge, Title: "Request body too large",
	}
}

// sizeName writes n bytes in the largest binary unit that divides it.
func sizeName(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// mountBody is the body of a mount: it notes whether the body went past
// its bound, and pushes the connection's read deadline back as data
// arrives (at most once a second, which is all an idle deadline needs).
type mountBody struct {
	r        io.Reader
	rc       *http.ResponseController
	hit      bool
	extended time.Time
}

func (b *mountBody) extend() {
	now := time.Now()
	b.extended = now
	// A writer that reaches no connection (a test's recorder) has no
	// deadline to push back.
	_ = b.rc.SetReadDeadline(now.Add(MountReadIdle))
}

func (b *mountBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		b.hit = true
	}
	if n > 0 && time.Since(b.extended) > time.Second {
		b.extend()
	}
	return n, err
}
