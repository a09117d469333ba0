package datashare

import (
	"fmt"
	"slices"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
)

// Limits of the fields of a catalog entry.
const (
	// MaxNameLen bounds a name (an entry's, a provider's), in characters.
	MaxNameLen = 200
	// MaxTextLen bounds free text (a summary, a condition, a legal basis,
	// a reason), in characters.
	MaxTextLen = 2000
	// MaxSubFormatLen bounds a sub-format (xls, mysql, …), in characters.
	MaxSubFormatLen = 50
	// MaxItems bounds the data items of an entry.
	MaxItems = 64
	// MaxItemNameLen bounds an item's name, in characters: it is a column
	// header and a JSON key.
	MaxItemNameLen = 64
	// MaxItemLength bounds the Length of a string item, in characters.
	MaxItemLength = 65535
	// MaxRelated bounds the related codes of an entry.
	MaxRelated = 100
	// MaxBulkCatalogs bounds the entries CreateCatalogs takes at once.
	MaxBulkCatalogs = 5000
)

// CatalogInput is what CreateCatalog and UpdateCatalog take: every field
// of an entry that people write. The Service sets the rest (ID, status,
// version, times, the publish date).
type CatalogInput struct {
	// Code is the resource code (see ParseCode); it never changes once
	// the entry exists, so UpdateCatalog takes it empty or unchanged.
	Code string
	Name string
	// Department is the providing department's directory code; a
	// department cataloging its own resources may leave it out.
	Department   string
	Provider     string
	ProviderCode string
	Summary      string
	// Class may be left out: the first digit of Code gives it. When set
	// it must agree with that digit.
	Class     Class
	Format    Format
	SubFormat string
	Items     []Item
	Key       []string
	ShareType ShareType
	// Condition and LegalBasis are required unless ShareType is
	// ShareUnconditional.
	Condition   string
	LegalBasis  string
	ShareMethod ShareMethod
	Open        OpenType
	// OpenCondition is required when Open is OpenConditional.
	OpenCondition string
	Cycle         Cycle
	Related       []string
	// IfVersion, when not zero, is the version UpdateCatalog expects the
	// entry at (ECONFLICT otherwise). CreateCatalog ignores it.
	IfVersion int64
}

// normalize trims the spaces around every text field and the provider
// code as idcode.Normalize does (full-width characters made ASCII, letters
// upper-case), since people paste it from other documents.
func (in *CatalogInput) normalize() {
	for _, f := range []*string{&in.Code, &in.Name, &in.Department, &in.Provider, &in.Summary, &in.SubFormat,
		&in.Condition, &in.LegalBasis, &in.OpenCondition} {
		*f = strings.TrimSpace(*f)
	}
	in.ProviderCode = idcode.Normalize(in.ProviderCode)
	in.Items = slices.Clone(in.Items)
	for i := range in.Items {
		in.Items[i].Name = strings.TrimSpace(in.Items[i].Name)
	}
	in.Key = slices.Clone(in.Key)
	for i := range in.Key {
		in.Key[i] = strings.TrimSpace(in.Key[i])
	}
	in.Related = slices.Clone(in.Related)
	for i := range in.Related {
		in.Related[i] = strings.TrimSpace(in.Related[i])
	}
	if in.Class == "" {
		if c, err := ParseCode(in.Code); err == nil {
			in.Class = c.Class
		}
	}
}

// problems adds to p every problem of in's fields, each named with prefix
// before the field ("catalogs[2]." in a bulk creation). The department is
// checked by the caller, who knows who writes.
func (in *CatalogInput) problems(p *govops.Problems, prefix string) {
	f := func(name string) string { return prefix + name }
	code, codeErr := ParseCode(in.Code)
	if codeErr != nil {
		p.Add(f("code"), govops.ErrorFields(codeErr)["code"])
	}
	checkLine(p, f("name"), in.Name, MaxNameLen, true)
	checkLine(p, f("provider"), in.Provider, MaxNameLen, true)
	if in.ProviderCode == "" {
		p.Add(f("provider_code"), "is required: the providing department's unified social credit code (统一社会信用代码, 18 characters)")
	} else if _, err := idcode.Validate(idcode.KindUSCC, in.ProviderCode, idcode.Strict); err != nil {
		p.Addf(f("provider_code"), "%s is not a unified social credit code: %v", quoteCut(in.ProviderCode), err)
	}
	govops.CheckText(p, f("summary"), in.Summary, MaxTextLen, true)
	switch {
	case in.Class == "" && codeErr != nil:
		// The code's problem says it all: the class comes from it.
	case !in.Class.Valid():
		p.Addf(f("class"), "unknown class %s: use %s", quoteCut(string(in.Class)), choices(Classes()))
	case codeErr == nil && in.Class != code.Class:
		p.Addf(f("class"), "is %s (%s), but code %s begins with %c, which is %s (%s): make them agree",
			in.Class, in.Class.Label(), in.Code, in.Code[0], code.Class, code.Class.Label())
	}
	if !in.Format.Valid() {
		p.Addf(f("format"), "unknown format class %s: use %s", quoteCut(string(in.Format)), choices(Formats()))
	}
	checkLine(p, f("sub_format"), in.SubFormat, MaxSubFormatLen, false)
	in.itemProblems(p, prefix)
	in.shareProblems(p, prefix)
	if !in.Cycle.Valid() {
		p.Addf(f("cycle"), "unknown update cycle %s: use %s", quoteCut(string(in.Cycle)), choices(Cycles()))
	}
	if len(in.Related) > MaxRelated {
		p.Addf(f("related"), "has %d codes: at most %d", len(in.Related), MaxRelated)
	}
	for i, r := range in.Related {
		field := f(fmt.Sprintf("related[%d]", i))
		if _, err := ParseCode(r); err != nil {
			p.Add(field, govops.ErrorFields(err)["code"])
		} else if r == in.Code {
			p.Add(field, "is the entry's own code: list the codes of other resources")
		} else if j := slices.Index(in.Related, r); j < i {
			p.Addf(field, "repeats related[%d]", j)
		}
	}
	govops.CheckIfVersion(p, in.IfVersion)
}

// itemProblems adds the problems of in's items and key to p.
func (in *CatalogInput) itemProblems(p *govops.Problems, prefix string) {
	switch {
	case len(in.Items) == 0:
		p.Add(prefix+"items", "an entry has at least one data item (信息项): the columns of the data mounted into it")
	case len(in.Items) > MaxItems:
		p.Addf(prefix+"items", "has %d items: at most %d", len(in.Items), MaxItems)
	}
	for i, it := range in.Items {
		f := func(name string) string { return fmt.Sprintf("%sitems[%d].%s", prefix, i, name) }
		if checkLine(p, f("name"), it.Name, MaxItemNameLen, true) {
			// A CSV header matches a name whatever its case, so two
			// names that differ only in case could not be told apart.
			if j := slices.IndexFunc(in.Items[:i], func(o Item) bool { return strings.EqualFold(o.Name, it.Name) }); j >= 0 {
				p.Addf(f("name"), "repeats the name of items[%d] (%s): item names are unique, whatever their letter case", j, quoteCut(in.Items[j].Name))
			}
		}
		if !it.Type.Valid() {
			p.Addf(f("type"), "unknown data type %s: use %s", quoteCut(string(it.Type)), choices(ItemTypes()))
		}
		if it.Length < 0 || it.Length > MaxItemLength {
			p.Addf(f("length"), "is %d: a length is 0 (no bound) to %d characters", it.Length, MaxItemLength)
		}
		if it.ID != "" {
			switch {
			case !slices.Contains(idcode.Kinds(), it.ID):
				p.Addf(f("id"), "unknown identifier %s: use %s", quoteCut(string(it.ID)), idKinds())
			case it.Type != TypeString:
				p.Addf(f("id"), "applies to string items only: a %s is text, make the item's type string", it.ID.Label())
			}
		}
	}
	for i, k := range in.Key {
		field := fmt.Sprintf("%skey[%d]", prefix, i)
		switch j := slices.Index(in.Key, k); {
		case k == "":
			p.Add(field, "is empty: name an item")
		case !slices.ContainsFunc(in.Items, func(it Item) bool { return it.Name == k }):
			p.Addf(field, "%s is not one of the entry's items", quoteCut(k))
		case j < i:
			p.Addf(field, "repeats key[%d]", j)
		}
	}
}

// shareProblems adds the problems of in's share and open attributes to p.
func (in *CatalogInput) shareProblems(p *govops.Problems, prefix string) {
	if !in.ShareType.Valid() {
		p.Addf(prefix+"share_type", "unknown share type %s: use %s", quoteCut(string(in.ShareType)), choices(ShareTypes()))
	}
	need := in.ShareType.Valid() && in.ShareType != ShareUnconditional
	why := "is required for " + in.ShareType.Label()
	govops.CheckText(p, prefix+"condition", in.Condition, MaxTextLen, false)
	if need && in.Condition == "" {
		p.Add(prefix+"condition", why+": the condition a consumer must meet, or why it is not shared")
	}
	govops.CheckText(p, prefix+"legal_basis", in.LegalBasis, MaxTextLen, false)
	if need && in.LegalBasis == "" {
		p.Add(prefix+"legal_basis", why+": the law or rule it rests on")
	}
	switch {
	case in.ShareMethod == "" && in.ShareType == ShareNone:
	case !in.ShareMethod.Valid():
		p.Addf(prefix+"share_method", "unknown share method %s: use %s", quoteCut(string(in.ShareMethod)), choices(ShareMethods()))
	}
	if !in.Open.Valid() {
		p.Addf(prefix+"open", "unknown open attribute %s: use %s", quoteCut(string(in.Open)), choices(OpenTypes()))
	}
	govops.CheckText(p, prefix+"open_condition", in.OpenCondition, MaxTextLen, false)
	if in.Open == OpenConditional && in.OpenCondition == "" {
		p.Add(prefix+"open_condition", "is required for 有条件开放: the condition of the opening")
	}
}

// idKinds lists the identifier kinds for a message.
func idKinds() string {
	ks := idcode.Kinds()
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = string(k) + " (" + k.Label() + ")"
	}
	return strings.Join(parts, ", ")
}

// checkLine adds a problem naming field when v, already trimmed, is not one
// line of text of at most max characters (required or not). It reports
// whether v passed.
func checkLine(p *govops.Problems, field, v string, max int, required bool) bool {
	if !govops.CheckText(p, field, v, max, required) {
		return false
	}
	if strings.ContainsAny(v, "\t\n\r") {
		p.Add(field, "must be one line, without tabs or line breaks")
		return false
	}
	return true
}

// catalogOf returns the entry in describes, as it stands before the
// Service stamps it.
func catalogOf(in *CatalogInput) Catalog {
	return Catalog{Code: in.Code, Name: in.Name, Department: in.Department, Provider: in.Provider,
		ProviderCode: in.ProviderCode, Summary: in.Summary, Class: in.Class, Format: in.Format,
		SubFormat: in.SubFormat, Items: slices.Clone(in.Items), Key: slices.Clone(in.Key), ShareType: in.ShareType,
		Condition: in.Condition, LegalBasis: in.LegalBasis, ShareMethod: in.ShareMethod, Open: in.Open,
		OpenCondition: in.OpenCondition, Cycle: in.Cycle, Related: slices.Clone(in.Related)}
}
