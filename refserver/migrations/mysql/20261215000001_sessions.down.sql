DROP TABLE IF EXISTS refserver_sessions;
