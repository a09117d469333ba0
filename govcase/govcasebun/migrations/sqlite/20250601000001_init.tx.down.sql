DROP TABLE IF EXISTS govcase_routing_rules;
--bun:split
DROP TABLE IF EXISTS govcase_sequences;
--bun:split
DROP TABLE IF EXISTS govcase_events;
--bun:split
DROP TABLE IF EXISTS govcase_cases;
