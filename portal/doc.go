// Package portal is the supervision of the district's government website
// and its new-media accounts (门户网站与政务新媒体), as a network service
// center does it (seed §五):
//
//   - sites and their columns (栏目), each with an update requirement (2
//     weeks for news, 6 months for notices and policy, or none), its last
//     update and whether it is empty;
//   - posts (信息发布) per column, from the CMS, a feed, the crawl or a
//     DingTalk upload, counted per month, column and department; each post
//     moves its column's last update;
//   - availability probes on a schedule, with status and latency;
//   - crawls of a site (package portal/crawl): broken links, wrong links
//     (错链) outside the allow-list, on a parked or expired domain list or
//     whose text names another site, and the page text checked against
//     dictionaries of typos and of wrong or sensitive words (错敏词,
//     package portal/wordcheck);
//   - findings that become rectification tasks (整改) for the responsible
//     department: open → fixed → verified, with a re-check that reopens a
//     task whose problem is still there; an update urge (督促更新) is a task
//     against a stale column;
//   - consultations (咨询留言) and whether they were answered;
//   - new-media accounts (政务新媒体) and their weekly inspections: the last
//     post, the three-review mechanism (三审), whether interaction works and
//     the issues found;
//   - the indicator evaluator of the national single-veto items
//     (国办秘函〔2019〕19号, 单项否决): pass or fail for each site and account,
//     with every reason and its evidence.
//
// In the reference server a task is dispatched as a command-platform case
// of kind portal, and closing that case marks the task fixed: portal never
// imports govcase; it emits tasks through a Dispatcher, and the server calls
// CaseClosed. Without that wiring, portal tracks its tasks alone.
//
// The Service holds every rule; a Store (see store.go) only persists. The
// in-memory Store is portalmem, the SQL one portalbun, and portal/storetest
// is the conformance suite an adapter proves itself with.
package portal
