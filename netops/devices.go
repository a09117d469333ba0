package netops

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// AddDevice enters a device in the register (设备入账). Center only.
//
// The asset tag is required, a reference number (letters, digits, '-',
// '_', '.', '/'), and unique: a taken one is ECONFLICT naming
// "asset_tag". The kind and site are required: the site exists (ENOTFOUND
// naming "site") and the room, when given, is one of its rooms.
// PurchasedOn is required and not after today; EndOfLife is PurchasedOn
// plus the Service's device life in years (WithDeviceLife) unless given,
// and after PurchasedOn. Both are dates: the start of their day in
// Asia/Shanghai.
func (s *Service) AddDevice(ctx context.Context, by govops.Actor, in DeviceInput) (*Device, error) {
	if err := by.CenterOnly("enter devices"); err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	d := s.deviceFields(&p, in, now)
	if in.IfVersion != 0 {
		p.Add("if_version", "a new device has no version: leave it out")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deviceWhere(ctx, d.Site, d.Room); err != nil {
		return nil, err
	}
	if other, err := s.store.DeviceByTag(ctx, d.AssetTag); err == nil {
		return nil, deviceTagTaken(other)
	} else if govops.ErrorCode(err) != govops.ENOTFOUND {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	d.ID, d.Status, d.Version, d.CreatedAt, d.UpdatedAt = id, DeviceInService, 1, now, now
	ev, err := opsEvent(d.ID, 1, EventDeviceAdded, by, now, "", Status(DeviceInService), "", d.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateDevices(ctx, []Device{d}, []Event{ev}); err != nil {
		return nil, err
	}
	return &d, nil
}

// deviceTagTaken is the ECONFLICT of an asset tag that other has.
func deviceTagTaken(other *Device) error {
	return govops.Errorf(govops.ECONFLICT, "asset tag %s is device %s's already", other.AssetTag, other.ID).
		WithField("asset_tag", fmt.Sprintf("is taken by device %s (%s)", other.ID, govops.Truncate(other.Name, 60)))
}

// deviceFields checks the fields of a device's input, those that need no
// lookup, adding their problems to p, and returns the device they make.
func (s *Service) deviceFields(p *govops.Problems, in DeviceInput, now time.Time) Device {
	d := Device{AssetTag: strings.TrimSpace(in.AssetTag), Name: strings.TrimSpace(in.Name), Kind: in.Kind,
		Site: strings.TrimSpace(in.Site), Room: strings.TrimSpace(in.Room), Vendor: strings.TrimSpace(in.Vendor),
		Model: strings.TrimSpace(in.Model), Serial: strings.TrimSpace(in.Serial), Note: strings.TrimSpace(in.Note)}
	if d.AssetTag == "" {
		p.Add("asset_tag", "required: the device's asset number (资产编号)")
	} else {
		govops.CheckNumber(p, "asset_tag", d.AssetTag)
	}
	govops.CheckText(p, "name", d.Name, MaxNameLen, false)
	switch {
	case d.Kind == "":
		p.Add("kind", "required: "+deviceKindList())
	case !d.Kind.Valid():
		p.Addf("kind", "%q is not a device kind: use %s", govops.Truncate(string(d.Kind), 40), deviceKindList())
	}
	govops.CheckCode(p, "site", d.Site)
	opsCode(p, "room", d.Room)
	govops.CheckText(p, "vendor", d.Vendor, MaxNameLen, false)
	govops.CheckText(p, "model", d.Model, MaxNameLen, false)
	govops.CheckText(p, "serial", d.Serial, MaxNameLen, false)
	if govops.CheckTime(p, "purchased_on", in.PurchasedOn, true) {
		d.PurchasedOn = opsDay(in.PurchasedOn)
		if d.PurchasedOn.After(opsDay(now)) {
			p.Addf("purchased_on", "must not be after today (%s)", opsShowDay(now))
		}
	}
	if govops.CheckTime(p, "end_of_life", in.EndOfLife, false) && !d.PurchasedOn.IsZero() {
		d.EndOfLife = opsDay(in.EndOfLife)
		if in.EndOfLife.IsZero() {
			d.EndOfLife = d.PurchasedOn.In(shanghai).AddDate(s.deviceLife, 0, 0).UTC()
		}
		if !d.EndOfLife.After(d.PurchasedOn) {
			p.Addf("end_of_life", "must be after purchased_on (%s)", opsShowDay(d.PurchasedOn))
		}
	}
	govops.CheckText(p, "note", d.Note, MaxNoteLen, false)
	return d
}

// deviceWhere checks that site exists (ENOTFOUND naming "site") and that
// room, when given, is one of its rooms.
func (s *Service) deviceWhere(ctx context.Context, site, room string) error {
	st, err := s.opsSite(ctx, "site", site)
	if err != nil {
		return err
	}
	if room != "" {
		if why := opsRoom(st, room, ""); why != "" {
			return govops.FieldError("room", why)
		}
	}
	return nil
}

func deviceKindList() string {
	parts := make([]string, 0, len(DeviceKinds()))
	for _, k := range DeviceKinds() {
		parts = append(parts, fmt.Sprintf("%s (%s)", k, k.Label()))
	}
	return strings.Join(parts, ", ")
}

// deviceResolve returns the device ref names: its ID or its asset tag.
func (s *Service) deviceResolve(ctx context.Context, ref string) (*Device, error) {
	return govops.Resolve(ctx, "ref", strings.TrimSpace(ref), "device", s.store.Device, s.store.DeviceByTag)
}

// deviceChange runs a change of the device ref in service: change fills
// in the next version (it may refuse, or return false to change nothing)
// and the event's type and note.
func (s *Service) deviceChange(ctx context.Context, by govops.Actor, ref string, ifVersion int64, typ EventType, change func(cur, next *Device, now time.Time) (note string, changed bool, err error)) (*Device, error) {
	var out *Device
	err := govops.UpdateVersioned(ctx, ifVersion, func() (func() error, error) {
		cur, err := s.deviceResolve(ctx, ref)
		if err != nil {
			return nil, err
		}
		if ifVersion != 0 && cur.Version != ifVersion {
			return nil, govops.StaleVersion("device "+cur.AssetTag, cur.Version, ifVersion)
		}
		if cur.Status != DeviceInService {
			return nil, govops.Errorf(govops.ECONFLICT, "device %s is %s (%s): a retired device is not changed", cur.AssetTag, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		now := s.clock()
		next := *cur
		note, changed, err := change(cur, &next, now)
		if err != nil {
			return nil, err
		}
		if !changed {
			out = cur
			return nil, nil
		}
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := opsEvent(next.ID, next.Version, typ, by, now, Status(cur.Status), Status(next.Status), "", note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateDevice(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateDevice replaces the fields of the device ref (its ID or asset tag)
// as AddDevice checks them, but the asset tag (AssetTag is left out or the
// same), the replacement and the status. A retired device is ECONFLICT.
// Center only.
func (s *Service) UpdateDevice(ctx context.Context, by govops.Actor, ref string, in DeviceInput) (*Device, error) {
	if err := by.CenterOnly("change devices"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.deviceChange(ctx, by, ref, in.IfVersion, EventDeviceUpdated, func(cur, next *Device, now time.Time) (string, bool, error) {
		tag := strings.TrimSpace(in.AssetTag)
		if tag != "" && tag != cur.AssetTag {
			return "", false, govops.FieldError("asset_tag", "an asset tag never changes: leave it out or give "+cur.AssetTag)
		}
		in.AssetTag = cur.AssetTag
		var p govops.Problems
		d := s.deviceFields(&p, in, now)
		if err := p.Err(); err != nil {
			return "", false, err
		}
		if err := s.deviceWhere(ctx, d.Site, d.Room); err != nil {
			return "", false, err
		}
		d.ID, d.Replacement, d.Status, d.CreatedAt = cur.ID, cur.Replacement, cur.Status, cur.CreatedAt
		*next = d
		return d.Note, true, nil
	})
}

// PlanReplacement plans the replacement of the device ref (its ID or asset
// tag): PlannedOn is a date not before today, with the new model and the
// plan's note. A zero PlannedOn clears the plan (with no model; a note
// goes to the trail), and changes nothing when none is planned. A retired
// device is ECONFLICT. Center only.
func (s *Service) PlanReplacement(ctx context.Context, by govops.Actor, ref string, in ReplacementInput) (*Device, error) {
	if err := by.CenterOnly("plan replacements"); err != nil {
		return nil, err
	}
	in.Model, in.Note = strings.TrimSpace(in.Model), strings.TrimSpace(in.Note)
	var p govops.Problems
	govops.CheckTime(&p, "planned_on", in.PlannedOn, false)
	govops.CheckText(&p, "model", in.Model, MaxNameLen, false)
	govops.CheckText(&p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(&p, in.IfVersion)
	if in.PlannedOn.IsZero() && in.Model != "" {
		p.Add("planned_on", "required to plan a replacement (a replacement without a date clears the plan, and names no model)")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.deviceChange(ctx, by, ref, in.IfVersion, EventReplacementPlanned, func(cur, next *Device, now time.Time) (string, bool, error) {
		if in.PlannedOn.IsZero() {
			if cur.Replacement.PlannedOn.IsZero() {
				return "", false, nil
			}
			next.Replacement = Replacement{}
			return strings.TrimSpace("replacement cleared " + in.Note), true, nil
		}
		day := opsDay(in.PlannedOn)
		if day.Before(opsDay(now)) {
			return "", false, govops.FieldError("planned_on", "must not be before today ("+opsShowDay(now)+")")
		}
		next.Replacement = Replacement{PlannedOn: day, Model: in.Model, Note: in.Note}
		return in.Note, true, nil
	})
}

// RetireDevice takes the device ref (its ID or asset tag) out of service
// (报废); the note is required. A retired device is not changed again.
// Center only.
func (s *Service) RetireDevice(ctx context.Context, by govops.Actor, ref string, in DeviceRetire) (*Device, error) {
	if err := by.CenterOnly("retire devices"); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	var p govops.Problems
	if in.Note == "" {
		p.Add("note", "required: say why the device leaves service")
	} else {
		govops.CheckText(&p, "note", in.Note, MaxNoteLen, true)
	}
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.deviceChange(ctx, by, ref, in.IfVersion, EventDeviceRetired, func(_, next *Device, _ time.Time) (string, bool, error) {
		next.Status, next.Note = DeviceRetired, in.Note
		return in.Note, true, nil
	})
}

// Device returns the device ref (its ID or asset tag). District-wide
// actors only.
func (s *Service) Device(ctx context.Context, by govops.Actor, ref string) (*Device, error) {
	if err := by.ReadDistrict("the equipment register"); err != nil {
		return nil, err
	}
	d, err := s.deviceResolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, "", *d)
	return &out, nil
}

// Devices lists devices, by ID: those at a site, of a kind, of a status.
// District-wide actors only.
func (s *Service) Devices(ctx context.Context, by govops.Actor, in DeviceListInput) (govops.Page[Device], error) {
	var none govops.Page[Device]
	if err := by.ReadDistrict("the equipment register"); err != nil {
		return none, err
	}
	var p govops.Problems
	opsCode(&p, "site", in.Site)
	if in.Kind != "" && !in.Kind.Valid() {
		p.Addf("kind", "%q is not a device kind: use %s", govops.Truncate(string(in.Kind), 40), deviceKindList())
	}
	if in.Status != "" && !in.Status.Valid() {
		p.Addf("status", "%q is not a device status: use in_service or retired", govops.Truncate(string(in.Status), 40))
	}
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return none, err
	}
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		return none, err
	}
	ds, err := s.store.Devices(ctx, DeviceFilter{Site: in.Site, Kind: in.Kind, Status: in.Status}, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range ds {
		ds[i] = govops.MaskFor(by, "", ds[i])
	}
	return govops.NewPage(ds, limit, func(d Device) string { return d.ID.String() }), nil
}

// DeviceTrail returns the trail of the device ref, oldest first.
// District-wide actors only.
func (s *Service) DeviceTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	d, err := s.Device(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return opsTrail(ctx, s.store, d.ID, by.SeesPersonalData(""))
}

// Aging lists the devices in service past their end of life as of now
// (EndOfLife before now), those that reach it within a year, each by
// EndOfLife, and those with a replacement planned, by PlannedOn.
// District-wide actors only.
func (s *Service) Aging(ctx context.Context, by govops.Actor) (*AgingReport, error) {
	if err := by.ReadDistrict("the equipment register"); err != nil {
		return nil, err
	}
	now := s.clock()
	yearOn := now.In(shanghai).AddDate(1, 0, 0).UTC()
	due, err := s.store.Devices(ctx, DeviceFilter{Status: DeviceInService, EOLBefore: yearOn}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	planned, err := s.store.Devices(ctx, DeviceFilter{Status: DeviceInService, ReplacementPlanned: true}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	rep := &AgingReport{AsOf: now, PastLife: []Device{}, DueWithinYear: []Device{}, ReplacementsPlanned: []Device{}}
	for _, d := range due {
		d = govops.MaskFor(by, "", d)
		if d.EndOfLife.Before(now) {
			rep.PastLife = append(rep.PastLife, d)
		} else {
			rep.DueWithinYear = append(rep.DueWithinYear, d)
		}
	}
	for _, d := range planned {
		rep.ReplacementsPlanned = append(rep.ReplacementsPlanned, govops.MaskFor(by, "", d))
	}
	byEOL := func(a, b Device) int {
		return cmp.Or(a.EndOfLife.Compare(b.EndOfLife), strings.Compare(a.AssetTag, b.AssetTag))
	}
	slices.SortFunc(rep.PastLife, byEOL)
	slices.SortFunc(rep.DueWithinYear, byEOL)
	slices.SortFunc(rep.ReplacementsPlanned, func(a, b Device) int {
		return cmp.Or(a.Replacement.PlannedOn.Compare(b.Replacement.PlannedOn), strings.Compare(a.AssetTag, b.AssetTag))
	})
	return rep, nil
}
