-- The files attached to a change, a JSON array of strings, in the trail
-- every govops domain shares (govops.Event.Attachments). Existing events
-- have none: '' reads as none. Idempotent, and run in one transaction.
ALTER TABLE govcase_events ADD COLUMN IF NOT EXISTS attachments TEXT NOT NULL DEFAULT '';
