package license_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
)

func TestService_CreateRecord(t *testing.T) {
	ctx := context.Background()
	s := bizReady(t)
	t.Run("IssuesIdentifier", func(t *testing.T) {
		r, err := s.CreateRecord(ctx, market(), bizRecord(t, 1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := idcode.ValidateLicenseID(r.Identifier, idcode.Strict); err != nil {
			t.Fatalf("issued identifier %s does not validate: %v", r.Identifier, err)
		}
		id, _ := idcode.ParseLicenseID(r.Identifier, idcode.Strict)
		if id.TypeCode != typeCode(t, 1) || id.Issuer != issuer(t) || id.Version != "1" || len(id.Serial) != 32 {
			t.Fatalf("identifier parts = %+v", id)
		}
		if r.State != license.StateValid || !r.Exclusive || r.Version != 1 || r.CreatedBy != "李强" || r.CreatedByDept != "SCJGJ" ||
			!r.ValidFrom.Equal(date(2022, 3, 1)) {
			t.Fatalf("record = %+v", r)
		}
		got, err := s.GetRecord(ctx, center(), r.Identifier)
		if err != nil || got.ID != r.ID {
			t.Fatalf("GetRecord by identifier = %+v, %v", got, err)
		}
	})
	t.Run("GivenIdentifier", func(t *testing.T) {
		in := bizRecord(t, 2)
		id, err := idcode.NewLicenseID(typeCode(t, 1), issuer(t), "0002", "1")
		if err != nil {
			t.Fatal(err)
		}
		in.Identifier = id
		r, err := s.CreateRecord(ctx, market(), in)
		if err != nil || r.Identifier != id {
			t.Fatalf("CreateRecord = %+v, %v", r, err)
		}
		in = bizRecord(t, 3)
		in.Identifier = breakCheck(id)
		_, err = s.CreateRecord(ctx, market(), in)
		mustFields(t, err, map[string]string{"identifier": "check character"})
		in.Identifier, _ = idcode.NewLicenseID(typeCode(t, 2), issuer(t), "0003", "1")
		_, err = s.CreateRecord(ctx, market(), in)
		mustFields(t, err, map[string]string{"identifier": "names type"})
	})
	t.Run("ErrInvalidEveryField", func(t *testing.T) {
		in := bizRecord(t, 4)
		in.Number = ""
		in.IssueDate = date(2030, 1, 1)
		in.ValidTo = date(2040, 1, 1)
		in.IssuerCode = breakCheck(issuer(t))
		in.Holder = ""
		in.HolderCode = breakCheck(in.HolderCode)
		in.Face = map[string]string{"主体业态": "网吧", "许可证编号": "JY1", "发证日期": "2022-13-01", "颜色": "红"}
		_, err := s.CreateRecord(ctx, market(), in)
		mustFields(t, err, map[string]string{
			"number": "required", "issue_date": "in the future", "valid_to": "outside the validity",
			"issuer_code": "check character", "holder": "required", "holder_code": "check character",
			"face.经营者名称": "required", "face.主体业态": "code list", "face.许可证编号": "pattern",
			"face.发证日期": "not a date", "face.颜色": "not a field"})
	})
	t.Run("ErrHolderKind", func(t *testing.T) {
		in := bizRecord(t, 5)
		in.HolderCodeType = license.CodeResidentID
		in.HolderCode = residentID(t, "45020519900101123")
		_, err := s.CreateRecord(ctx, market(), in)
		mustFields(t, err, map[string]string{"holder_code_type": "names a person"})
	})
	t.Run("ErrScope", func(t *testing.T) {
		in := bizRecord(t, 6)
		_, err := s.CreateRecord(ctx, housing(), in)
		mustCode(t, err, govops.EFORBIDDEN)
		in.Department = ""
		_, err = s.CreateRecord(ctx, housing(), in)
		mustFields(t, err, map[string]string{"department": "no claim"})
		_, err = s.CreateRecord(ctx, viewer(), bizRecord(t, 6))
		mustCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("ErrSingleValid", func(t *testing.T) {
		in := bizRecord(t, 1)
		in.Number = "JY-OTHER"
		_, err := s.CreateRecord(ctx, center(), in)
		mustCode(t, err, govops.ECONFLICT)
		if !strings.Contains(err.Error(), "valid license of type") {
			t.Fatalf("err = %v, want it to name the single valid rule", err)
		}
		in = bizRecord(t, 7)
		in.Number = bizRecord(t, 1).Number
		_, err = s.CreateRecord(ctx, center(), in)
		mustCode(t, err, govops.ECONFLICT)
	})
}

func TestService_Transition(t *testing.T) {
	ctx := context.Background()
	// Every action from every state, as the table says.
	for _, a := range license.Actions() {
		for _, st := range license.States() {
			s := bizReady(t)
			in := bizRecord(t, 1)
			in.State = st
			r, err := s.CreateRecord(ctx, market(), in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Transition(ctx, market(), r.ID.String(), a, "依法处理", 0)
			if license.Allowed(a, st) {
				if err != nil || got.State.Final() != (a != license.ActionSuspend && a != license.ActionReinstate) || got.Version != 2 {
					t.Fatalf("%s from %s = %+v, %v", a, st, got, err)
				}
			} else {
				mustCode(t, err, govops.ECONFLICT)
				if !strings.Contains(err.Error(), string(st)) {
					t.Fatalf("%s from %s: %v does not name the state", a, st, err)
				}
			}
		}
	}
	s := bizReady(t)
	r, _ := s.CreateRecord(ctx, market(), bizRecord(t, 1))
	_, err := s.Transition(ctx, market(), r.ID.String(), license.ActionSuspend, "", 0)
	mustFields(t, err, map[string]string{"reason": "required"})
	_, err = s.Transition(ctx, market(), r.ID.String(), "burn", "x", 0)
	mustFields(t, err, map[string]string{"action": "unknown action"})
	_, err = s.Transition(ctx, housing(), r.ID.String(), license.ActionSuspend, "x", 0)
	mustCode(t, err, govops.ENOTFOUND)
	if _, err := s.Transition(ctx, market(), r.Identifier, license.ActionSuspend, "暂扣", 1); err != nil {
		t.Fatal(err)
	}
	_, err = s.Transition(ctx, market(), r.Identifier, license.ActionReinstate, "发还", 1)
	mustCode(t, err, govops.ECONFLICT)
	// While suspended, the holder may get another valid license; the first
	// may then not be reinstated beside it.
	in := bizRecord(t, 1)
	in.Number = "JY-NEW"
	if _, err := s.CreateRecord(ctx, market(), in); err != nil {
		t.Fatal(err)
	}
	_, err = s.Transition(ctx, market(), r.Identifier, license.ActionReinstate, "发还", 0)
	mustCode(t, err, govops.ECONFLICT)
	if !strings.Contains(err.Error(), "valid license of type") {
		t.Fatalf("err = %v", err)
	}
	evs, err := s.RecordEvents(ctx, market(), r.Identifier)
	if err != nil || len(evs) != 2 || evs[0].Type != license.EventRecordCreated || evs[0].To != "valid" ||
		evs[1].Type != license.EventRecordSuspended || evs[1].Seq != 2 || evs[1].Note != "暂扣" {
		t.Fatalf("events = %+v, %v", evs, err)
	}
}

func TestService_Reissue(t *testing.T) {
	ctx := context.Background()
	s := bizReady(t)
	old, err := s.CreateRecord(ctx, market(), bizRecord(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	next, err := s.Reissue(ctx, market(), old.ID.String(), license.ReissueInput{Number: "JY-REISSUED", IssueDate: date(2022, 9, 1),
		ValidTo: date(2027, 8, 31), Reason: "遗失补发", IfVersion: 1})
	if err != nil {
		t.Fatal(err)
	}
	oid, _ := idcode.ParseLicenseID(old.Identifier, idcode.Strict)
	nid, err := idcode.ParseLicenseID(next.Identifier, idcode.Strict)
	if err != nil || nid.Serial != oid.Serial || nid.Version != "2" || next.Previous != old.Identifier || next.State != license.StateValid {
		t.Fatalf("re-issued = %+v (%+v), %v", next, nid, err)
	}
	was, _ := s.GetRecord(ctx, center(), old.ID.String())
	if was.State != license.StateCancelled || was.Version != 2 {
		t.Fatalf("old record = %+v", was)
	}
	_, err = s.Reissue(ctx, market(), old.ID.String(), license.ReissueInput{Number: "JY-X", IssueDate: date(2022, 9, 1), ValidTo: date(2027, 8, 31), Reason: "x"})
	mustCode(t, err, govops.ECONFLICT)
}

func TestService_RecordPrivacy(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	tp := mustAddType(t, s, personLicense(t))
	mustClaim(t, s, housing(), tp.Code, -1)
	if _, err := s.SetSchema(ctx, housing(), license.SchemaInput{Type: tp.Code, Fields: []license.Field{{Name: "住址", Type: license.TypeString}}}); err != nil {
		t.Fatal(err)
	}
	id := residentID(t, "45020519900101123")
	r, err := s.CreateRecord(ctx, housing(), license.RecordInput{Number: "GRZ-0001", Type: tp.Code, IssueDate: date(2022, 5, 1),
		Issuer: "柳北区卫生健康局", IssuerCode: issuer(t), Holder: "张三丰", HolderCodeType: license.CodeResidentID, HolderCode: id,
		Face: map[string]string{"住址": "柳州市柳北区胜利路1号，电话13812341234"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetRecord(ctx, viewer(), r.ID.String())
	if err != nil || got.Holder != "张**" || strings.Contains(got.HolderCode, "19900101") || strings.Contains(got.Face["住址"], "13812341234") {
		t.Fatalf("viewer sees %+v, %v", got, err)
	}
	got, _ = s.GetRecord(ctx, housing(), r.ID.String())
	if got.Holder != "张三丰" || got.HolderCode != id {
		t.Fatalf("the issuing department sees %+v", got)
	}
	_, err = s.GetRecord(ctx, market(), r.ID.String())
	mustCode(t, err, govops.ENOTFOUND)
	_, err = s.ListRecords(ctx, viewer(), license.RecordList{RecordFilter: license.RecordFilter{HolderCode: id}})
	mustCode(t, err, govops.EFORBIDDEN)
	page, err := s.ListRecords(ctx, market(), license.RecordList{RecordFilter: license.RecordFilter{HolderCode: id}})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("another department finds %d records by holder code, %v", len(page.Items), err)
	}
	page, err = s.ListRecords(ctx, center(), license.RecordList{RecordFilter: license.RecordFilter{HolderCode: id}})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("the center finds %d records, %v", len(page.Items), err)
	}
	evs, err := s.RecordEvents(ctx, viewer(), r.ID.String())
	if err != nil || len(evs) != 1 {
		t.Fatalf("events = %+v, %v", evs, err)
	}
	_, err = s.Batch(ctx, center(), uuid.Nil.String())
	mustFields(t, err, map[string]string{"id": "not an ID"})
}
