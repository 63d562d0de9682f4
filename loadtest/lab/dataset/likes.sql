-- Likes: `likes` per post (posts.sql), from followers of its author drawn as the commenters are,
-- most within a few hours of the post. Numbered in time order, as the server's ids would be.
INSERT INTO favourites (id, account_id, status_id, created_at)
SELECT pg_temp.lab_id(l.ms, l.follower_shard, row_number() OVER (ORDER BY l.ms)), l.follower_id, l.post_id, pg_temp.lab_time(l.ms)
FROM (
    SELECT p.id AS post_id, f.follower_id, f.follower_shard,
           pg_temp.lab_after(p.ms, pg_temp.lab_u(p.key * 100003 + j, 55), 8 * 3600000, :t0) AS ms
    FROM lab_posts p
    CROSS JOIN LATERAL generate_series(0, p.likes - 1) AS j
    JOIN lab_followers f ON f.target = p.author
                        AND f.pos = 1 + floor((pg_temp.lab_u(p.key, 54) + j) / p.likes * p.followers)::int
    WHERE p.likes > 0
) l;
