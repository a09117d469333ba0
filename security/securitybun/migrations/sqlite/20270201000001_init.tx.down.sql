DROP TABLE IF EXISTS security_events;
--bun:split
DROP TABLE IF EXISTS security_incidents;
--bun:split
DROP TABLE IF EXISTS security_exercises;
--bun:split
DROP TABLE IF EXISTS security_hardenings;
--bun:split
DROP TABLE IF EXISTS security_checklist;
--bun:split
DROP TABLE IF EXISTS security_inspections;
--bun:split
DROP TABLE IF EXISTS security_drills;
--bun:split
DROP TABLE IF EXISTS security_plans;
