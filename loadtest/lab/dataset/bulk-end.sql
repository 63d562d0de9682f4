-- The keys, indexes and foreign keys bulk-begin.sql dropped, made again: each index is built
-- once from sorted data, and each foreign key checked in one pass over its table.
SET maintenance_work_mem = '1GB';
SELECT make FROM lab_rebuild ORDER BY step \gexec
