package refserver

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops/refserver/apikit"
)

// openapiDoc is the server's own part of the OpenAPI document: its info,
// security, the shared components (Problem, TrailEvent, ImportResult, …)
// and the paths of its own routes. Each module brings the rest.
//
//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the server's OpenAPI document, as served at
// /api/v1/openapi.json: its own part with every module's fragment merged
// in.
func (s *Server) OpenAPI() []byte { return append([]byte(nil), s.openapi...) }

func (s *Server) serveOpenAPI(w http.ResponseWriter, req bunrouter.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(s.openapi)
	return err
}

// fragment is the part of an OpenAPI document a module brings: paths,
// components by section, and tags.
type fragment struct {
	Paths      map[string]json.RawMessage            `json:"paths"`
	Components map[string]map[string]json.RawMessage `json:"components"`
	Tags       []json.RawMessage                     `json:"tags"`
}

// mergeOpenAPI merges each module's fragment into base. A path or a
// component that two parts both define is an error: one name, one meaning.
// So is a fragment that does not document exactly its module's routes.
func mergeOpenAPI(base []byte, mods []apikit.Module) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("refserver: openapi.json: %w", err)
	}
	var all fragment
	if err := json.Unmarshal(base, &all); err != nil {
		return nil, fmt.Errorf("refserver: openapi.json: %w", err)
	}
	if all.Paths == nil {
		all.Paths = map[string]json.RawMessage{}
	}
	if all.Components == nil {
		all.Components = map[string]map[string]json.RawMessage{}
	}
	for _, m := range mods {
		var f fragment
		if err := json.Unmarshal(m.OpenAPI(), &f); err != nil {
			return nil, fmt.Errorf("refserver: the OpenAPI fragment of %T: %w", m, err)
		}
		if err := sameRoutes(m, f.Paths); err != nil {
			return nil, err
		}
		for p, v := range f.Paths {
			if _, ok := all.Paths[p]; ok {
				return nil, fmt.Errorf("refserver: the OpenAPI fragment of %T documents path %s, which another part documents too", m, p)
			}
			all.Paths[p] = v
		}
		for sec, items := range f.Components {
			if all.Components[sec] == nil {
				all.Components[sec] = map[string]json.RawMessage{}
			}
			for name, v := range items {
				if _, ok := all.Components[sec][name]; ok {
					return nil, fmt.Errorf("refserver: the OpenAPI fragment of %T defines components.%s.%s, which another part defines too", m, sec, name)
				}
				all.Components[sec][name] = v
			}
		}
		all.Tags = append(all.Tags, f.Tags...)
	}
	set := func(key string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		doc[key] = b
		return nil
	}
	if err := set("paths", all.Paths); err != nil {
		return nil, err
	}
	if err := set("components", all.Components); err != nil {
		return nil, err
	}
	if len(all.Tags) > 0 {
		if err := set("tags", all.Tags); err != nil {
			return nil, err
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, out, "", "  "); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sameRoutes checks that paths, a module's fragment, documents exactly the
// module's routes: each method and path, parameters named alike.
func sameRoutes(m apikit.Module, paths map[string]json.RawMessage) error {
	routed := map[string]bool{}
	for _, r := range m.Routes() {
		routed[strings.ToLower(r.Method)+" "+OpenAPIPath(r.Path)] = true
	}
	var missing, extra []string
	for p, raw := range paths {
		var ops map[string]json.RawMessage
		if err := json.Unmarshal(raw, &ops); err != nil {
			return fmt.Errorf("refserver: the OpenAPI fragment of %T: path %s: %w", m, p, err)
		}
		for method := range ops {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options", "trace":
				key := method + " " + p
				if !routed[key] {
					extra = append(extra, key)
				}
				delete(routed, key)
			}
		}
	}
	for key := range routed {
		missing = append(missing, key)
	}
	if len(missing)+len(extra) == 0 {
		return nil
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return fmt.Errorf("refserver: the OpenAPI fragment of %T does not match its routes: undocumented %v, documented but not routed %v", m, missing, extra)
}
