-- The newest cases of one kind (a list filtered by kind, ORDER BY id DESC):
-- a range of this index, read from its end, rather than every case of the
-- kind read and sorted. A case's kind and id never change, so updates do
-- not touch it. Added only when information_schema lacks it, as in
-- 20261201000002_masked_text.
SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'govcase_cases' AND index_name = 'govcase_cases_kind_id_ix'),
    'DO 0',
    'ALTER TABLE govcase_cases ADD INDEX govcase_cases_kind_id_ix (kind, id)');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
