-- Who follows whom: about 50 accounts each, median 49, a power-law tail up to 7,500.
--
-- Each account means to follow `following` others (functions.sql). It follows each celebrity c
-- with the probability lab_celebrity_share(c), and spends what is left on everyone else, drawn by
-- popularity (lab_popular): systematic sampling, one draw at each of `left` evenly spaced
-- quantiles from a random start, so that an account never picks the same one twice unless that
-- one alone holds more than 1/left of all popularity (then the repeat is dropped).
CREATE TEMP TABLE lab_follows AS
WITH celebrity AS (
    SELECT a.i AS follower, c AS target
    FROM lab_accounts a CROSS JOIN generate_series(1, :celebrities) AS c
    WHERE a.i <> c AND pg_temp.lab_u(a.i::bigint * 16 + c, 10) < pg_temp.lab_celebrity_share(c)
), rest AS (
    SELECT a.i, greatest(0, a.following - count(c.target))::int AS left, pg_temp.lab_u(a.i, 11) AS start
    FROM lab_accounts a LEFT JOIN celebrity c ON c.follower = a.i
    GROUP BY a.i, a.following
), drawn AS (
    SELECT follower, target FROM celebrity
    UNION ALL
    SELECT i, target
    FROM (
        SELECT r.i,
               :celebrities + pg_temp.lab_popular((r.start + k) / r.left, :users - :celebrities) AS target,
               CASE WHEN k > 0 THEN :celebrities + pg_temp.lab_popular((r.start + k - 1) / r.left, :users - :celebrities) END AS previous
        FROM rest r CROSS JOIN LATERAL generate_series(0, r.left - 1) AS k
    ) body
    WHERE target IS DISTINCT FROM previous AND target <> i
)
-- When: any time in the 185 days before t0, after both accounts were made (190 days or more).
SELECT follower, target,
       :t0 - 3600000 - floor(pg_temp.lab_u((follower::bigint << 20) | target, 12) * 185 * 86400000)::bigint AS ms
FROM drawn;

INSERT INTO follows (id, account_id, target_account_id, created_at)
SELECT pg_temp.lab_id(f.ms, fa.shard, row_number() OVER (ORDER BY f.ms)), fa.id, ta.id, pg_temp.lab_time(f.ms)
FROM lab_follows f
JOIN lab_accounts fa ON fa.i = f.follower
JOIN lab_accounts ta ON ta.i = f.target;

-- Each account's followers, numbered 1..n, for drawing likers and commenters among them.
CREATE TEMP TABLE lab_followers AS
SELECT f.target, f.follower, a.id AS follower_id, a.shard AS follower_shard,
       row_number() OVER (PARTITION BY f.target ORDER BY f.follower)::int AS pos
FROM lab_follows f JOIN lab_accounts a ON a.i = f.follower;
CREATE UNIQUE INDEX ON lab_followers (target, pos) INCLUDE (follower, follower_id, follower_shard);
CREATE TEMP TABLE lab_follower_counts AS
SELECT target AS i, count(*)::int AS followers FROM lab_follows GROUP BY target;
CREATE UNIQUE INDEX ON lab_follower_counts (i);
ANALYZE lab_followers, lab_follower_counts;

-- Follow requests waiting for a locked account's answer: up to five each, from accounts that do
-- not follow it yet.
CREATE TEMP TABLE lab_requests AS
SELECT requester, target, :t0 - 3600000 - floor(pg_temp.lab_u((requester::bigint << 20) | target, 22) * 30 * 86400000)::bigint AS ms
FROM (
    SELECT 1 + floor(pg_temp.lab_u(a.i::bigint * 8 + k, 20) * :users)::int AS requester, a.i AS target
    FROM lab_accounts a CROSS JOIN LATERAL generate_series(1, floor(pg_temp.lab_u(a.i, 21) * 6)::int) AS k
    WHERE a.locked
    EXCEPT
    SELECT f.follower, f.target FROM lab_follows f JOIN lab_accounts a ON a.i = f.target AND a.locked
) r
WHERE requester <> target;

INSERT INTO follow_requests (id, account_id, target_account_id, created_at)
SELECT pg_temp.lab_id(r.ms, ra.shard, row_number() OVER (ORDER BY r.ms)), ra.id, ta.id, pg_temp.lab_time(r.ms)
FROM lab_requests r
JOIN lab_accounts ra ON ra.i = r.requester
JOIN lab_accounts ta ON ta.i = r.target;
