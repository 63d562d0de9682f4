-- The accounts' counters, as the server keeps them: followers, following, and posts (comments do
-- not count: posts/Statuses.java), with the time of the newest post. The statuses' counters were
-- written with them (posts.sql, comments.sql).
UPDATE accounts a
SET followers_count = coalesce(fr.followers, 0), following_count = coalesce(fg.following, 0),
    statuses_count = la.posts, last_status_at = pg_temp.lab_time(p.last_ms)
FROM lab_accounts la
LEFT JOIN lab_follower_counts fr ON fr.i = la.i
LEFT JOIN (SELECT follower AS i, count(*)::int AS following FROM lab_follows GROUP BY follower) fg ON fg.i = la.i
LEFT JOIN (SELECT author AS i, max(ms) AS last_ms FROM lab_posts GROUP BY author) p ON p.i = la.i
WHERE a.id = la.id;
