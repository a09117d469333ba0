-- The files attached to a change, a JSON array of strings, in the trail
-- every govops domain shares (govops.Event.Attachments). Existing events
-- have none: '' reads as none. SQLite has no ADD COLUMN IF NOT EXISTS; the
-- migration runs in one transaction instead.
ALTER TABLE govcase_events ADD COLUMN attachments TEXT NOT NULL DEFAULT '';
