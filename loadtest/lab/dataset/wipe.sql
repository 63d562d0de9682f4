-- --force: empties the database of everything people make (accounts and all that hangs on them,
-- hashtags, the lab's app), leaving the schema, other apps and the job queue as they are.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET lock_timeout = '60s';
BEGIN;
TRUNCATE accounts, tags CASCADE;
DELETE FROM oauth_apps WHERE name = 'Graminsta lab';
COMMIT;
