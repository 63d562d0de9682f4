-- What every step of the dataset shares: the settings, a seeded pseudo-random number, ids in the
-- production scheme, and the accounts (who they are, how many they follow, how often they post),
-- which each session derives again from the same numbers rather than reading them back.
--
-- Variables (psql -v): users, seed, t0 (the dataset's "now", epoch milliseconds, chosen once per
-- run so that both sessions derive the same account ids).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- The staging tables are temporary (no WAL), held in this session's own buffers; this must come
-- before the first of them.
SET temp_buffers = '1GB';

-- The shape of the graph. Written once here so that the README can quote them.
\set celebrities 10
\set following_median 49
\set following_shape 4
\set following_max 7500
\set popularity_exponent 0.9
\set popularity_offset 200
\set posts_median 5
\set posts_shape 1.6
\set posts_max 2000
\set days 180
\set likes_per_user 100
\set comments_per_user 5
\set engagement_exponent 0.8
\set locked_share 0.05
\set tags 320
\set photos 12

-- A pseudo-random number in [0, 1) for a key and a purpose: the same on every run with the same
-- seed, different for each purpose (hashint8extended takes the seed). Made with the seed written
-- into its body, so that PostgreSQL inlines it into the queries that call it millions of times.
SELECT format($sql$
CREATE FUNCTION pg_temp.lab_u(key bigint, purpose int) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (hashint8extended(key, %s::bigint * 1000 + purpose) & 140737488355327)::float8 / 140737488355328
$sql$, :seed) \gexec

-- An id in the production scheme (V1__ids.sql): milliseconds since 2026-01-01 << 23, logical
-- shard << 10, sequence. Callers number rows in time order, so no two rows of a table meet.
CREATE FUNCTION pg_temp.lab_id(ms bigint, shard int, seq bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((ms - 1767225600000) << 23) | (shard::bigint << 10) | (seq & 1023);

CREATE FUNCTION pg_temp.lab_time(ms bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_timestamp(ms / 1000.0);

-- An id's time back in epoch milliseconds, and the logical shard it names.
CREATE FUNCTION pg_temp.lab_ms_of(id bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (id >> 23) + 1767225600000;

CREATE FUNCTION pg_temp.lab_shard_of(id bigint) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((id >> 10) & 8191)::int;

-- A delay after a post (a like, a comment): exponential with the given mean, most within hours;
-- one that would pass t0 falls uniformly into the time left instead, so none pile up at the end.
CREATE FUNCTION pg_temp.lab_after(post_ms bigint, u float8, mean_ms float8, t0 bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN post_ms + 1000 + CASE WHEN -ln(1 - u) * mean_ms < t0 - 61000 - post_ms THEN floor(-ln(1 - u) * mean_ms)::bigint
                                 ELSE floor(u * (t0 - 61000 - post_ms))::bigint END;

-- The name of the hashtag of popularity rank t (1 is the most used): forty common ones, then
-- those with a suffix ("travellovers", "sunsetdaily").
CREATE FUNCTION pg_temp.lab_tag(t int) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (ARRAY['photography', 'travel', 'nature', 'sunset', 'food', 'coffee', 'art', 'summer', 'landscape',
                  'streetphotography', 'portrait', 'sky', 'city', 'beach', 'mountains', 'flowers', 'architecture',
                  'friends', 'fashion', 'dog', 'cat', 'winter', 'autumn', 'spring', 'blackandwhite', 'hiking', 'sea',
                  'family', 'music', 'fitness', 'design', 'vintage', 'night', 'rain', 'garden', 'weekend', 'film',
                  'bakery', 'cycling', 'books'])[1 + (t - 1) % 40]
        || CASE WHEN t <= 40 THEN ''
                ELSE (ARRAY['lovers', 'daily', 'life', 'gram', 'addict', 'vibes', 'diary'])[1 + (t - 41) / 40 % 7] END;

-- A log-logistic draw: median m, power-law tails of exponent shape on both sides.
CREATE FUNCTION pg_temp.lab_loglogistic(u float8, m float8, shape float8) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN m * power(u / (1 - u), 1 / shape);

-- Followed fraction of all accounts for the celebrities, most followed first: mavid is followed
-- by 62 %, the tenth by 10 %.
CREATE FUNCTION pg_temp.lab_celebrity_share(c int) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (ARRAY[0.62, 0.40, 0.30, 0.25, 0.20, 0.17, 0.15, 0.13, 0.12, 0.10])[c];

-- Everyone else's popularity: the share of follows that goes to the j-th most popular
-- non-celebrity falls as (j + offset)^-exponent (a Zipf-Mandelbrot law). This is its inverse
-- distribution function over j in [1, m], continuous: a quantile in [0, 1) to a popularity rank.
SELECT format($sql$
CREATE FUNCTION pg_temp.lab_popular(quantile float8, m bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN least(m, greatest(1, floor(power(power(1 + %1$s, 1 - %2$s)
        + quantile * (power(m + 1 + %1$s, 1 - %2$s) - power(1 + %1$s, 1 - %2$s)), 1 / (1 - %2$s)) - %1$s)::bigint))
$sql$, :popularity_offset, :popularity_exponent) \gexec

-- The accounts, numbered by popularity: 1 is mavid, 2..celebrities the other celebrities.
-- Accounts were made between 300 and 190 days before t0, before anything they did (ids count
-- from 2026-01-01, so t0 must be 300 days past it; dataset.sh checks).
CREATE TEMP TABLE lab_accounts AS
WITH a AS (
    SELECT i,
           floor(pg_temp.lab_u(i, 1) * 8192)::int AS shard,
           CASE WHEN i = 1 THEN :t0 - 300 * 86400000::bigint
                ELSE :t0 - 300 * 86400000::bigint + floor(pg_temp.lab_u(i, 2) * 110 * 86400000)::bigint END AS created_ms,
           i > :celebrities AND pg_temp.lab_u(i, 3) < :locked_share AS locked,
           -- whom it means to follow (celebrities included); its posts
           least(:following_max, greatest(1, floor(pg_temp.lab_loglogistic(pg_temp.lab_u(i, 4), :following_median, :following_shape))))::int AS following,
           CASE WHEN i = 1 THEN 240
                WHEN i <= :celebrities THEN 120 + floor(pg_temp.lab_u(i, 5) * 120)::int
                ELSE least(:posts_max, floor(pg_temp.lab_loglogistic(pg_temp.lab_u(i, 5), :posts_median, :posts_shape)))::int END AS posts,
           (ARRAY['Ana', 'Ben', 'Chloe', 'Dario', 'Elif', 'Femi', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Luca',
                  'Maya', 'Nils', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wen', 'Ximena',
                  'Yusuf', 'Zoe', 'Amir', 'Bea', 'Carl', 'Dana', 'Emil', 'Fiona', 'Goran', 'Hana', 'Igor', 'Julia',
                  'Kofi', 'Lena', 'Marco', 'Nora'])[1 + floor(pg_temp.lab_u(i, 6) * 40)::int] AS first_name,
           (ARRAY['Lind', 'Okafor', 'Moreau', 'Rossi', 'Yilmaz', 'Adeyemi', 'Berg', 'Tanaka', 'Silva', 'Weber',
                  'Novak', 'Bianchi', 'Patel', 'Holm', 'Ivanova', 'Garcia', 'Byrne', 'Costa', 'Haddad', 'Singh',
                  'Khan', 'Horvat', 'Li', 'Lopez', 'Demir', 'Nowak', 'Kim', 'Fischer', 'Dubois', 'Jensen',
                  'Mensah', 'Keller', 'Conti', 'Sato', 'Nguyen', 'Santos', 'Ito', 'Meyer', 'Popescu', 'Varga'])[1 + floor(pg_temp.lab_u(i, 7) * 40)::int] AS last_name
    FROM generate_series(1, :users) AS i
)
SELECT i, shard, created_ms, locked, following, posts,
       pg_temp.lab_id(created_ms, shard, row_number() OVER (ORDER BY created_ms, i)) AS id,
       CASE WHEN i <= :celebrities
            THEN (ARRAY['mavid', 'skylar_frames', 'the_daily_fern', 'odette_cooks', 'max_on_mountains',
                        'inkwell_studio', 'rita_runs', 'pixel_harbour', 'june_in_paris', 'bo_and_the_bikes'])[i]
            ELSE lower(first_name || '_' || last_name) || '_' || i END AS username,
       CASE WHEN i <= :celebrities
            THEN (ARRAY['Mavid Mobrick', 'Skylar Frames', 'The Daily Fern', 'Odette Cooks', 'Max on Mountains',
                        'Inkwell Studio', 'Rita Runs', 'Pixel Harbour', 'June in Paris', 'Bo and the Bikes'])[i]
            ELSE first_name || ' ' || last_name END AS display_name
FROM a;
CREATE UNIQUE INDEX ON lab_accounts (i) INCLUDE (id, shard);
ANALYZE lab_accounts;
