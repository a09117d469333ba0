// Package idcode validates the national identifiers that government data
// is keyed on, and computes their check characters, so that a Service can
// refuse a mistyped code at the door and give out codes of its own.
//
// Its functions are pure and use the standard library only; it imports no
// other govops package, so that every domain can import it.
//
// # Identifiers
//
//   - 统一社会信用代码 (unified social credit identifier, GB 32100-2015),
//     KindUSCC: 18 digits and upper-case letters but I, O, S, V and Z, the
//     administrative division at positions 3 to 8, a check character
//     modulo 31. ValidateUSCC, USCCCheck.
//   - 组织机构代码 (organization code, GB 11714-1997), KindOrgCode: 8
//     digits or upper-case letters and a check character modulo 11 (a
//     digit or X), with or without the hyphen before it. ValidateOrgCode,
//     OrgCodeCheck.
//   - 公民身份号码 (citizen identification number, GB 11643-1999),
//     KindResidentID: region, birth date, sequence and a check character
//     by ISO 7064 MOD 11-2; the 15-digit numbers of the first generation
//     are recognised as legacy. ValidateResidentID, ResidentIDCheck,
//     UpgradeResidentID.
//   - 电子证照标识 (electronic license identifier, GB/T 36904-2018),
//     KindLicenseID: 1.2.156.3005.2, the license type code, the issuer's
//     统一社会信用代码, serial number, version and a check character by ISO
//     7064 MOD 37,36. ValidateLicenseID, ParseLicenseID, NewLicenseID,
//     LicenseIDCheck.
//
// Validate dispatches on a Kind, for callers that hold the kind as data.
//
// # Modes
//
// Every validator takes a Mode. In Strict mode (the zero value) a wrong
// check character is an error, like any other fault. In Warn mode an
// identifier whose only fault is a check character is accepted, and
// Result.Warning describes the fault; a wrong length, a character not
// allowed where it stands, a broken structure or a birth date that is not
// a date fail in Warn mode too.
//
// Warn mode exists for imports of what is already on record. Codes
// assigned early, before systems computed check characters, and records
// typed by hand years ago, carry check characters that fail, and they are
// still the codes those organisations and people are known by: an import
// must take them, with a warning a person can review, rather than drop the
// record. New input, typed today, is checked in Strict mode.
//
// # Errors and input
//
// Every error is an *Error: its Kind, its Problem (length, charset,
// format, date, check), the position of the offending character, and for a
// check fault the character found and the one expected. Its message reads
// "统一社会信用代码: check character is 'X', expected '3'".
//
// Input is taken exactly as given: no spaces are trimmed and no letters
// folded, so a lower-case letter is an error naming its position. Callers
// that read what people type use Normalize first.
//
// The validators do not allocate on the valid path.
package idcode
