SET @refserver_ddl = (SELECT IF(COUNT(*) = 0,
    'DO 0',
    'ALTER TABLE refserver_departments DROP COLUMN code_ci')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'refserver_departments' AND column_name = 'code_ci');
--bun:split
PREPARE refserver_stmt FROM @refserver_ddl;
--bun:split
EXECUTE refserver_stmt;
--bun:split
DEALLOCATE PREPARE refserver_stmt;
