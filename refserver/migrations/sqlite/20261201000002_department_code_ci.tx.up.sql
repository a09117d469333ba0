-- Department codes are unique regardless of letter case: "YUEJIN" may not
-- stand beside "yuejin", which a person reading a dispatch or a token
-- listing could not tell apart. Lookups stay exact. Codes are ASCII, so
-- lower() folds them whole. A database that already holds such a pair
-- fails here, in its transaction, and changes nothing; BunDirectory.Migrate
-- names the pair.
CREATE UNIQUE INDEX IF NOT EXISTS refserver_departments_code_ci ON refserver_departments (lower(code));
