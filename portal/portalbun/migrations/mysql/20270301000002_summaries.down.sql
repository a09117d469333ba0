SET @portal_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'portal_consultations' AND index_name = 'portal_consultations_ix_site_answered'),
    'ALTER TABLE portal_consultations DROP INDEX portal_consultations_ix_site_answered',
    'DO 0');
--bun:split
PREPARE portal_stmt FROM @portal_ddl;
--bun:split
EXECUTE portal_stmt;
--bun:split
DEALLOCATE PREPARE portal_stmt;
--bun:split
SET @portal_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'portal_consultations' AND index_name = 'portal_consultations_ix_site_received'),
    'ALTER TABLE portal_consultations DROP INDEX portal_consultations_ix_site_received',
    'DO 0');
--bun:split
PREPARE portal_stmt FROM @portal_ddl;
--bun:split
EXECUTE portal_stmt;
--bun:split
DEALLOCATE PREPARE portal_stmt;
--bun:split
DROP TABLE IF EXISTS portal_consultation_summary;
--bun:split
DROP TABLE IF EXISTS portal_probe_summary;
--bun:split
DROP TABLE IF EXISTS portal_post_summary;
--bun:split
DROP TABLE IF EXISTS portal_task_fixed_summary;
--bun:split
DROP TABLE IF EXISTS portal_task_opened_summary;
