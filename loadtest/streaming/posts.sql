-- One public post by each of the bench's accounts, for the likes to land on, written directly
-- (the API would need a photo each, and processing 10,000 photos is not what this measures).
-- Ids in the production scheme (V1__ids.sql), from an hour before now, so that the posts the
-- server makes later sort after them. Prints "account id,status id" as CSV, its only output.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

BEGIN;

CREATE TEMP TABLE bench_posts AS
SELECT a.id AS account_id,
       ((floor(extract(epoch FROM now()) * 1000)::bigint - 3600000 + row_number() OVER (ORDER BY a.id)
         - 1767225600000) << 23) AS id
FROM accounts a;

INSERT INTO statuses (id, account_id, post_account_id, text, visibility, created_at)
SELECT id, account_id, account_id, 'Liked by the streaming benchmark', 'public', now() - interval '1 hour'
FROM bench_posts;

UPDATE accounts a SET statuses_count = statuses_count + 1, last_status_at = now() - interval '1 hour'
FROM bench_posts p WHERE p.account_id = a.id;

COMMIT;

COPY (SELECT account_id, id FROM bench_posts ORDER BY account_id) TO STDOUT WITH (FORMAT csv);
