DROP INDEX IF EXISTS refserver_departments_code_ci;
