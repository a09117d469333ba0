DROP TABLE IF EXISTS refserver_calendar_tables;
