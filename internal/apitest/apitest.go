// Package apitest sends requests to a govops server in tests: a bearer
// token, a JSON or raw body, extra headers, and the whole answer read back.
package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
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
func Exact(tb testing.TB, base, method, path, token string, body io.Reader, hdr ...string) (int, http.Header, []byte) {
	tb.Helper()
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
	return res.StatusCode, res.Header, data
}
