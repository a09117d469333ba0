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
ALTER TABLE security_inspections DROP COLUMN IF EXISTS month;
--bun:split
DROP INDEX IF EXISTS security_hardenings_ix_verified;
--bun:split
ALTER TABLE security_hardenings DROP COLUMN IF EXISTS verified_year;
--bun:split
ALTER TABLE security_hardenings DROP COLUMN IF EXISTS found_day;
--bun:split
ALTER TABLE security_hardenings DROP COLUMN IF EXISTS found_year;
