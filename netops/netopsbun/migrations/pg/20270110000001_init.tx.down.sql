DROP TABLE IF EXISTS netops_generations;
--bun:split
DROP TABLE IF EXISTS netops_events;
--bun:split
DROP TABLE IF EXISTS netops_devices;
--bun:split
DROP TABLE IF EXISTS netops_shifts;
--bun:split
DROP TABLE IF EXISTS netops_booking_staff;
--bun:split
DROP TABLE IF EXISTS netops_bookings;
--bun:split
DROP TABLE IF EXISTS netops_records;
--bun:split
DROP TABLE IF EXISTS netops_plans;
--bun:split
DROP TABLE IF EXISTS netops_visit_counts;
--bun:split
DROP TABLE IF EXISTS netops_visits;
--bun:split
DROP TABLE IF EXISTS netops_unit_migrations;
--bun:split
DROP TABLE IF EXISTS netops_networks;
--bun:split
DROP TABLE IF EXISTS netops_link_prefixes;
--bun:split
DROP TABLE IF EXISTS netops_links;
--bun:split
DROP TABLE IF EXISTS netops_units;
--bun:split
DROP TABLE IF EXISTS netops_sites;
