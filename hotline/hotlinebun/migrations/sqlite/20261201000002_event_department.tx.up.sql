-- department is the department of the deduction an event belongs to, as
-- every domain's trail records it (govops.Event); events stored before
-- this migration read ''. SQLite has no ADD COLUMN IF NOT EXISTS, but the
-- migration runs in one transaction, so it is applied whole or not at all.
ALTER TABLE hotline_deduction_events ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '';
