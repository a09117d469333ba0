// Package netops is the district's e-government extranet (电子政务外网) and
// its IT operations (运维), as a network service center keeps them:
//
//   - the inventory: the network profile of each unit of the directory
//     (the site it sits in), sites and their rooms (机房, meeting rooms),
//     access links modelled like a NetBox circuit, with their IP prefixes
//     and a status lifecycle, the business private networks (非涉密业务专网)
//     with their interconnection to the extranet, and the equipment
//     register;
//   - the campaign that revokes every self-built internet line (自建互联网
//     专线), and the coverage of the extranet (connected units over all
//     units, by kind);
//   - migrations of a unit between sites (plan, cutover, verification);
//   - on-site service visits with the response time each zone is promised
//     (15, 45 and 90 minutes by default, on a 24×7 clock) and their
//     compliance;
//   - inspections (巡检), meeting support bookings and the 7×24 duty roster
//     with every uncovered minute found.
//
// Units come from the department directory, which netops never imports: a
// Directory (see unit.go) lists them, and refserver wires the directory
// package in. A visit may start from a ticket of the command platform (an
// IT-operations case): a Tickets checker and an Observer, wired the same
// way, keep the case's trail in step. Links between domains are codes and
// numbers only.
//
// Prefix overlap is refused on write: within one address space (the
// extranet's, or one business private network's), no two links that are
// not decommissioned may hold overlapping prefixes. Overlaps finds them
// with a sorted sweep, in O(n log n) for n prefixes.
//
// The Service holds every rule; a Store (see store.go) only persists. The
// in-memory Store is netopsmem, the SQL one netopsbun, and netops/storetest
// is the conformance suite an adapter proves itself with.
package netops
