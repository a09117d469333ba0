DROP TABLE IF EXISTS hotline_peer_results;
--bun:split
DROP TABLE IF EXISTS hotline_deduction_events;
--bun:split
DROP TABLE IF EXISTS hotline_deductions;
--bun:split
DROP TABLE IF EXISTS hotline_schemes;
--bun:split
DROP TABLE IF EXISTS hotline_outcomes;
--bun:split
DROP TABLE IF EXISTS hotline_callbacks;
