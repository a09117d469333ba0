package idcode_test

import (
	"errors"
	"fmt"

	"github.com/govops-kit/govops/idcode"
)

// A 统一社会信用代码 typed with a wrong check character fails in Strict
// mode; an import of records on file takes it in Warn mode, with a warning
// for a person to review. Any other fault fails in both modes.
func ExampleValidateUSCC() {
	const typed = "91350100M000100Y44"
	_, err := idcode.ValidateUSCC(typed, idcode.Strict)
	fmt.Println(err)

	r, err := idcode.ValidateUSCC(typed, idcode.Warn)
	fmt.Println(err, "/", r.Warning)

	_, err = idcode.ValidateUSCC("91350100I000100Y43", idcode.Warn)
	var e *idcode.Error
	if errors.As(err, &e) {
		fmt.Println(e.Problem, e.Pos, e)
	}
	// Output:
	// 统一社会信用代码: check character is '4', expected '3'
	// <nil> / 统一社会信用代码: check character is '4', expected '3'
	// charset 8 统一社会信用代码: character 'I' at position 9 is not allowed; want a digit or an upper-case letter other than I, O, S, V and Z
}

// A Service that grants electronic licenses builds each identifier from
// the license type code, its own 统一社会信用代码, the serial number and the
// version; the check character is computed. A part with a fault is
// refused, naming the part.
func ExampleNewLicenseID() {
	id, err := idcode.NewLicenseID("11100000000013338W011", "11430000006122244L", "20230000403", "002")
	if err != nil {
		panic(err)
	}
	fmt.Println(id)

	parts, err := idcode.ParseLicenseID(id, idcode.Strict)
	fmt.Println(parts.Issuer, parts.Serial, parts.Version, string(parts.Check), err)

	_, err = idcode.NewLicenseID("11100000000013338W011", "11430000006122244M", "20230000403", "002")
	fmt.Println(err)
	// Output:
	// 1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S
	// 11430000006122244L 20230000403 002 S <nil>
	// 电子证照标识: issuer: check character is 'M', expected 'L'
}

// A 15-digit number of the first generation is valid and marked legacy;
// UpgradeResidentID gives its 18-character form. Both carry the birth
// date.
func ExampleValidateResidentID() {
	r, err := idcode.ValidateResidentID("110105491231002", idcode.Strict)
	fmt.Println(r.Legacy, r.Birth.Format("2006-01-02"), err)

	s18, err := idcode.UpgradeResidentID("110105491231002")
	fmt.Println(s18, err)

	r, err = idcode.ValidateResidentID(s18, idcode.Strict)
	fmt.Println(r.Legacy, r.Birth.Format("2006-01-02"), err)

	_, err = idcode.ValidateResidentID("110105194902290021", idcode.Warn)
	fmt.Println(err)
	// Output:
	// true 1949-12-31 <nil>
	// 11010519491231002X <nil>
	// false 1949-12-31 <nil>
	// 公民身份号码: birth date 19490229 is not a calendar date: 1949-02 has no day 29
}

// Identifiers are validated exactly as given. Input that people type is
// normalized first: spaces around it, full-width characters and
// lower-case letters.
func ExampleNormalize() {
	typed := " ｍ０００１００ｙ－４ "
	_, err := idcode.ValidateOrgCode(typed, idcode.Strict)
	fmt.Println(err)

	s := idcode.Normalize(typed)
	_, err = idcode.ValidateOrgCode(s, idcode.Strict)
	fmt.Println(s, err)
	// Output:
	// 组织机构代码: character 'ｍ' at position 2 is not allowed; want half-width (ASCII) digits and letters
	// M000100Y-4 <nil>
}

// A column of a spreadsheet names the kind of its identifiers; Validate
// dispatches on it.
func ExampleValidate() {
	k, err := idcode.ParseKind("组织机构代码")
	if err != nil {
		panic(err)
	}
	for _, s := range []string{"M000100Y-4", "00000006-X", "00000006-0"} {
		_, err := idcode.Validate(k, s, idcode.Strict)
		fmt.Println(s, err)
	}
	// Output:
	// M000100Y-4 <nil>
	// 00000006-X <nil>
	// 00000006-0 组织机构代码: check character is '0', expected 'X'
}
