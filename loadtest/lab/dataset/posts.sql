-- Posts: about 10 per account over the last 180 days, their count per account heavy-tailed
-- (functions.sql), each with 1-4 photos, 0-3 hashtags and now and then a mention. How many likes
-- and comments each will get is decided here too, so that their counters are written once.
--
-- Likes and comments come from the author's followers. A post's expected share grows with the
-- author's followers to the power engagement_exponent (big accounts reach a smaller share of
-- their followers), times its own engagement, a log-logistic draw with mean 1 (a few posts take
-- off); the totals are scaled to likes_per_user and comments_per_user per account. Rounding is
-- random (floor of x + u), so small expectations still give a like now and then.
CREATE TEMP TABLE lab_drawn_posts AS
WITH drawn AS (
    SELECT a.i AS author, a.id AS author_id, a.shard, a.locked,
           (a.i::bigint << 12) | k AS key,
           :t0 - 120000 - floor(pg_temp.lab_u((a.i::bigint << 12) | k, 30) * :days * 86400000)::bigint AS ms,
           coalesce(fc.followers, 0) AS followers
    FROM lab_accounts a
    CROSS JOIN LATERAL generate_series(1, a.posts) AS k
    LEFT JOIN lab_follower_counts fc ON fc.i = a.i
)
SELECT d.*,
       pg_temp.lab_id(d.ms, d.shard, row_number() OVER (ORDER BY d.ms) % 512) AS id,
       CASE WHEN d.followers = 0 THEN 0
            ELSE power(d.followers, :engagement_exponent)
                 * least(30, pg_temp.lab_loglogistic(pg_temp.lab_u(d.key, 42), 1, 2.5) / 1.3213) END AS weight
FROM drawn d;

SELECT :likes_per_user::float8 * :users / sum(weight) AS likes_per_weight,
       :comments_per_user::float8 * :users / sum(weight) AS comments_per_weight
FROM lab_drawn_posts \gset

CREATE TEMP TABLE lab_posts AS
SELECT p.author, p.author_id, p.shard, p.key, p.ms, p.followers, p.id,
       CASE WHEN p.locked THEN 'private'
            WHEN pg_temp.lab_u(p.key, 31) < 0.03 THEN 'private'
            WHEN pg_temp.lab_u(p.key, 31) < 0.07 THEN 'unlisted'
            ELSE 'public' END AS visibility,
       CASE WHEN pg_temp.lab_u(p.key, 32) < 0.60 THEN 1
            WHEN pg_temp.lab_u(p.key, 32) < 0.80 THEN 2
            WHEN pg_temp.lab_u(p.key, 32) < 0.90 THEN 3
            ELSE 4 END AS photos,
       CASE WHEN pg_temp.lab_u(p.key, 34) < 0.20 THEN 0
            WHEN pg_temp.lab_u(p.key, 34) < 0.55 THEN 1
            WHEN pg_temp.lab_u(p.key, 34) < 0.85 THEN 2
            ELSE 3 END AS tag_count,
       -- hashtags by popularity rank, log-uniform over 1..tags (Zipf's law, exponent 1)
       floor(power(:tags + 1, pg_temp.lab_u(p.key, 35)))::int AS tag1,
       floor(power(:tags + 1, pg_temp.lab_u(p.key, 36)))::int AS tag2,
       floor(power(:tags + 1, pg_temp.lab_u(p.key, 37)))::int AS tag3,
       least(p.followers, floor(p.weight * :likes_per_weight + pg_temp.lab_u(p.key, 43)))::int AS likes,
       least(p.followers, floor(p.weight * :comments_per_weight + pg_temp.lab_u(p.key, 44)))::int AS comments,
       0 AS template
FROM lab_drawn_posts p;
DROP TABLE lab_drawn_posts;

-- One public post in 25 mentions someone, a popular account more often than not.
ALTER TABLE lab_posts ADD COLUMN mentioned int;
UPDATE lab_posts SET mentioned = m
FROM (SELECT key AS k, CASE WHEN pg_temp.lab_u(key, 41) < 0.2 THEN 1 + floor(pg_temp.lab_u(key, 45) * :celebrities)::int
                            ELSE :celebrities + pg_temp.lab_popular(pg_temp.lab_u(key, 45), :users - :celebrities) END AS m
      FROM lab_posts WHERE visibility = 'public' AND pg_temp.lab_u(key, 40) < 0.04) chosen
WHERE key = chosen.k AND chosen.m <> author;

-- mavid's newest posts carry the real uploads themselves (one each), so those rows are attached
-- and the hourly sweep of unattached uploads leaves their files alone.
UPDATE lab_posts p SET template = n, photos = 1
FROM (SELECT key, row_number() OVER (ORDER BY ms DESC) AS n FROM lab_posts WHERE author = 1) newest
WHERE p.key = newest.key AND newest.n <= cardinality(:'templates'::bigint[]);

CREATE UNIQUE INDEX ON lab_posts (key);
ANALYZE lab_posts;

-- The real uploads, processed by the server: every photo of the dataset shows one of them.
CREATE TEMP TABLE lab_templates AS
SELECT n, m.id, m.width, m.height, m.blurhash, m.variants
FROM unnest(:'templates'::bigint[]) WITH ORDINALITY AS t (id, n)
JOIN media_attachments m ON m.id = t.id AND m.state = 'ready' AND m.variants IS NOT NULL;

SELECT count(*) = cardinality(:'templates'::bigint[]) AS templates_ready FROM lab_templates \gset
\if :templates_ready
\else
\warn 'The uploaded photos are not all processed (state ready, with variants).'
SELECT 1 / 0 AS the_uploaded_photos_are_not_ready;
\endif
