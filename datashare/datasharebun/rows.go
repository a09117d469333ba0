package datasharebun

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/internal/bunstore"
)

// catalogRow is a row of datashare_catalogs. Items is a JSON array of
// itemJSON; KeyItems and Related are JSON arrays of strings. Columns whose
// natural names SQL reserves (key, condition, format, cycle) are named
// apart.
type catalogRow struct {
	bun.BaseModel `bun:"table:datashare_catalogs"`

	ID             string    `bun:"id,pk"`
	Code           string    `bun:"code"`
	Name           string    `bun:"name"`
	Department     string    `bun:"department"`
	Provider       string    `bun:"provider"`
	ProviderCode   string    `bun:"provider_code"`
	Summary        string    `bun:"summary"`
	Classification string    `bun:"classification"`
	FormatClass    string    `bun:"format_class"`
	SubFormat      string    `bun:"sub_format"`
	Items          string    `bun:"items"`
	KeyItems       string    `bun:"key_items"`
	ShareType      string    `bun:"share_type"`
	ShareCondition string    `bun:"share_condition"`
	LegalBasis     string    `bun:"legal_basis"`
	ShareMethod    string    `bun:"share_method"`
	OpenType       string    `bun:"open_type"`
	OpenCondition  string    `bun:"open_condition"`
	UpdateCycle    string    `bun:"update_cycle"`
	Published      time.Time `bun:"published,nullzero"`
	Related        string    `bun:"related"`
	Status         string    `bun:"status"`
	Version        int64     `bun:"version"`
	CreatedAt      time.Time `bun:"created_at,nullzero"`
	UpdatedAt      time.Time `bun:"updated_at,nullzero"`
}

// itemJSON is how an item is stored: names of its own, so that a renamed Go
// field does not change stored entries.
type itemJSON struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Length   int    `json:"length,omitempty"`
	Required bool   `json:"required,omitempty"`
	ID       string `json:"id,omitempty"`
	Personal bool   `json:"personal,omitempty"`
}

func toCatalogRow(c *datashare.Catalog) catalogRow {
	items := make([]itemJSON, len(c.Items))
	for i, it := range c.Items {
		items[i] = itemJSON{Name: it.Name, Type: string(it.Type), Length: it.Length, Required: it.Required, ID: string(it.ID), Personal: it.Personal}
	}
	b, _ := json.Marshal(items) // strings, ints and bools always encode
	return catalogRow{ID: c.ID.String(), Code: c.Code, Name: c.Name, Department: c.Department, Provider: c.Provider,
		ProviderCode: c.ProviderCode, Summary: c.Summary, Classification: string(c.Class), FormatClass: string(c.Format),
		SubFormat: c.SubFormat, Items: string(b), KeyItems: bunstore.EncodeList(c.Key), ShareType: string(c.ShareType),
		ShareCondition: c.Condition, LegalBasis: c.LegalBasis, ShareMethod: string(c.ShareMethod), OpenType: string(c.Open),
		OpenCondition: c.OpenCondition, UpdateCycle: string(c.Cycle), Published: bunstore.DBTime(c.Published),
		Related: bunstore.EncodeList(c.Related), Status: string(c.Status), Version: c.Version,
		CreatedAt: bunstore.DBTime(c.CreatedAt), UpdatedAt: bunstore.DBTime(c.UpdatedAt)}
}

func fromCatalogRow(r *catalogRow) (datashare.Catalog, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return datashare.Catalog{}, errs.Err("read the id of catalog entry "+r.Code, err)
	}
	var items []itemJSON
	if err := json.Unmarshal([]byte(r.Items), &items); err != nil {
		return datashare.Catalog{}, errs.Err("read the items of catalog entry "+r.Code, err)
	}
	key, err := bunstore.DecodeList(r.KeyItems)
	if err != nil {
		return datashare.Catalog{}, errs.Err("read the key of catalog entry "+r.Code, err)
	}
	related, err := bunstore.DecodeList(r.Related)
	if err != nil {
		return datashare.Catalog{}, errs.Err("read the related codes of catalog entry "+r.Code, err)
	}
	var out []datashare.Item
	for _, it := range items {
		out = append(out, datashare.Item{Name: it.Name, Type: datashare.ItemType(it.Type), Length: it.Length,
			Required: it.Required, ID: idcode.Kind(it.ID), Personal: it.Personal})
	}
	return datashare.Catalog{ID: id, Code: r.Code, Name: r.Name, Department: r.Department, Provider: r.Provider,
		ProviderCode: r.ProviderCode, Summary: r.Summary, Class: datashare.Class(r.Classification),
		Format: datashare.Format(r.FormatClass), SubFormat: r.SubFormat, Items: out, Key: key,
		ShareType: datashare.ShareType(r.ShareType), Condition: r.ShareCondition, LegalBasis: r.LegalBasis,
		ShareMethod: datashare.ShareMethod(r.ShareMethod), Open: datashare.OpenType(r.OpenType), OpenCondition: r.OpenCondition,
		Cycle: datashare.Cycle(r.UpdateCycle), Published: bunstore.GoTime(r.Published), Related: related,
		Status: datashare.CatalogStatus(r.Status), Version: r.Version,
		CreatedAt: bunstore.GoTime(r.CreatedAt), UpdatedAt: bunstore.GoTime(r.UpdatedAt)}, nil
}

// batchRow is a row of datashare_batches. FileColumns is a JSON array of
// strings, ItemStats one of statsJSON.
type batchRow struct {
	bun.BaseModel `bun:"table:datashare_batches"`

	ID          string    `bun:"id,pk"`
	CatalogID   string    `bun:"catalog_id"`
	CatalogCode string    `bun:"catalog_code"`
	Department  string    `bun:"department"`
	Actor       string    `bun:"actor"`
	ActorDept   string    `bun:"actor_dept"`
	MountMode   string    `bun:"mount_mode"`
	IsReplace   bool      `bun:"is_replace"`
	Status      string    `bun:"status"`
	StartedAt   time.Time `bun:"started_at,nullzero"`
	TouchedAt   time.Time `bun:"touched_at,nullzero"`
	FinishedAt  time.Time `bun:"finished_at,nullzero"`
	RowCount    int64     `bun:"row_count"`
	Mounted     int64     `bun:"mounted"`
	BadRows     int64     `bun:"bad_rows"`
	Warnings    int64     `bun:"warnings"`
	FileColumns string    `bun:"file_columns"`
	ItemStats   string    `bun:"item_stats"`
	KeyRows     int64     `bun:"key_rows"`
	KeyDistinct int64     `bun:"key_distinct"`
	Source      string    `bun:"source"`
	Problem     string    `bun:"problem"`
	Version     int64     `bun:"version"`
}

// statsJSON is how the statistics of an item are stored.
type statsJSON struct {
	Item    string `json:"item"`
	Present int64  `json:"present"`
	Invalid int64  `json:"invalid"`
}

func toBatchRow(b *datashare.Batch) batchRow {
	stats := make([]statsJSON, len(b.Items))
	for i, s := range b.Items {
		stats[i] = statsJSON{Item: s.Item, Present: s.Present, Invalid: s.Invalid}
	}
	js, _ := json.Marshal(stats) // strings and ints always encode
	return batchRow{ID: b.ID.String(), CatalogID: b.Catalog.String(), CatalogCode: b.CatalogCode, Department: b.Department,
		Actor: b.Actor, ActorDept: b.ActorDept, MountMode: b.Mode, IsReplace: b.Replace, Status: string(b.Status),
		StartedAt: bunstore.DBTime(b.StartedAt), TouchedAt: bunstore.DBTime(b.TouchedAt), FinishedAt: bunstore.DBTime(b.FinishedAt),
		RowCount: b.Rows, Mounted: b.Mounted, BadRows: b.BadRows, Warnings: b.Warnings,
		FileColumns: bunstore.EncodeList(b.Columns), ItemStats: string(js), KeyRows: b.KeyRows, KeyDistinct: b.KeyDistinct,
		Source: b.Source, Problem: b.Problem, Version: b.Version}
}

func fromBatchRow(r *batchRow) (datashare.Batch, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return datashare.Batch{}, errs.Err("read the id of a batch", err)
	}
	catalog, err := uuid.Parse(r.CatalogID)
	if err != nil {
		return datashare.Batch{}, errs.Err("read the entry of batch "+r.ID, err)
	}
	cols, err := bunstore.DecodeList(r.FileColumns)
	if err != nil {
		return datashare.Batch{}, errs.Err("read the columns of batch "+r.ID, err)
	}
	var stats []statsJSON
	if err := json.Unmarshal([]byte(r.ItemStats), &stats); err != nil {
		return datashare.Batch{}, errs.Err("read the item statistics of batch "+r.ID, err)
	}
	var items []datashare.ItemStats
	for _, s := range stats {
		items = append(items, datashare.ItemStats{Item: s.Item, Present: s.Present, Invalid: s.Invalid})
	}
	return datashare.Batch{ID: id, Catalog: catalog, CatalogCode: r.CatalogCode, Department: r.Department,
		Actor: r.Actor, ActorDept: r.ActorDept, Mode: r.MountMode, Replace: r.IsReplace, Status: datashare.BatchStatus(r.Status),
		StartedAt: bunstore.GoTime(r.StartedAt), TouchedAt: bunstore.GoTime(r.TouchedAt), FinishedAt: bunstore.GoTime(r.FinishedAt),
		Rows: r.RowCount, Mounted: r.Mounted, BadRows: r.BadRows, Warnings: r.Warnings, Columns: cols, Items: items,
		KeyRows: r.KeyRows, KeyDistinct: r.KeyDistinct, Source: r.Source, Problem: r.Problem, Version: r.Version}, nil
}

// recordRow is a row of datashare_records.
type recordRow struct {
	bun.BaseModel `bun:"table:datashare_records"`

	CatalogID string `bun:"catalog_id,pk"`
	BatchID   string `bun:"batch_id,pk"`
	Line      int64  `bun:"line_no,pk"`
	Key       string `bun:"record_key"`
	Data      string `bun:"data"`
}

// recordColumns are the columns of datashare_records in the order of
// recordRow, which COPY and MySQL's INSERTs write.
const recordColumns = "catalog_id, batch_id, line_no, record_key, data"

func fromRecordRow(r *recordRow) (datashare.Record, error) {
	catalog, err := uuid.Parse(r.CatalogID)
	if err != nil {
		return datashare.Record{}, errs.Err("read the entry of a record", err)
	}
	batch, err := uuid.Parse(r.BatchID)
	if err != nil {
		return datashare.Record{}, errs.Err("read the batch of a record", err)
	}
	return datashare.Record{Catalog: catalog, Batch: batch, Line: r.Line, Key: r.Key, Data: r.Data}, nil
}

// requestRow is a row of datashare_requests. Items is a JSON array of
// strings.
type requestRow struct {
	bun.BaseModel `bun:"table:datashare_requests"`

	ID          string    `bun:"id,pk"`
	CatalogID   string    `bun:"catalog_id"`
	CatalogCode string    `bun:"catalog_code"`
	Consumer    string    `bun:"consumer"`
	Provider    string    `bun:"provider"`
	Purpose     string    `bun:"purpose"`
	Items       string    `bun:"items"`
	Applicant   string    `bun:"applicant"`
	Status      string    `bun:"status"`
	Filed       time.Time `bun:"filed,nullzero"`
	LimitDays   int       `bun:"limit_days"`
	Decided     time.Time `bun:"decided,nullzero"`
	Decider     string    `bun:"decider"`
	Reason      string    `bun:"reason"`
	Expires     time.Time `bun:"expires,nullzero"`
	Revoked     time.Time `bun:"revoked,nullzero"`
	Version     int64     `bun:"version"`
}

func toRequestRow(r *datashare.Request) requestRow {
	return requestRow{ID: r.ID.String(), CatalogID: r.Catalog.String(), CatalogCode: r.CatalogCode, Consumer: r.Consumer,
		Provider: r.Provider, Purpose: r.Purpose, Items: bunstore.EncodeList(r.Items), Applicant: r.Applicant,
		Status: string(r.Status), Filed: bunstore.DBTime(r.Filed), LimitDays: r.LimitDays, Decided: bunstore.DBTime(r.Decided),
		Decider: r.Decider, Reason: r.Reason, Expires: bunstore.DBTime(r.Expires), Revoked: bunstore.DBTime(r.Revoked), Version: r.Version}
}

func fromRequestRow(r *requestRow) (datashare.Request, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return datashare.Request{}, errs.Err("read the id of a share request", err)
	}
	catalog, err := uuid.Parse(r.CatalogID)
	if err != nil {
		return datashare.Request{}, errs.Err("read the entry of share request "+r.ID, err)
	}
	items, err := bunstore.DecodeList(r.Items)
	if err != nil {
		return datashare.Request{}, errs.Err("read the items of share request "+r.ID, err)
	}
	return datashare.Request{ID: id, Catalog: catalog, CatalogCode: r.CatalogCode, Consumer: r.Consumer, Provider: r.Provider,
		Purpose: r.Purpose, Items: items, Applicant: r.Applicant, Status: datashare.RequestStatus(r.Status),
		Filed: bunstore.GoTime(r.Filed), LimitDays: r.LimitDays, Decided: bunstore.GoTime(r.Decided), Decider: r.Decider,
		Reason: r.Reason, Expires: bunstore.GoTime(r.Expires), Revoked: bunstore.GoTime(r.Revoked), Version: r.Version}, nil
}

// eventRow is a row of datashare_events: the columns every trail shares
// (bunstore.EventRow) and the ID of the entry, batch or request it belongs
// to.
type eventRow struct {
	bun.BaseModel `bun:"table:datashare_events"`

	SubjectID string `bun:"subject_id"`
	bunstore.EventRow
}

func toEventRows(events []datashare.Event) []eventRow {
	rows := make([]eventRow, len(events))
	for i, e := range events {
		rows[i].EventRow, rows[i].SubjectID = bunstore.ToEventRow(e)
	}
	return rows
}

func fromEventRow(r *eventRow) (datashare.Event, error) {
	return bunstore.FromEventRow[datashare.EventType, datashare.Status](errs, &r.EventRow, r.SubjectID)
}
