-- Step 1, committed on its own: the accounts, their sign-in records, the lab's OAuth app and one
-- access token per account, so that the next step can upload the dataset's photos through the API
-- as mavid. Prints each account's id and plain token as CSV, its only output (the database keeps
-- only their hashes).
\ir functions.sql

BEGIN;

INSERT INTO accounts (id, username, display_name, note, locked, created_at, updated_at)
SELECT id, username, display_name,
       (ARRAY['Photos of everyday things.', 'Coffee, cameras, long walks.', 'Mostly film, sometimes food.',
              'Travelling slowly.', 'Gardens and the people in them.', 'City light after dark.',
              'Weekend hiker.', 'Bakes more than eats.', 'Collector of sunsets.', ''])[1 + floor(pg_temp.lab_u(i, 8) * 10)::int],
       locked, pg_temp.lab_time(created_ms), pg_temp.lab_time(created_ms)
FROM lab_accounts ORDER BY id;

-- No password: lab accounts act through their tokens. The hash is of a random password that was
-- thrown away, so that signing in with one fails as it does for a wrong password.
INSERT INTO users (account_id, email, password_hash, locale, created_at, password_changed_at)
SELECT id, username || '@lab.graminsta.invalid',
       '{bcrypt}$2b$10$Ra12I999GMWqoH/l54gl6uVXXzOi/Vn3ctILRdgP1qF5TX3Elcs/q', 'en',
       pg_temp.lab_time(created_ms), pg_temp.lab_time(created_ms)
FROM lab_accounts ORDER BY id;

-- The lab's app, with every scope the workload's calls need. Its secret was never kept.
INSERT INTO oauth_apps (id, name, website, redirect_uris, scopes, client_id, client_secret_hash, created_at)
VALUES (pg_temp.lab_id(:t0 - 301 * 86400000::bigint, 0, 0), 'Graminsta lab', NULL, 'urn:ietf:wg:oauth:2.0:oob',
        'read write follow push', replace(gen_random_uuid()::text, '-', ''),
        sha256(convert_to(gen_random_uuid()::text, 'UTF8')), pg_temp.lab_time(:t0 - 301 * 86400000::bigint));

-- Issued an hour before t0, one a millisecond. 244 random bits per token (two UUIDs' worth), stored as the server stores tokens: SHA-256 of
-- the text (auth/Secrets.java).
CREATE TEMP TABLE lab_tokens AS
SELECT a.id AS account_id, a.i,
       replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '') AS token
FROM lab_accounts a;

INSERT INTO oauth_access_tokens (id, token_hash, app_id, account_id, scopes, created_at)
SELECT pg_temp.lab_id(:t0 - 3600000 + t.i, 0, t.i), sha256(convert_to(t.token, 'UTF8')),
       (SELECT id FROM oauth_apps WHERE name = 'Graminsta lab'), t.account_id, 'read write follow push',
       pg_temp.lab_time(:t0 - 3600000 + t.i)
FROM lab_tokens t
ORDER BY t.i;

COMMIT;

COPY (SELECT account_id, token FROM lab_tokens ORDER BY account_id) TO STDOUT WITH (FORMAT csv);
