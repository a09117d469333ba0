// Package license is the electronic-license catalog (电子证照) of a
// district: the license types it knows, which department issues each, the
// layout templates and face-data schemas of each type, the license records
// the departments upload, and the coverage report that says what is still
// unknown (底数不清).
//
// # The catalog
//
// A Type (GB/T 36902 catalog fields) is keyed by its type code: the USCC of
// the authority that defines it and a 3-digit sequence. The center adds
// types one by one (AddType) or from the master list (ImportTypes, CSV in
// UTF-8 or GB18030, every bad row reported).
//
// A department claims (认领, FileClaim) the types it issues, declaring how
// many records it holds, or files an explanation (情况说明) for a type it
// does not issue. A type with neither is unclaimed. A department acts only
// for itself; the center acts for any department and sees every claim.
//
// Each claimed type gets its layout template (版式文件, UploadTemplate):
// OFD or PDF, recognised by content, stored with its SHA-256 and size,
// versioned as revisions, draft until the center approves one
// (ApproveTemplate), which supersedes the revision approved before. Its
// face-data schema (照面信息, SetSchema) lists the fields a record's face
// data may hold, with their types, patterns and code lists.
//
// # Records
//
// A Record (GB/T 36903 metadata) is one license: its GB/T 36904 identifier,
// number, dates, issuer, holder and face data. The holder code is checked
// by its national rule through package idcode (a USCC, a resident ID…), and
// the identifier by its ISO 7064 MOD 37,36 check character; the Service
// issues identifiers with correct check characters (IssueIdentifier) for
// records that come without one. Imports may run in idcode.Warn mode, which
// keeps early codes whose check characters fail, with a warning per row.
//
// A record's state (有效, 暂扣, 撤销, 注销, 失效, 吊销) changes through
// Transition, as one rule table says (see Allowed), each change an event;
// Reissue cancels a license and writes its successor in one step, linked
// by Previous. A type may allow one valid license per holder (SingleValid):
// the Store enforces it, so that concurrent writers cannot both succeed.
//
// ImportRecords streams a CSV or JSON lines file of any size: rows are read,
// checked against the catalog and written in chunks inside one Store
// import, and become visible together when it commits, all or nothing or
// keeping the good rows. A record's creation is recorded on the record
// itself, with its import batch, so that an import writes one row per
// license; RecordEvents returns the whole trail.
//
// # Coverage
//
// Coverage reports the types known, claimed, explained and unclaimed; with
// an approved template, a schema and records; each department's records
// against its declared counts; and a risk list naming exactly which type
// and which department is unknown, and why.
//
// # Storage
//
// Store is the persistence contract; licensemem keeps it in memory and
// licensebun in SQLite, PostgreSQL or MySQL. An integrator's adapter proves
// itself with the suite in license/storetest.
package license
