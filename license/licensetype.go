package license

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Limits of the fields of the catalog.
const (
	// MaxNameLen bounds a name (of a type, an authority, a holder, an
	// issuer), in characters.
	MaxNameLen = 200
	// MaxTextLen bounds free text (an explanation, a reason, a source
	// list), in characters.
	MaxTextLen = 2000
	// MaxServices bounds the related service items of a type.
	MaxServices = 100
	// TypeCodeLen is the length of a type code: an 18-character USCC and a
	// 3-digit sequence.
	TypeCodeLen = 21
)

// Level is the level of the authority that defines a license type
// (证照定义机构级别).
type Level string

// Levels, from the top down.
const (
	LevelNational   Level = "national"   // 国家
	LevelProvincial Level = "provincial" // 省
	LevelCity       Level = "city"       // 地市
	LevelCounty     Level = "county"     // 区县
	LevelTownship   Level = "township"   // 乡镇
)

// Levels lists every level, from the top down.
func Levels() []Level {
	return []Level{LevelNational, LevelProvincial, LevelCity, LevelCounty, LevelTownship}
}

// Label returns the Chinese label of l.
func (l Level) Label() string {
	switch l {
	case LevelNational:
		return "国家"
	case LevelProvincial:
		return "省"
	case LevelCity:
		return "地市"
	case LevelCounty:
		return "区县"
	case LevelTownship:
		return "乡镇"
	}
	return string(l)
}

// Valid reports whether l is one of Levels.
func (l Level) Valid() bool { return validEnum(l, Levels()) }

// ParseLevel reads a level as a spreadsheet writes it: its English code in
// any letter case or its label (also 省级, 市级, 县级, 区级 and the like).
func ParseLevel(s string) (Level, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "国家", "国家级":
		return LevelNational, true
	case "省", "省级", "自治区":
		return LevelProvincial, true
	case "地市", "市", "市级", "地市级":
		return LevelCity, true
	case "区县", "区", "县", "区级", "县级", "区县级":
		return LevelCounty, true
	case "乡镇", "乡镇级", "街道":
		return LevelTownship, true
	}
	l := Level(strings.ToLower(s))
	return l, l.Valid()
}

// HolderCategory is who may hold a license of a type (持证主体类别).
type HolderCategory string

// Holder categories.
const (
	HolderNatural HolderCategory = "natural" // 自然人
	HolderLegal   HolderCategory = "legal"   // 法人 (and other organizations)
	HolderMixed   HolderCategory = "mixed"   // 混合: either
	HolderOther   HolderCategory = "other"   // 其他
)

// HolderCategories lists every holder category.
func HolderCategories() []HolderCategory {
	return []HolderCategory{HolderNatural, HolderLegal, HolderMixed, HolderOther}
}

// Label returns the Chinese label of c.
func (c HolderCategory) Label() string {
	switch c {
	case HolderNatural:
		return "自然人"
	case HolderLegal:
		return "法人"
	case HolderMixed:
		return "混合"
	case HolderOther:
		return "其他"
	}
	return string(c)
}

// Valid reports whether c is one of HolderCategories.
func (c HolderCategory) Valid() bool { return validEnum(c, HolderCategories()) }

// ParseHolderCategory reads a holder category as a spreadsheet writes it.
func ParseHolderCategory(s string) (HolderCategory, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "自然人", "个人":
		return HolderNatural, true
	case "法人", "法人及其他组织", "法人和其他组织", "组织":
		return HolderLegal, true
	case "混合", "自然人和法人", "自然人、法人":
		return HolderMixed, true
	case "其他":
		return HolderOther, true
	}
	c := HolderCategory(strings.ToLower(s))
	return c, c.Valid()
}

// Validity is the range of validity periods a type allows (有效期范围), in
// whole months. Both zero means a license of the type never expires (长期
// 有效): its records have no ValidTo. Otherwise every record has a ValidTo,
// and its period from ValidFrom lies within [MinMonths, MaxMonths]
// (MinMonths may be 0).
type Validity struct {
	MinMonths int
	MaxMonths int
}

// Permanent reports whether v says licenses never expire.
func (v Validity) Permanent() bool { return v.MinMonths == 0 && v.MaxMonths == 0 }

// MaxValidityMonths bounds a validity range: 100 years.
const MaxValidityMonths = 1200

// Type is one license type of the catalog (证照目录, GB/T 36902): what a
// license is called, who defines it and who may hold it.
//
// Code is the type code (证照类型代码): the defining authority's USCC
// (AuthorityCode) followed by a 3-digit sequence. Code and ID never
// change. SingleValid says that a holder has at most one valid license of
// the type at a time (a business license, say, unlike a permit that a
// holder may hold for several sites). Version is 1 when the type is added
// and grows by one with each change, each recorded by the Event of that
// Seq.
type Type struct {
	ID             uuid.UUID
	Code           string `mask:"safe"`
	Name           string `mask:"safe"`
	Authority      string `mask:"safe"` // 定义机构: the authority that defines the type
	AuthorityCode  string `mask:"safe"` // its USCC: the first 18 characters of Code
	Level          Level  `mask:"safe"`
	HolderCategory HolderCategory
	Validity       Validity
	Services       []string `mask:"safe"` // 关联事项: the service items that issue or use it
	Source         string   `mask:"safe"` // 来源清单: the list the type came from
	SingleValid    bool
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// validEnum reports whether v is one of all.
func validEnum[T comparable](v T, all []T) bool {
	for _, a := range all {
		if v == a {
			return true
		}
	}
	return false
}

// checkLine adds a problem naming field when v, already trimmed, is not one
// line of text of at most max characters (required or not).
func checkLine(p *govops.Problems, field, v string, max int, required bool) {
	if govops.CheckText(p, field, v, max, required) && strings.ContainsAny(v, "\t\n\r") {
		p.Add(field, "must be one line, without tabs or line breaks")
	}
}

// lower returns s with ASCII letters in lower case and spaces around it
// trimmed.
func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
