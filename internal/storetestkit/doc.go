// Package storetestkit is what every conformance suite of a domain Store
// shares. It holds no domain rule: a domain's storetest package builds its
// fixtures and states its rules, and leaves the rest to the kit.
//
//   - Run is the harness runner: the suite's cases are the Test… methods of
//     a value, each run over a fresh store; the harness is closed at the
//     end, a case for an optional capability the harness does not declare is
//     skipped with the reason, and the conformance marker is left for CI
//     when the suite passes on a dialect. OpenHarness does the same for
//     benchmarks.
//   - Diff and RequireEqual compare stored values as a store must keep them:
//     times by instant, decimals by value, nil and empty slices alike, with
//     each difference named by its path (".Events[2].Note").
//   - RequireGroups compares the groups of an aggregate that a Store may
//     return in any order (the Service sorts them), each group once.
//   - Must, MustCode, NewID, CompareID, Micro, Cancelled and Scale are the
//     small helpers every case uses.
//   - RequireCancelled, RequireOneWinner, RequireAtomicTrail and
//     RequireUniqueEventIDs check the rules that every Store contract states
//     in the same words: a cancelled call fails, one of many writers of a
//     version wins, an aggregate is never seen apart from the events of its
//     version, and an event ID is stored once. A domain describes its
//     aggregate with its events once, as a Trail, for the last two.
//   - RequireCaught proves a suite's own cases: it runs the suite over
//     stores that break one rule each and requires that exactly the case
//     meant for that rule fails. TwoStepEvents and AliasedEventIDs build
//     such stores out of correct ones.
package storetestkit
