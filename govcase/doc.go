// Package govcase runs the cases of the command platform (综合指挥平台): the
// 12345 hotline, IT operations, platform operations, portal and supervision
// cases that a district center registers, dispatches to departments, urges
// and closes.
//
// A Service holds every rule: validation, the lifecycle state machine,
// deadlines on the working-day calendar, routing suggestions and human case
// numbers. A Store only persists cases and their append-only event trail.
// Two stores come with the package: govcasemem (in memory) and govcasebun
// (SQLite, PostgreSQL, MySQL). To plug in your own database, implement Store
// and run govcase/storetest.RunConformanceTests against it.
//
// The lifecycle:
//
//	registered 登记 → dispatched 派单 → accepted 签收 → replied 办理反馈 → closed 办结
//
// A department may return a case (退单) to the center, which re-dispatches
// it; it may ask for an extension (延期), which the center approves or denies.
// The center may urge a case (督办), reopen a replied or closed case for redo
// (重办), or cancel it (作废).
package govcase
