DROP TABLE IF EXISTS security_inspection_counts;
--bun:split
DROP TABLE IF EXISTS security_hardening_dept_day_counts;
--bun:split
DROP TABLE IF EXISTS security_hardening_day_counts;
--bun:split
DROP TABLE IF EXISTS security_hardening_dept_counts;
--bun:split
DROP TABLE IF EXISTS security_hardening_counts;
--bun:split
ALTER TABLE security_inspections DROP COLUMN month;
--bun:split
ALTER TABLE security_hardenings DROP INDEX security_hardenings_ix_verified, DROP COLUMN verified_year, DROP COLUMN found_day, DROP COLUMN found_year;
