// Package csvimport reads the CSV files that govops domains import
// (callbacks, outcomes, license records, shared data sets, …), so that
// every domain reads headers, encodings and bad rows the same way and
// answers with the same report.
//
// A domain describes its file as Columns: each Column has an English name
// (case_number), the aliases a spreadsheet may use instead (案件编号), and
// whether it is required. NewReader reads the header line at once: an
// unknown or repeated column, or a missing required one, makes the whole
// file invalid, with an EINVALID error that names each bad header cell
// ("header[2]") or missing column, since no row can be read without it.
// Columns may come in any order.
//
// Rows are then read one at a time (Reader.Rows, or Parse to turn each
// into a value), so a file is never held in memory as a whole. Each Row
// knows the line its record starts on, the header being line 1, and gives
// its values by column name. A record that cannot be read as a row (bad
// quoting, the wrong number of fields, bytes that are not text) is a bad
// row, not the end of the import: every problem of every bad row is
// reported as a RowError naming its line, its column and what to fix, and
// the rows after it are read as usual.
//
// # Encodings
//
// A file may be UTF-8, with or without a byte order mark, or GB18030, which
// includes GBK and GB2312 and is what Excel on a Chinese Windows writes
// when it saves "CSV (逗号分隔)". WithEncoding chooses one; otherwise it is
// detected from the first SniffSize bytes (64 KiB), so that detection
// works on a stream:
//
//   - a UTF-8 byte order mark means UTF-8, and a GB18030 one GB18030;
//   - a UTF-16 byte order mark makes the file invalid (save it as CSV);
//   - otherwise a prefix that is valid UTF-8 means UTF-8, and so does one
//     that is UTF-8 but for a few stray bytes (at most one for every ten
//     valid multi-byte characters; in GB18030 text, bytes that are not
//     UTF-8 outnumber the pairs that happen to be);
//   - any other prefix means GB18030.
//
// A file read as UTF-8 that holds other bytes (a stray byte, a file pasted
// together from two sources, one whose first 64 KiB are all ASCII and whose
// Chinese text further on is GB18030) yields a bad row for each field that
// holds them, naming its column, never text decoded wrongly. Likewise a
// field of a GB18030 file whose bytes are not GB18030 is a bad row, rather
// than text with replacement characters in it. What cannot be told apart
// is UTF-8 text inside a file read as GB18030, since most UTF-8 bytes are
// also valid GB18030: a file should be saved in one encoding, and a caller
// who knows it chooses it.
//
// # Reports
//
// A Report tells what an import did: the rows read, the rows written, and
// every problem sorted by row. An import runs in a Mode: AllOrNothing
// writes nothing unless every row is good, and KeepGood writes the good
// rows and reports the bad ones. Report.Err gives the error an
// all-or-nothing import with bad rows ends with.
package csvimport
