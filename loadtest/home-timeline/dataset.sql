-- The home-timeline benchmark's dataset, made inside PostgreSQL in one transaction.
--
--   psql -v viewers='{1,2,3}' -v quiet=1 -v authors=2000 -v following=1000 -v posts=100000 \
--        -v comments=20000 -f dataset.sql
--
-- viewers: the accounts whose home timelines are measured (registered through the API first, so
-- they have tokens); each follows `following` of the `authors` accounts made here and mutes and
-- blocks a few. `posts` photo posts (one photo each) and `comments` comments are spread over the
-- authors and the last 60 days, with likes, hashtags and mentions, so every table a timeline
-- reads has a realistic size. The first `quiet` viewers follow `following` other accounts
-- instead, each of which posted once, 75 days ago: the worst case for reading the newest posts
-- of everyone and keeping the followed ones. Choices are made with hashint8, not random(), so two
-- runs with the same numbers build the same data.
\set ON_ERROR_STOP on

BEGIN;

-- An id in the production scheme (ms since 2026-01-01 << 23 | shard << 10 | sequence), for a
-- chosen time: rows get the ids they would have had if made then.
CREATE FUNCTION pg_temp.bench_id(at timestamptz, shard bigint, sequence bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS
$$ SELECT ((floor(extract(epoch FROM at) * 1000)::bigint - 1767225600000) << 23) | ((shard % 8192) << 10) | (sequence % 1024) $$;

-- A stable pseudo-random number in [0, n) for a key and a purpose.
CREATE FUNCTION pg_temp.pick(key bigint, purpose int, n bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS
$$ SELECT abs(hashint8(key * 7919 + purpose)) % n $$;

CREATE TEMP TABLE bench_viewers AS
SELECT row_number() OVER (ORDER BY id) AS n, id FROM unnest(:'viewers'::bigint[]) AS id;

CREATE TEMP TABLE bench_authors AS
SELECT n, pg_temp.bench_id(now() - interval '90 days' + n * interval '1 second', n, n) AS id
FROM generate_series(1, :authors) AS n;

INSERT INTO accounts (id, username, display_name, note, created_at)
SELECT id, 'bench_' || n, 'Bench author ' || n, 'Takes photos of things, number ' || n || '.',
       now() - interval '90 days'
FROM bench_authors;

-- Photo posts, evenly spread over the last 60 days; most public, some unlisted and private.
CREATE TEMP TABLE bench_posts AS
SELECT g AS n,
       pg_temp.bench_id(now() - interval '60 days' + g * (interval '60 days' / :posts), a.n, g) AS id,
       a.id AS account_id,
       now() - interval '60 days' + g * (interval '60 days' / :posts) AS created_at,
       CASE WHEN pg_temp.pick(g, 1, 10) < 8 THEN 'public'
            WHEN pg_temp.pick(g, 1, 10) = 8 THEN 'unlisted'
            ELSE 'private' END AS visibility
FROM generate_series(1, :posts) AS g
JOIN bench_authors a ON a.n = 1 + pg_temp.pick(g, 2, :authors);

INSERT INTO statuses (id, account_id, post_account_id, text, visibility, created_at)
SELECT id, account_id, account_id, 'A photo, number ' || n || ' #bench' || (n % 200) || ' #everyday', visibility, created_at
FROM bench_posts;

INSERT INTO media_attachments (id, account_id, status_id, position, state, original_key, variants_key, description,
                               width, height, blurhash, variants, created_at, processed_at)
SELECT id + 1, account_id, id, 0, 'ready', 'bench/' || n || '/original', 'bench/' || n, 'Photo ' || n,
       1080, 1350, 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
       jsonb_build_object(
           'feed', jsonb_build_object('key', 'bench/' || n || '/feed.jpg', 'width', 1080, 'height', 1350),
           'small', jsonb_build_object('key', 'bench/' || n || '/small.jpg', 'width', 640, 'height', 800),
           'thumb', jsonb_build_object('key', 'bench/' || n || '/thumb.jpg', 'width', 320, 'height', 320)),
       created_at, created_at
FROM bench_posts;

-- The quiet accounts: one old post each, older than everything above.
CREATE TEMP TABLE bench_quiet AS
SELECT n, pg_temp.bench_id(now() - interval '91 days' + n * interval '1 second', n, n + 512) AS id,
       pg_temp.bench_id(now() - interval '75 days' + n * interval '1 second', n, n) AS post_id
FROM generate_series(1, :following) AS n;

INSERT INTO accounts (id, username, display_name, created_at)
SELECT id, 'bench_quiet_' || n, 'Quiet author ' || n, now() - interval '91 days' FROM bench_quiet;

INSERT INTO statuses (id, account_id, post_account_id, text, visibility, created_at)
SELECT post_id, id, id, 'An old photo, number ' || n, 'public', now() - interval '75 days' + n * interval '1 second'
FROM bench_quiet;

INSERT INTO media_attachments (id, account_id, status_id, position, state, original_key, variants_key, description,
                               width, height, blurhash, variants, created_at, processed_at)
SELECT post_id + 1, id, post_id, 0, 'ready', 'bench/quiet/' || n || '/original', 'bench/quiet/' || n, 'Old photo ' || n,
       1080, 1350, 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
       jsonb_build_object(
           'feed', jsonb_build_object('key', 'bench/quiet/' || n || '/feed.jpg', 'width', 1080, 'height', 1350),
           'small', jsonb_build_object('key', 'bench/quiet/' || n || '/small.jpg', 'width', 640, 'height', 800),
           'thumb', jsonb_build_object('key', 'bench/quiet/' || n || '/thumb.jpg', 'width', 320, 'height', 320)),
       now() - interval '75 days', now() - interval '75 days'
FROM bench_quiet;

-- Comments: text replies a little after their post, visible where it is.
CREATE TEMP TABLE bench_comments AS
SELECT g AS n, p.id AS in_reply_to_id, p.account_id AS in_reply_to_account_id, p.visibility,
       a.id AS account_id, p.created_at + interval '1 minute' AS created_at,
       pg_temp.bench_id(p.created_at + interval '1 minute', a.n, g) AS id
FROM generate_series(1, :comments) AS g
JOIN bench_posts p ON p.n = 1 + pg_temp.pick(g, 3, :posts)
JOIN bench_authors a ON a.n = 1 + pg_temp.pick(g, 4, :authors);

INSERT INTO statuses (id, account_id, in_reply_to_id, in_reply_to_account_id, post_account_id, text, visibility,
                      created_at)
SELECT id, account_id, in_reply_to_id, in_reply_to_account_id, in_reply_to_account_id, 'Lovely, number ' || n, visibility, created_at
FROM bench_comments
ON CONFLICT (id) DO NOTHING;

INSERT INTO tags (id, name)
SELECT pg_temp.bench_id(now() - interval '90 days', 0, n), 'bench' || n FROM generate_series(0, 199) AS n
UNION ALL
SELECT pg_temp.bench_id(now() - interval '90 days', 1, 0), 'everyday';

INSERT INTO status_tags (tag_id, status_id)
SELECT t.id, p.id FROM bench_posts p JOIN tags t ON t.name = 'bench' || (p.n % 200)
UNION ALL
SELECT t.id, p.id FROM bench_posts p JOIN tags t ON t.name = 'everyday';

-- One post in fifty mentions an author.
INSERT INTO mentions (status_id, account_id)
SELECT p.id, a.id FROM bench_posts p
JOIN bench_authors a ON a.n = 1 + pg_temp.pick(p.n, 5, :authors)
WHERE p.n % 50 = 0 AND a.id <> p.account_id;

-- Whom the viewers follow: `following` authors each, a different set per viewer; the quiet
-- viewers follow the quiet accounts.
INSERT INTO follows (id, account_id, target_account_id)
SELECT pg_temp.bench_id(now() - interval '70 days' + (v.n * 100000 + a.n) * interval '1 millisecond', v.n, 0), v.id, a.id
FROM bench_viewers v
CROSS JOIN LATERAL (
    SELECT n, id FROM bench_authors ORDER BY pg_temp.pick(n, 100 + v.n::int, 1000000007) LIMIT :following
) a
WHERE v.n > :quiet
UNION ALL
SELECT pg_temp.bench_id(now() - interval '70 days' + (v.n * 100000 + q.n) * interval '1 millisecond', v.n, 0), v.id, q.id
FROM bench_viewers v CROSS JOIN bench_quiet q
WHERE v.n <= :quiet;

-- Authors follow each other too (20 each), so the follows table is not the viewers' alone.
INSERT INTO follows (id, account_id, target_account_id)
SELECT DISTINCT ON (a.id, b.id)
       pg_temp.bench_id(now() - interval '80 days' + (a.n * 32 + k) * interval '1 millisecond', a.n, 0), a.id, b.id
FROM bench_authors a
CROSS JOIN generate_series(1, 20) AS k
JOIN bench_authors b ON b.n = 1 + pg_temp.pick(a.n * 32 + k, 6, :authors)
WHERE a.id <> b.id
ON CONFLICT DO NOTHING;

-- Each viewer mutes 10 of those it follows and blocks 5 it does not.
INSERT INTO mutes (id, account_id, target_account_id)
SELECT pg_temp.bench_id(now() - interval '65 days' + (v.n * 1000 + f.rank) * interval '1 millisecond', v.n, 0), v.id,
       f.target_account_id
FROM bench_viewers v
CROSS JOIN LATERAL (
    SELECT target_account_id, row_number() OVER (ORDER BY target_account_id) AS rank
    FROM follows WHERE account_id = v.id ORDER BY target_account_id LIMIT 10
) f;

INSERT INTO blocks (id, account_id, target_account_id)
SELECT pg_temp.bench_id(now() - interval '65 days' + (v.n * 1000 + 100 + b.rank) * interval '1 millisecond', v.n, 0), v.id,
       b.id
FROM bench_viewers v
CROSS JOIN LATERAL (
    SELECT a.id, row_number() OVER (ORDER BY a.n) AS rank FROM bench_authors a
    WHERE NOT EXISTS (SELECT 1 FROM follows f WHERE f.account_id = v.id AND f.target_account_id = a.id)
    ORDER BY a.n LIMIT 5
) b;

-- Likes: each viewer liked 2,000 posts, and the authors about one post each.
INSERT INTO favourites (id, account_id, status_id, created_at)
SELECT pg_temp.bench_id(p.created_at + interval '2 minutes', v.n, k), v.id, p.id, p.created_at + interval '2 minutes'
FROM bench_viewers v
CROSS JOIN generate_series(1, 2000) AS k
JOIN bench_posts p ON p.n = 1 + pg_temp.pick(v.n * 4096 + k, 7, :posts)
ON CONFLICT DO NOTHING;

INSERT INTO favourites (id, account_id, status_id, created_at)
SELECT pg_temp.bench_id(p.created_at + interval '3 minutes', a.n, a.n), a.id, p.id, p.created_at + interval '3 minutes'
FROM bench_authors a
JOIN bench_posts p ON p.n = 1 + pg_temp.pick(a.n, 8, :posts)
ON CONFLICT DO NOTHING;

-- The denormalised counters, as the application keeps them.
UPDATE statuses s SET favourites_count = c.count
FROM (SELECT status_id, count(*) AS count FROM favourites GROUP BY status_id) c WHERE c.status_id = s.id;
UPDATE statuses s SET replies_count = c.count
FROM (SELECT in_reply_to_id, count(*) AS count FROM statuses WHERE in_reply_to_id IS NOT NULL GROUP BY in_reply_to_id) c
WHERE c.in_reply_to_id = s.id;
UPDATE accounts a SET
    followers_count = (SELECT count(*) FROM follows f WHERE f.target_account_id = a.id),
    following_count = (SELECT count(*) FROM follows f WHERE f.account_id = a.id),
    statuses_count = (SELECT count(*) FROM statuses s WHERE s.account_id = a.id),
    last_status_at = (SELECT max(created_at) FROM statuses s WHERE s.account_id = a.id);

COMMIT;

-- Fresh statistics and a fresh visibility map, as a database that has been running would have.
VACUUM ANALYZE;

SELECT (SELECT count(*) FROM accounts) AS accounts,
       (SELECT count(*) FROM statuses WHERE in_reply_to_id IS NULL) AS posts,
       (SELECT count(*) FROM statuses WHERE in_reply_to_id IS NOT NULL) AS comments,
       (SELECT count(*) FROM follows) AS follows,
       (SELECT count(*) FROM favourites) AS favourites,
       (SELECT min(following_count) FROM accounts a JOIN bench_viewers v ON v.id = a.id) AS viewer_following,
       (SELECT count(*) FROM bench_viewers WHERE n <= :quiet) AS quiet_viewers;
