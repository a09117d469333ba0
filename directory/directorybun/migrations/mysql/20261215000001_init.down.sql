DROP TABLE IF EXISTS directory_events;
--bun:split
DROP TABLE IF EXISTS directory_departments;
