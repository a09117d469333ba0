-- department is the department of the deduction an event belongs to, as
-- every domain's trail records it (govops.Event); events stored before
-- this migration read ''. Adding a column with a constant default rewrites
-- nothing, and repeating it changes nothing.
ALTER TABLE hotline_deduction_events ADD COLUMN IF NOT EXISTS department VARCHAR(64) NOT NULL DEFAULT '';
