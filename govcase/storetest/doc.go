// Package storetest is the conformance suite for govcase.Store
// implementations.
//
// Every store that ships with govcase runs it, and so should yours: the
// example of RunConformanceTests shows a harness and the test that runs the
// suite over it.
//
// The suite builds cases and events itself, without the Service, because a
// Store holds no business rule: it only has to keep what it is given and
// answer queries about it exactly. The suite checks:
//
//   - every Case, Event and RoutingRule field round-trips (an event's
//     Attachments included), zero times staying zero, with times at
//     microsecond precision (that of MySQL's DATETIME(6)) compared by
//     instant, so a store may return them in any location;
//   - the error codes: ENOTFOUND for unknown cases and rules, ECONFLICT for
//     a duplicate ID or number and for a stale Version;
//   - optimistic locking: exactly one of many concurrent writers of the same
//     version wins, and a losing write leaves neither case nor events
//     changed;
//   - atomic "update the case and append its events", failure included,
//     and seen from outside: readers running beside a writer never find a
//     case without the events of its version, or an event ahead of its
//     case;
//   - event IDs unique across every case: a taken one is ECONFLICT and
//     stores nothing;
//   - per-year sequence numbers that never repeat under concurrency;
//   - every Filter field against a brute-force reference, keyset pagination
//     with and without concurrent inserts;
//   - CaseStats against a brute-force count over a randomized fixture: its
//     groups in any order, handling time truncated case by case, and a
//     year that is the case's Year (counted in Asia/Shanghai), not that of
//     CreatedAt in UTC;
//   - every method failing on a cancelled context, without writing.
//
// The suite assumes nothing about a database beyond what the Store contract
// says: IDs are compared in byte order (which is also the order of their
// lower-case text form), and stored text is compared byte for byte (Filter.Text
// is a case-sensitive substring match in which %, _ and \ are ordinary
// characters).
//
// RunBenchmarks measures the hot paths of a store: creating cases, reading
// one, listing a filtered page and computing statistics.
//
// Each case of the suite is a method of the type cases named Test…, found
// by its name (see internal/storetestkit.Run), so a new case needs no list
// to be added to. The suite's own test runs it over stores that each break
// one rule and requires that the case meant for that rule, and only it,
// fails.
package storetest
