package directoryapi

import "github.com/govops-kit/govops/directory"

// The JSON shapes of the directory endpoints. Enums travel as their
// stable codes with a sibling *_label in Chinese; times are RFC 3339 in
// Asia/Shanghai.

type departmentJSON struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	Parent      string `json:"parent,omitempty"`
	Zone        string `json:"zone,omitempty"`
	ZoneLabel   string `json:"zone_label"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Version     int64  `json:"version"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func (a *API) departmentOut(d *directory.Department) departmentJSON {
	return departmentJSON{
		Code: d.Code, Name: d.Name, Kind: string(d.Kind), KindLabel: d.Kind.Label(), Parent: d.Parent,
		Zone: string(d.Zone), ZoneLabel: d.Zone.Label(), Status: string(d.Status), StatusLabel: d.Status.Label(),
		Version: d.Version, CreatedAt: a.clock.Format(d.CreatedAt), UpdatedAt: a.clock.Format(d.UpdatedAt),
	}
}

// departmentCreateJSON adds a unit (新增).
type departmentCreateJSON struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Parent string `json:"parent"`
	Zone   string `json:"zone"`
}

// departmentUpdateJSON changes the fields it gives (修改); a field left out
// stays as it is, and "" clears parent or zone.
type departmentUpdateJSON struct {
	Name   *string `json:"name"`
	Kind   *string `json:"kind"`
	Parent *string `json:"parent"`
	Zone   *string `json:"zone"`
}

type reasonJSON struct {
	Reason string `json:"reason"`
}

type countJSON struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Count int64  `json:"count"`
}

type countsJSON struct {
	Active    int64       `json:"active"`
	Dissolved int64       `json:"dissolved"`
	ByKind    []countJSON `json:"by_kind"`
	ByZone    []countJSON `json:"by_zone"`
}

// countsOut lists every kind and zone, in their fixed order, the unknown
// zone ("") last.
func countsOut(c directory.Counts) any {
	out := countsJSON{Active: c.Active, Dissolved: c.Dissolved}
	for _, k := range directory.Kinds() {
		out.ByKind = append(out.ByKind, countJSON{Code: string(k), Label: k.Label(), Count: c.ByKind[k]})
	}
	for _, z := range append(directory.Zones(), "") {
		out.ByZone = append(out.ByZone, countJSON{Code: string(z), Label: z.Label(), Count: c.ByZone[z]})
	}
	return out
}
