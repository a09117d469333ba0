// Package security is the district's network security work (网络安全保障),
// as a network service center keeps it (seed §七):
//
//   - emergency plans (应急预案) with the national incident grades I–IV and
//     their response levels, approved and superseded by revision;
//   - drills (应急演练) of those plans, with their findings and follow-up
//     actions, and a compliance check that flags every approved plan not
//     drilled within a period (12 months by default);
//   - self-inspections (自查) against a checklist of GB/T 22239-2019
//     (等级保护 2.0) controls: a built-in one for identity checks and access
//     control, which users extend;
//   - hardening records (加固记录): what was found on an asset (a weak, empty
//     or default password, an exposed service, a missing patch), where it
//     was found (a self-inspection, an exercise or a drill), how it was
//     remediated and who verified it, with a re-test that reopens it;
//   - attack-defense exercises (攻防演练): the attacks detected, blocked and
//     detected early, and findings that become hardening records in one
//     step;
//   - incidents (网络安全事件) by the national plan's type, grade and warning
//     colour, with the time each took to report, contain and resolve;
//   - a password policy checker for audits (CheckPassword): length,
//     character classes, a blocklist of common and default device
//     passwords, and a zxcvbn strength score.
//
// A credential is never stored, logged or echoed back. No type of this
// package holds one; free text that writes one out ("口令：Admin@123",
// "password=…") is refused naming its field, and CredentialField finds a
// field named like one at any depth of a decoded body, so that a server
// refuses it before it reaches the Service.
//
// The Service holds every rule; a Store (see store.go) only persists. The
// in-memory Store is securitymem, the SQL one securitybun, and
// security/storetest is the conformance suite an adapter proves itself with.
package security
