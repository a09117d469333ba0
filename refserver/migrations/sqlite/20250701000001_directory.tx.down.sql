DROP TABLE IF EXISTS refserver_tokens;
--bun:split
DROP TABLE IF EXISTS refserver_departments;
