package govops

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Personal data (个人信息) is masked by the type that carries it, not by a
// list of fields kept somewhere else. Every exported string field of a
// domain type is personal free text unless its struct tag says otherwise:
//
//	Title    string                       // free text: masked by MaskPersonalText
//	Name     string `mask:"name"`          // a person's name: 张三丰 → 张**
//	Phone    string `mask:"phone"`         // a phone number: 13812341234 → 138****1234
//	Note     string `mask:"omit"`          // left out whole for a reader who may not see it
//	Number   string `mask:"safe"`          // not personal: a case number, a code, a status
//
// Mask projects a value for a reader who may not see its personal data. It
// walks structs, pointers, slices, arrays, maps and interfaces, so a field
// added to a type later is masked the day it is added unless its author
// marks it safe. A struct field tagged safe is kept whole, with everything
// inside it.
//
// Free text is masked twice over: every run of digits that may be a phone
// or an ID number (MaskPersonalText), and every occurrence of the record's
// own personal values, the names and phones of its fields tagged name or
// phone ("李四反映…" becomes "李*反映…" when the reporter is 李四), plus any
// the caller knows of (a deduction names a case whose reporter it does not
// hold).

// The values of the mask tag.
const (
	MaskTagText  = "text"  // personal free text (the default)
	MaskTagName  = "name"  // a person's name
	MaskTagPhone = "phone" // a phone number
	MaskTagOmit  = "omit"  // left out for a reader who may not see it
	MaskTagSafe  = "safe"  // not personal data
)

type maskRule uint8

const (
	ruleText maskRule = iota
	ruleName
	rulePhone
	ruleOmit
	ruleSafe
)

// Mask returns a copy of v with its personal data masked as its types'
// mask tags say; v itself and everything it points to are left unchanged.
// known lists more personal values (names, phones) to mask wherever they
// occur in free text, beyond those v's own name and phone fields hold.
// Mask panics if a mask tag holds an unknown value: that is a programming
// error that a test of the type finds at once.
func Mask[T any](v T, known ...string) T {
	rv := reflect.ValueOf(&v).Elem()
	m := masker{}
	m.collect(rv, ruleText)
	for _, k := range known {
		m.add(k, ruleText)
	}
	m.sortKnown()
	m.mask(rv, ruleText)
	return v
}

// MaskName keeps the first character of a name and stars the rest
// ("张三丰" → "张**"); a one-character name is starred whole.
func MaskName(n string) string {
	if n == "" {
		return ""
	}
	if utf8.RuneCountInString(n) == 1 {
		return "*"
	}
	first, size := utf8.DecodeRuneInString(n)
	return string(first) + strings.Repeat("*", utf8.RuneCountInString(n[size:]))
}

// MaskPhone keeps the first three and last four characters of a phone
// number and stars the rest ("13812341234" → "138****1234"). Numbers shorter
// than eleven characters keep only their last two.
func MaskPhone(p string) string {
	r := []rune(p)
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 11:
		return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
	case len(r) > 2:
		return strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
	default:
		return strings.Repeat("*", len(r))
	}
}

// MaskPersonalText returns s with every resident ID and phone number in it
// masked, and every occurrence of the known values (names, phones): a
// number keeps its first three and last four characters, the rest become
// asterisks ("13812341234" → "138****1234"); a known name keeps its first
// character ("李四" → "李*"). It serves readers who may see a record but not
// the personal data that its free text may quote. Known values shorter than
// two characters are ignored: masking every 李 in a text protects nobody.
func MaskPersonalText(s string, known ...string) string {
	m := masker{}
	for _, k := range known {
		m.add(k, ruleText)
	}
	m.sortKnown()
	return m.text(s)
}

// personalPattern finds the personal data that free text (a description, a
// reply, a note) may quote: any run of seven or more digits, ASCII or
// full-width (a mobile or landline number, a resident ID of 15 or 18
// characters with its X check character), and a landline written with its
// area code and a dash. It errs on the side of masking: a long order number
// is starred too. A compiled Regexp is immutable and safe for concurrent use.
var personalPattern = regexp.MustCompile(`[0-9０-９]{6,}[0-9０-９XxＸｘ]|[0-9０-９]{3,4}[-－][0-9０-９]{7,8}`)

// maskDigits masks one match of personalPattern by characters, so that a
// full-width number keeps as many characters as it had.
func maskDigits(m string) string {
	r := []rune(m)
	if len(r) <= 7 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// masker holds the personal values of one record while Mask walks it.
type masker struct {
	known []knownValue // longest first, so that 李四光 is masked before 李四
}

// knownValue is a personal value to mask wherever free text quotes it, and
// how: as the rule of the field it came from, or (ruleText, for a value a
// caller passed) by its look.
type knownValue struct {
	v    string
	rule maskRule
}

func (m *masker) add(v string, rule maskRule) {
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) < 2 || slices.ContainsFunc(m.known, func(k knownValue) bool { return k.v == v }) {
		return
	}
	m.known = append(m.known, knownValue{v, rule})
}

func (m *masker) sortKnown() {
	slices.SortStableFunc(m.known, func(a, b knownValue) int { return len(b.v) - len(a.v) })
}

// text masks free text: the known values first (a phone among them is
// masked as a phone), then any number left.
func (m *masker) text(s string) string {
	for _, k := range m.known {
		if strings.Contains(s, k.v) {
			s = strings.ReplaceAll(s, k.v, k.masked())
		}
	}
	if !strings.ContainsAny(s, "0123456789０１２３４５６７８９") {
		return s
	}
	return personalPattern.ReplaceAllStringFunc(s, maskDigits)
}

// masked masks k as the field it came from is masked: a name as a name
// (even one that is mostly digits, which as a phone would keep its first
// three characters), a phone as a phone, and a value given by a caller by
// its look (maskKnown).
func (k knownValue) masked() string {
	switch k.rule {
	case ruleName:
		return MaskName(k.v)
	case rulePhone:
		return MaskPhone(k.v)
	}
	return maskKnown(k.v)
}

// maskKnown masks a known value as a phone if it is mostly digits, else as
// a name.
func maskKnown(k string) string {
	digits := 0
	for _, r := range k {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits*2 > utf8.RuneCountInString(k) {
		return MaskPhone(k)
	}
	return MaskName(k)
}

// collect gathers the values of the name and phone fields inside v.
func (m *masker) collect(v reflect.Value, rule maskRule) {
	switch v.Kind() {
	case reflect.String:
		if rule == ruleName || rule == rulePhone {
			m.add(v.String(), rule)
		}
	case reflect.Struct:
		for _, f := range fieldsOf(v.Type()) {
			if f.rule != ruleSafe && f.rule != ruleOmit {
				m.collect(v.Field(f.index), f.rule)
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			m.collect(v.Elem(), rule)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			m.collect(v.Index(i), rule)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			m.collect(iter.Value(), rule)
		}
	}
}

// mask rewrites v, which is settable and holds a copy, in place: every
// pointer, slice and map on the way is replaced by a masked copy, so the
// caller's value is never written to.
func (m *masker) mask(v reflect.Value, rule maskRule) {
	if rule == ruleSafe {
		return
	}
	if rule == ruleOmit {
		v.SetZero()
		return
	}
	switch v.Kind() {
	case reflect.String:
		switch rule {
		case ruleName:
			v.SetString(MaskName(v.String()))
		case rulePhone:
			v.SetString(MaskPhone(v.String()))
		default:
			v.SetString(m.text(v.String()))
		}
	case reflect.Struct:
		for _, f := range fieldsOf(v.Type()) {
			m.mask(v.Field(f.index), f.rule)
		}
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(v.Elem())
		m.mask(c.Elem(), rule)
		v.Set(c)
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Elem().Type()).Elem()
		c.Set(v.Elem())
		m.mask(c, rule)
		v.Set(c)
	case reflect.Slice:
		if v.IsNil() || v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			m.mask(c.Index(i), rule)
		}
		v.Set(c)
	case reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			m.mask(v.Index(i), rule)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			m.mask(e, rule)
			c.SetMapIndex(iter.Key(), e)
		}
		v.Set(c)
	}
}

// maskField is one exported field of a struct type and its rule.
type maskField struct {
	index int
	rule  maskRule
}

var maskPlans sync.Map // reflect.Type → []maskField

// fieldsOf returns the exported fields of struct type t with their rules,
// computed once per type. A field without a tag inherits nothing: it is
// free text.
func fieldsOf(t reflect.Type) []maskField {
	if p, ok := maskPlans.Load(t); ok {
		return p.([]maskField)
	}
	var fs []maskField
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		r := ruleText
		switch tag := sf.Tag.Get("mask"); tag {
		case "", MaskTagText:
		case MaskTagName:
			r = ruleName
		case MaskTagPhone:
			r = rulePhone
		case MaskTagOmit:
			r = ruleOmit
		case MaskTagSafe:
			r = ruleSafe
		default:
			panic("govops: field " + t.String() + "." + sf.Name + " has an unknown mask tag " + `"` + tag + `"`)
		}
		if r == ruleText && !holdsText(sf.Type, map[reflect.Type]bool{}) {
			continue // numbers, times, UUIDs, decimals: nothing to mask
		}
		fs = append(fs, maskField{index: i, rule: r})
	}
	maskPlans.Store(t, fs)
	return fs
}

// holdsText reports whether a value of type t may hold a string Mask would
// rewrite.
func holdsText(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.String, reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		if t.Kind() != reflect.Pointer && t.Elem().Kind() == reflect.Uint8 {
			return false
		}
		return holdsText(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("mask") != MaskTagSafe && holdsText(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// MaskFor returns v as by reads it: masked (Mask) when by may not see the
// personal data of unit dept ("" for a record of the center's).
func MaskFor[T any](by Actor, dept string, v T) T {
	if by.SeesPersonalData(dept) {
		return v
	}
	return Mask(v)
}
