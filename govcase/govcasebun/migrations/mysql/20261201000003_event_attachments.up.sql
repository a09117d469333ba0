-- The files attached to a change, a JSON array of strings, in the trail
-- every govops domain shares (govops.Event.Attachments). Existing events
-- have none: '' reads as none. MySQL gives a TEXT column no literal
-- default, so the existing rows get the implicit default of a NOT NULL
-- text column, ''; the store writes the column on every insert. Added only
-- when information_schema lacks it, as in 20261201000001_provisional.
SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'govcase_events' AND column_name = 'attachments'),
    'DO 0',
    'ALTER TABLE govcase_events ADD COLUMN attachments MEDIUMTEXT NOT NULL');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
