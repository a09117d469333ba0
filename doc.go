// Package govops is the shared vocabulary of the govops library: the error
// codes that every domain package and storage adapter returns, and the
// working-day calendar (工作日历) that government deadlines are counted on.
//
// The domains live in their own packages (govcase, hotline, license,
// datashare, netops, security, portal). Each has a Service that holds every
// business rule and a Store interface that an adapter implements; the
// reference server in refserver wires them together over HTTP.
package govops
