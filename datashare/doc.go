// Package datashare is the government data resource catalog (政务信息资源目录)
// of a district: its catalog entries, the data mounted (挂接) into them, the
// share requests between departments, the metrics the center reports (the
// share ratio with its counting rule), data quality along the dimensions of
// GB/T 36344, and export as DCAT (JSON-LD) and as the national catalog
// template.
//
// A catalog entry (Catalog) follows the core metadata of GB/T 21063.3 and
// the 2017 编制指南: its code is the class (类, one digit: 1 基础, 2 主题,
// 3 部门), the item (项, two digits), the heading (目, three digits) and an
// optional sub-heading (细目), then "/" and a sequence number. Its data items
// (信息项) say what each mounted record holds: a type, whether it is
// required, and optionally the national identifier (idcode) it must be.
//
// Mounting streams: a CSV file (UTF-8 or GB18030, through csvimport) or JSON
// lines is read, checked against the catalog's items and written in chunks,
// so that a file of millions of rows is never held in memory. Every bad row
// is reported. A batch is all or nothing, or keeps the good rows; its rows
// become visible together when it commits, and a batch that fails, or whose
// process dies, leaves none visible.
//
// The Service holds every rule; a Store (see store.go) only persists. The
// in-memory Store is datasharemem, the SQL one datasharebun, and
// datashare/storetest is the conformance suite an adapter proves itself with.
package datashare
