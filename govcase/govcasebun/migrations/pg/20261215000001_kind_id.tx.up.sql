-- The newest cases of one kind (a list filtered by kind, ORDER BY id DESC):
-- a range of this index, read from its end, where the (kind, status, id)
-- and stats indexes would make SQLite read and sort every case of the
-- kind. A case's kind and id never change, so updates do not touch it.
CREATE INDEX IF NOT EXISTS govcase_cases_kind_id_ix ON govcase_cases (kind, id);
