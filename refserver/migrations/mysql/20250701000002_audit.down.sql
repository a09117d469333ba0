DROP TABLE IF EXISTS refserver_audit;
