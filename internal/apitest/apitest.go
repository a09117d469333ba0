// Package apitest sends requests to a govops server in tests: a bearer
// token, a JSON or raw body, extra headers, and the whole answer read back,
// every exchange checked against the OpenAPI document the server serves.
package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// Do sends a request to base+path and returns the answer's status, header
// and body. body is sent as is when it is a string or []byte and encoded as
// JSON otherwise, and declared as application/json unless hdr sets another
// Content-Type; hdr holds header name/value pairs. Any transport failure
// fails tb.
func Do(tb testing.TB, base, method, path, token string, body any, hdr ...string) (int, http.Header, []byte) {
	tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	if rd != nil {
		// The server refuses a body it is not told is JSON; a test that
		// sends another kind names it in hdr, which comes after.
		hdr = append([]string{"Content-Type", "application/json"}, hdr...)
	}
	return Exact(tb, base, method, path, token, rd, hdr...)
}

// Exact sends a request with exactly the headers hdr names besides the
// token (no Content-Type is added), so that a test can send a body without
// one, and returns the answer as Do does.
//
// Every exchange with a server that serves an OpenAPI document is checked
// against it (see ValidateResponse): a mismatch fails tb, naming the method,
// the path, the status and what does not match, and so does a 2xx (or 5xx)
// answer to a request that the document does not allow.
func Exact(tb testing.TB, base, method, path, token string, body io.Reader, hdr ...string) (int, http.Header, []byte) {
	tb.Helper()
	body, sent := recorded(body)
	req, err := http.NewRequest(method, base+path, body)
	if err != nil {
		tb.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	checkExchange(tb, base, req, sent(), res.StatusCode, res.Header, data)
	return res.StatusCode, res.Header, data
}

// recorded returns a reader that sends what body holds the way body itself
// would be sent (with a Content-Length for the readers http.NewRequest
// measures, chunked otherwise), and a function that returns what was sent.
func recorded(body io.Reader) (io.Reader, func() []byte) {
	switch b := body.(type) {
	case nil:
		return nil, func() []byte { return nil }
	case *bytes.Reader, *strings.Reader, *bytes.Buffer:
		data, _ := io.ReadAll(b)
		if _, ok := body.(*strings.Reader); ok {
			return strings.NewReader(string(data)), func() []byte { return data }
		}
		return bytes.NewReader(data), func() []byte { return data }
	default:
		var buf lockedBuffer
		return io.TeeReader(b, &buf), buf.Bytes
	}
}

// lockedBuffer is a buffer the transport may still write while the test
// reads it, when the server answered before reading the whole body.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.buf.Bytes())
}
