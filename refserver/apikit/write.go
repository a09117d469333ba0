package apikit

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
)

// WriteJSON writes v as the JSON body of an answer with status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// ETag is the strong entity tag of a record's version: "3".
func ETag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// IfMatch reads an If-Match header holding one strong ETag of a version
// ("3") of a record. An absent header or "*" means "whatever the version"
// (0, which every Service reads as such).
func IfMatch(req *http.Request) (int64, error) {
	h := strings.TrimSpace(req.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	bad := govops.FieldError("If-Match", `must be one ETag as GET returned it, e.g. "3"`)
	if len(h) < 3 || h[0] != '"' || h[len(h)-1] != '"' {
		return 0, bad
	}
	n, err := strconv.ParseInt(h[1:len(h)-1], 10, 64)
	if err != nil || n < 1 {
		return 0, bad
	}
	return n, nil
}

// RenameField moves a problem reported for the field from to the field
// to, so that a Service's complaint about its input names the field the
// client actually sent.
func RenameField(err error, from, to string) error {
	if from == to {
		return err
	}
	fields := govops.ErrorFields(err)
	if _, ok := fields[from]; !ok {
		return err
	}
	out := &govops.Error{Code: govops.ErrorCode(err), Message: govops.ErrorMessage(err), Fields: map[string]string{}}
	for k, v := range fields {
		if k == from {
			k = to
		}
		out.Fields[k] = v
	}
	out.Message = strings.Replace(out.Message, from+":", to+":", 1)
	return out
}

// PathID reads the path parameter id as a UUID in its canonical form.
// Returns EINVALID naming "id" otherwise.
func PathID(req bunrouter.Request) (uuid.UUID, error) { return ParseID(req.Param("id")) }

// ParseID reads s, a record's ID from the path, as a UUID in its canonical
// form (36 characters). Returns EINVALID naming "id" otherwise.
func ParseID(s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return uuid.Nil, govops.FieldError("id", "must be an ID such as 01890a5d-ac96-774b-bcce-b302099a8057")
	}
	return id, nil
}

// Clock formats the times of answers: RFC 3339 in one zone (the
// calendar's, Asia/Shanghai), "" for the zero time.
type Clock struct {
	Loc *time.Location
	Now func() time.Time // the server's clock, for flags such as "overdue"
}

// Format writes t in c's zone; "" for the zero time.
func (c Clock) Format(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	loc := c.Loc
	if loc == nil {
		loc = govops.ShanghaiLocation()
	}
	return t.In(loc).Format(time.RFC3339)
}
