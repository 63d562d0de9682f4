-- Loading into bare tables is several times faster than keeping their indexes and checking their
-- foreign keys row by row. So, inside the load's transaction: lock the tables the load fills, keep
-- the definitions of their keys, indexes and foreign keys (those that point at them too), and drop
-- them. bulk-end.sql makes them again from these definitions, so a migration that adds an index
-- needs no change here; a failed load rolls back to the tables as they were.
CREATE TEMP TABLE lab_bulk_tables AS
SELECT t::regclass AS tab
FROM unnest(ARRAY['follows', 'follow_requests', 'statuses', 'media_attachments', 'favourites', 'notifications',
                  'status_tags', 'mentions']) AS t;

-- Waits at most a minute for the running server to finish what it is doing with them.
SET lock_timeout = '60s';
LOCK TABLE follows, follow_requests, statuses, media_attachments, favourites, notifications, status_tags, mentions
    IN ACCESS EXCLUSIVE MODE;
RESET lock_timeout;

CREATE TEMP TABLE lab_rebuild AS
SELECT 1 AS step, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS make,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop
FROM pg_constraint c
WHERE c.contype IN ('p', 'u') AND c.conrelid IN (SELECT tab FROM lab_bulk_tables)
UNION ALL
SELECT 1, pg_get_indexdef(i.indexrelid), format('DROP INDEX %s', i.indexrelid::regclass)
FROM pg_index i
WHERE i.indrelid IN (SELECT tab FROM lab_bulk_tables)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
UNION ALL
SELECT 2, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)),
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname)
FROM pg_constraint c
WHERE c.contype = 'f' AND (c.conrelid IN (SELECT tab FROM lab_bulk_tables) OR c.confrelid IN (SELECT tab FROM lab_bulk_tables));

-- Foreign keys first: they depend on the keys they point at.
SELECT drop FROM lab_rebuild ORDER BY step DESC \gexec
