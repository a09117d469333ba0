// Package govops is the shared vocabulary of the govops library: the error
// codes that every domain package and storage adapter returns, the one
// contract every domain Service follows, the working-day calendar (工作日历)
// that government deadlines are counted on, and the masking of personal data
// (个人信息).
//
// Every domain has the same outside shape, so that an integrator who knows
// one knows them all:
//
//   - every Service method takes (ctx, by Actor, …), reads included, and
//     enforces what the Actor may do and see (Actor.MaySee, Actor.Scope,
//     Actor.CenterOnly, Actor.SeesPersonalData);
//   - an aggregate that changes carries Version int64, and every input that
//     changes one IfVersion int64; a stale one is ECONFLICT;
//   - a listing returns a Page with an opaque cursor, 50 by default and at
//     most 500 (CheckLimit, NewPage);
//   - a reference is a string, an ID or a human number (ParseRef, Resolve);
//   - a rate is a Rate: its numerator, denominator and a percentage rounded
//     half-up to 2 places, null over nothing;
//   - history is a trail of Event values, one per version;
//   - bad input is EINVALID naming every bad field (Problems, CheckText,
//     CheckCode, CheckNumber, CheckTime, CheckPeriod);
//   - times are UTC in every type and store; the reference server shows them
//     in Asia/Shanghai (+08:00).
//
// The calendar never stops work at a year's end. Each year has a source
// (Calendar.Coverage): the State Council's notice as github.com/6tail/lunar-go
// carries it (SourceOfficial, 2002 to the last notice the linked version
// holds), a notice the district loaded itself (SourceOverride), or, for a
// later year whose notice is not out yet, a provisional calendar of the
// statutory holidays with no 调休 (SourceProvisional, ProvisionalFrom to
// ProvisionalThrough). A deadline counted across a provisional year is
// flagged by the domain that stores it and recomputed once the year's
// notice is loaded; a district's own overrides (a local holiday) apply on
// top of any source. Tables can be replaced at run time (Calendar.SetTables),
// so a server picks up a new notice without a restart.
//
// Personal data is masked by the type that carries it (Mask). Every exported
// string field of a domain type is personal free text unless its struct tag
// says otherwise (`mask:"safe"` for codes, statuses and staff names;
// `mask:"name"` and `mask:"phone"` for a person's name and number;
// `mask:"omit"` for text left out whole). A Service passes a record through
// Mask before a reader who may not see its personal data gets it, so a
// field added later is masked the day it is added, and the names and phones
// a record holds are masked wherever its own free text quotes them. A
// search by such a reader must run on what it sees: govcase keeps a masked
// projection of each case for that (Case.SearchText).
//
// The domains live in their own packages (govcase, hotline, license,
// datashare, netops, security, portal). Each has a Service that holds every
// business rule and a Store interface that an adapter implements; the
// reference server in refserver wires them together over HTTP.
package govops
