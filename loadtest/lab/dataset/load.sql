-- Step 2: everything else, in one transaction, so that a failure leaves the database as step 1
-- left it. Variables: those of functions.sql, and templates ('{id,...}', the uploads made in
-- between, processed).
\ir functions.sql
-- Sorts of ten million rows in memory rather than on disk.
SET work_mem = '1GB';
SET maintenance_work_mem = '1GB';
\timing on

BEGIN;
\echo '-- dropping the bulk tables'' indexes and keys'
\ir bulk-begin.sql
\echo '-- follows'
\ir follows.sql
\echo '-- posts'
\ir posts.sql
\echo '-- comments, hashtags, mentions'
\ir comments.sql
\echo '-- photos'
\ir media.sql
\echo '-- likes'
\ir likes.sql
\echo '-- notifications'
\ir notifications.sql
\echo '-- counters'
\ir counters.sql
\echo '-- indexes and keys'
\ir bulk-end.sql
COMMIT;

-- Statistics for the planner, and the visibility map that index-only scans (the home timeline's)
-- need, as a database that has been running would have them.
\echo '-- vacuum and analyze'
VACUUM (ANALYZE) accounts, users, oauth_access_tokens, follows, follow_requests, statuses, media_attachments,
    favourites, notifications, tags, status_tags, mentions;
