package refserver

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
)

// AuditEvent is one entry of the server's audit log (审计日志): who changed
// something through the server, when, through which endpoint, and what the
// server answered. The domains keep their own trails (a case's events, a
// deduction's history); the audit log covers every write that reaches the
// server, the directory, tokens, routing rules and hotline records
// included, and the token changes made with the command line.
//
// An event never holds a request body, a query string or any token secret
// or hash: only the fields below, which name the actor and the thing
// changed. Events are appended and never edited.
type AuditEvent struct {
	ID        uuid.UUID // UUIDv7
	At        time.Time // when the server recorded the answer
	RequestID string    // the request's X-Request-ID; "" outside HTTP
	// TokenID is the token the request was made with; uuid.Nil for the
	// command line and the first-start bootstrap.
	TokenID uuid.UUID
	// Actor is the token's name, or AuditActorCLI or AuditActorBootstrap.
	Actor      string
	Role       Role   // the token's role; "" outside HTTP
	Department string // a dept token's department
	Method     string // POST, PUT, PATCH or DELETE; "" outside HTTP
	// Route is the route pattern as bunrouter matched it
	// ("/api/v1/departments/:code"), or the command outside HTTP
	// ("cli token create").
	Route string
	Path  string // the request path, without the query string
	// Status is the HTTP status of the answer: 2xx for a change made, 4xx
	// or 5xx for one refused or failed. Outside HTTP it is the status the
	// equivalent endpoint answers (201 for a token created, 200 for one
	// revoked).
	Status int
	// Subject is what was changed, when known: a case number, department
	// code, token ID, routing rule, callback, scheme or deduction ID.
	// Without a handler's word it is the record the path names.
	Subject string
}

// Actors of the changes made outside HTTP. Token names may not take them.
const (
	AuditActorCLI       = "cli"       // `refserver token create|revoke`, `refserver department create|import`
	AuditActorBootstrap = "bootstrap" // the first-start admin token
)

// Routes of the changes made outside HTTP.
const (
	AuditRouteTokenCreate      = "cli token create"
	AuditRouteTokenRevoke      = "cli token revoke"
	AuditRouteDepartmentCreate = "cli department create"
	AuditRouteDepartmentImport = "cli department import"
	AuditRouteBootstrap        = "bootstrap admin token"
)

// Page limits of the audit log listing.
const (
	DefaultAuditPage = 100
	MaxAuditPage     = 500
)

// AuditTimeout bounds one audit write. It runs after the handler, on a
// context the client going away does not cancel, so that a change whose
// client hung up is still recorded.
const AuditTimeout = 10 * time.Second

// Column limits of an audit event, in characters. RecordAudit cuts longer
// values, so that a long path cannot make the write fail.
const (
	auditShortMax = 64
	auditTextMax  = 255
	auditPathMax  = 1024
)

// AuditKey is a position in the audit log's order, newest first: At
// descending, then ID descending.
type AuditKey struct {
	At time.Time
	ID uuid.UUID
}

// AuditFilter selects audit events. Zero fields match everything.
type AuditFilter struct {
	Actor   string
	TokenID uuid.UUID
	Subject string
	Method  string
	From    time.Time // At at or after From
	To      time.Time // At before To
	// Before starts the page after this key: only events older in the
	// log's order are returned. The zero key starts at the newest event.
	Before AuditKey
	Limit  int // at most this many; 0 means no limit
}

// AuditLog persists the server's audit log. It holds no rule: Registry
// fills, cleans and validates before it calls one. Every method returns
// *govops.Error values with the codes its comment names; any other failure
// is EINTERNAL.
//
// An event's key is its AuditKey, (At, ID): the order of the log, and what
// makes two events the same one.
type AuditLog interface {
	// AppendAudit stores the events, all or none. Returns ECONFLICT, and
	// stores none, if an event with the same At and ID is stored already
	// or given twice.
	AppendAudit(ctx context.Context, events ...AuditEvent) error

	// ListAudit returns the events that match f, newest first (At
	// descending, then ID descending).
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditEvent, error)
}

// auditText makes s fit an audit column: valid UTF-8 without NUL bytes
// (bun refuses NUL on every database and PostgreSQL refuses invalid UTF-8;
// a path may carry both, percent-encoded), at most limit characters.
func auditText(s string, limit int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit])
}

// RecordAudit appends e to the audit log and returns it as stored, once it
// is stored. It gives e an ID and the time now when they are zero, and cuts
// every text field to its column. Actor and Route are required (EINVALID).
// Events recorded at the same moment by concurrent requests are stored
// together (see auditQueue).
func (r *Registry) RecordAudit(ctx context.Context, e AuditEvent) (AuditEvent, error) {
	if e.ID == uuid.Nil {
		e.ID = uuid.Must(uuid.NewV7())
	}
	if e.At.IsZero() {
		e.At = r.clock()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.RequestID = auditText(e.RequestID, 128)
	e.Actor = auditText(e.Actor, auditTextMax)
	e.Role = Role(auditText(string(e.Role), auditShortMax))
	e.Department = auditText(e.Department, auditShortMax)
	e.Method = auditText(e.Method, auditShortMax)
	e.Route = auditText(e.Route, auditTextMax)
	e.Path = auditText(e.Path, auditPathMax)
	e.Subject = auditText(e.Subject, auditTextMax)
	var p govops.Problems
	if strings.TrimSpace(e.Actor) == "" {
		p.Add("actor", "is required: who made the change")
	}
	if strings.TrimSpace(e.Route) == "" {
		p.Add("route", "is required: the endpoint or command that made the change")
	}
	if err := p.Err(); err != nil {
		return AuditEvent{}, err
	}
	if err := r.appendAudit(ctx, e); err != nil {
		return AuditEvent{}, err
	}
	return e, nil
}

// maxAuditBatch bounds the events one audit write carries.
const maxAuditBatch = 64

// auditQueue is the group commit of the audit log. Every write request
// waits for its own event to be stored, but requests that arrive while one
// batch is being written are stored together by the next writer, in one
// INSERT and one commit; a lone request writes a batch of one at once. The
// commit is most of the cost of an audit row: on SQLite its WAL frames,
// one per page the row touches in the table and each index; on PostgreSQL
// and MySQL the flush to disk. SQLite's one connection already queues
// every write, so there the batches stay small (BenchmarkCaseCreate sees
// about 1.3 events a batch, and a few percent more throughput than
// without the queue); with a pool, concurrent requests share one flush.
// A database that commits concurrent writes together itself (a Store that
// is a groupCommitter) needs no queue: each request stores its own event,
// which joins the group of writes under way instead of waiting behind the
// batch being written.
type auditQueue struct {
	mu      sync.Mutex // guards pending
	pending []*pendingAudit
	write   sync.Mutex // held by the request writing a batch
}

type pendingAudit struct {
	e    AuditEvent
	done chan error // buffered; receives the outcome of the batch that held e
}

// groupCommitter is implemented by a Store whose database commits
// concurrent writes together (see BunStore.GroupsCommits).
type groupCommitter interface{ GroupsCommits() bool }

// appendAudit stores e and returns once it is stored (or failed). The
// request holding the write lock stores every pending event, oldest first,
// up to maxAuditBatch at a time, until its own is stored; a request that
// gets the lock and finds its event already stored returns at once.
func (r *Registry) appendAudit(ctx context.Context, e AuditEvent) error {
	if r.grouped {
		return r.dir.AppendAudit(ctx, e)
	}
	q := &r.audit
	me := &pendingAudit{e: e, done: make(chan error, 1)}
	q.mu.Lock()
	q.pending = append(q.pending, me)
	q.mu.Unlock()

	q.write.Lock()
	defer q.write.Unlock()
	for {
		select {
		case err := <-me.done:
			return err
		default:
		}
		q.mu.Lock()
		n := min(len(q.pending), maxAuditBatch)
		batch := q.pending[:n:n]
		if n == len(q.pending) {
			q.pending = nil
		} else {
			q.pending = append([]*pendingAudit(nil), q.pending[n:]...)
		}
		q.mu.Unlock()
		r.writeAudit(ctx, batch)
	}
}

// writeAudit stores a batch and tells each of its requests the outcome. A
// batch that fails is tried again one event at a time, so that one bad
// event does not fail the others.
func (r *Registry) writeAudit(ctx context.Context, batch []*pendingAudit) {
	events := make([]AuditEvent, len(batch))
	for i, p := range batch {
		events[i] = p.e
	}
	err := r.dir.AppendAudit(ctx, events...)
	if err == nil || len(batch) == 1 {
		for _, p := range batch {
			p.done <- err
		}
		return
	}
	for _, p := range batch {
		p.done <- r.dir.AppendAudit(ctx, p.e)
	}
}

// AuditQuery asks for one page of the audit log. Zero fields match
// everything.
type AuditQuery struct {
	Actor   string
	TokenID uuid.UUID
	Subject string
	Method  string    // POST, PUT, PATCH or DELETE (any case)
	From    time.Time // at or after
	To      time.Time // before
	Cursor  string    // Next of the previous page
	Limit   int       // 1 to MaxAuditPage; 0 means DefaultAuditPage
}

// AuditPage is one page of the audit log, newest first. Next is empty on
// the last page.
type AuditPage struct {
	Events []AuditEvent
	Next   string
}

// changesState reports whether method changes state, and so is one the
// audit log records.
func changesState(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// Audit returns one page of the audit log, newest first. Returns EINVALID
// naming limit, method, from or to (outside the years 1900 to 9999, or to
// before from) or cursor.
func (r *Registry) Audit(ctx context.Context, q AuditQuery) (AuditPage, error) {
	var p govops.Problems
	if q.Limit == 0 {
		q.Limit = DefaultAuditPage
	}
	if q.Limit < 1 || q.Limit > MaxAuditPage {
		p.Add("limit", "must be between 1 and 500")
	}
	method := strings.ToUpper(q.Method)
	if method != "" && !changesState(method) {
		p.Add("method", "must be POST, PUT, PATCH or DELETE: only changes are audited")
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		p.Add("to", "must be after from")
	}
	if !q.From.IsZero() && !govops.TimeInRange(q.From) {
		p.Add("from", apikit.TimeRangeRule)
	}
	if !q.To.IsZero() && !govops.TimeInRange(q.To) {
		p.Add("to", apikit.TimeRangeRule)
	}
	before, err := decodeAuditCursor(q.Cursor)
	if err != nil {
		p.Add("cursor", apikit.CursorRule)
	}
	if err := p.Err(); err != nil {
		return AuditPage{}, err
	}
	evs, err := r.dir.ListAudit(ctx, AuditFilter{
		Actor: q.Actor, TokenID: q.TokenID, Subject: q.Subject, Method: method,
		From: q.From, To: q.To, Before: before, Limit: q.Limit + 1,
	})
	if err != nil {
		return AuditPage{}, err
	}
	page := AuditPage{Events: evs}
	if len(evs) > q.Limit {
		page.Events = evs[:q.Limit]
		last := evs[q.Limit-1]
		page.Next = encodeAuditCursor(AuditKey{At: last.At, ID: last.ID})
	}
	return page, nil
}

// An audit cursor is the base64url of the last event's time (Unix
// microseconds, 8 bytes big-endian) and ID (16 bytes).
func encodeAuditCursor(k AuditKey) string {
	var b [24]byte
	binary.BigEndian.PutUint64(b[:8], uint64(k.At.UnixMicro()))
	copy(b[8:], k.ID[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func decodeAuditCursor(s string) (AuditKey, error) {
	if s == "" {
		return AuditKey{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 24 {
		return AuditKey{}, govops.FieldError("cursor", apikit.CursorRule)
	}
	var k AuditKey
	k.At = time.UnixMicro(int64(binary.BigEndian.Uint64(b[:8]))).UTC()
	copy(k.ID[:], b[8:])
	if k.ID == uuid.Nil || !govops.TimeInRange(k.At) {
		return AuditKey{}, govops.FieldError("cursor", apikit.CursorRule)
	}
	return k, nil
}
