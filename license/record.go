package license

import (
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/idcode"
)

// State is the state of a license record (证照状态, GB/T 36903).
type State string

// States. A valid license may be suspended and reinstated; the other
// states end it.
const (
	StateValid     State = "valid"     // 有效
	StateSuspended State = "suspended" // 暂扣
	StateAnnulled  State = "annulled"  // 撤销: withdrawn by the issuer, as issued in error
	StateCancelled State = "cancelled" // 注销: ended at the holder's request, or on re-issue
	StateExpired   State = "expired"   // 失效: its validity ended
	StateRevoked   State = "revoked"   // 吊销: taken away as a penalty
)

// States lists every state.
func States() []State {
	return []State{StateValid, StateSuspended, StateAnnulled, StateCancelled, StateExpired, StateRevoked}
}

// Label returns the Chinese label of s.
func (s State) Label() string {
	switch s {
	case StateValid:
		return "有效"
	case StateSuspended:
		return "暂扣"
	case StateAnnulled:
		return "撤销"
	case StateCancelled:
		return "注销"
	case StateExpired:
		return "失效"
	case StateRevoked:
		return "吊销"
	}
	return string(s)
}

// Valid reports whether s is one of States.
func (s State) Valid() bool { return validEnum(s, States()) }

// Final reports whether s ends a license: no action leaves it.
func (s State) Final() bool { return s != StateValid && s != StateSuspended }

// ParseState reads a state as a spreadsheet writes it: its English code in
// any letter case or its label.
func ParseState(s string) (State, bool) {
	for _, st := range States() {
		if s == st.Label() {
			return st, true
		}
	}
	st := State(lower(s))
	return st, st.Valid()
}

// HolderCodeType is the kind of code that identifies a license holder
// (持证主体代码类型, GB/T 36903), written as its 3-digit code.
type HolderCodeType string

// Holder code types. Those with an idcode Kind are checked by it.
const (
	CodeUSCC       HolderCodeType = "001" // 统一社会信用代码
	CodeOrgCode    HolderCodeType = "002" // 组织机构代码
	CodeOtherOrg   HolderCodeType = "099" // 其他法人或其他组织代码
	CodeResidentID HolderCodeType = "111" // 居民身份证
	CodeHousehold  HolderCodeType = "113" // 户口簿
	CodePassport   HolderCodeType = "414" // 普通护照
	CodeHKMacao    HolderCodeType = "516" // 港澳居民来往内地通行证
	CodeTaiwan     HolderCodeType = "511" // 台湾居民来往大陆通行证
	CodeOther      HolderCodeType = "999" // 其他
)

// HolderCodeTypes lists every holder code type.
func HolderCodeTypes() []HolderCodeType {
	return []HolderCodeType{CodeUSCC, CodeOrgCode, CodeOtherOrg, CodeResidentID, CodeHousehold,
		CodePassport, CodeHKMacao, CodeTaiwan, CodeOther}
}

// Label returns the Chinese label of t.
func (t HolderCodeType) Label() string {
	switch t {
	case CodeUSCC:
		return "统一社会信用代码"
	case CodeOrgCode:
		return "组织机构代码"
	case CodeOtherOrg:
		return "其他法人或其他组织代码"
	case CodeResidentID:
		return "居民身份证"
	case CodeHousehold:
		return "户口簿"
	case CodePassport:
		return "普通护照"
	case CodeHKMacao:
		return "港澳居民来往内地通行证"
	case CodeTaiwan:
		return "台湾居民来往大陆通行证"
	case CodeOther:
		return "其他"
	}
	return string(t)
}

// Valid reports whether t is one of HolderCodeTypes.
func (t HolderCodeType) Valid() bool { return validEnum(t, HolderCodeTypes()) }

// IDKind returns the idcode Kind that checks a holder code of type t, and
// false when no national rule checks it. A household register (户口簿) is
// numbered by its holder's resident ID.
func (t HolderCodeType) IDKind() (idcode.Kind, bool) {
	switch t {
	case CodeUSCC:
		return idcode.KindUSCC, true
	case CodeOrgCode:
		return idcode.KindOrgCode, true
	case CodeResidentID, CodeHousehold:
		return idcode.KindResidentID, true
	}
	return "", false
}

// Person reports whether t identifies a natural person; CodeOther may
// identify anyone.
func (t HolderCodeType) Person() bool {
	switch t {
	case CodeResidentID, CodeHousehold, CodePassport, CodeHKMacao, CodeTaiwan:
		return true
	}
	return false
}

// Organization reports whether t identifies an organization.
func (t HolderCodeType) Organization() bool {
	return t == CodeUSCC || t == CodeOrgCode || t == CodeOtherOrg
}

// Record is one license (证照, GB/T 36903 metadata) of a type of the
// catalog, as its issuing department uploaded it.
//
// Identifier is its GB/T 36904 identifier (证照标识), unique; Number is
// the number printed on it (证照编号), unique within its type. Dates are
// days, held as midnight UTC; ValidTo is zero for a license that never
// expires. Holder, HolderCodeType and HolderCode say who holds it; a
// holder code is checked by its national rule (see HolderCodeType.IDKind),
// and Warnings records each check that failed but was let through (an
// import in warn mode keeps early codes whose check characters fail).
// Face is its face data (照面信息), checked against the type's schema.
// Previous is the identifier of the license it replaced on re-issue.
//
// Exclusive says that the record counts toward the type's rule of one
// valid license per holder (the type's SingleValid when it was written):
// a Store refuses a second exclusive valid record of the same type and
// holder code.
//
// The record's creation is recorded on the record itself (CreatedBy,
// CreatedByDept, CreatedAt, and the import Batch when it came from one), in the same
// write, so that a bulk import writes one row per license; each later
// change is an Event, from Seq 2 on. Service.Events returns the whole
// trail, the creation first.
type Record struct {
	ID             uuid.UUID
	Identifier     string    `mask:"safe"`
	Number         string    `mask:"safe"`
	Type           string    `mask:"safe"`
	IssueDate      time.Time // 颁证日期
	ValidFrom      time.Time
	ValidTo        time.Time
	Issuer         string         `mask:"safe"` // 颁证单位
	IssuerCode     string         `mask:"safe"` // its USCC
	Department     string         `mask:"safe"` // the directory code of the department that uploaded it
	Holder         string         `mask:"name"` // 持证主体
	HolderCodeType HolderCodeType `mask:"safe"`
	HolderCode     string         // 持证主体代码: a resident ID is personal data
	Face           map[string]string
	State          State  `mask:"safe"`
	Previous       string `mask:"safe"`
	Exclusive      bool
	Warnings       []string  `mask:"omit"` // may quote the holder code
	Batch          uuid.UUID // the import that wrote it; uuid.Nil for one written alone
	CreatedBy      string    `mask:"safe"`
	CreatedByDept  string    `mask:"safe"` // the creating actor's department; "" for center staff
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}
