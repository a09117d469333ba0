// Package annual computes a district e-government center's year-end work
// summary (年度工作情况总结) from the data its domains keep: the extranet,
// licenses and data sharing, the command platform, the 12345 hotline, the
// portal and new media, IT operations and security, in the order of the
// centre's own report.
//
// Build reads only what is stored, through the domain Services and with the
// caller's actor, so a department's actor gets the report of its own
// department and a center's real data gives its real report. Every Figure
// says how it was counted (its numerator, denominator and rule) and links to
// the API query that lists its records.
//
// Unlike a domain package, annual imports the domains it summarizes: it is
// a reader over all of them, as refserver is their server.
package annual
