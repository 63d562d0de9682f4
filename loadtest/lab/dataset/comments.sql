-- Comments: `comments` per post (posts.sql), written by followers of its author drawn by
-- systematic sampling over their numbered list (lab_followers), so nobody comments twice on one
-- post; within a few hours mostly. One in ten starts by mentioning the author.
CREATE TEMP TABLE lab_comments AS
WITH drawn AS (
    SELECT p.id AS post_id, p.author, p.author_id, p.visibility, f.follower_id AS commenter_id, f.follower_shard, j,
           p.key * 100003 + j AS key,
           pg_temp.lab_after(p.ms, pg_temp.lab_u(p.key * 100003 + j, 51), 6 * 3600000, :t0) AS ms
    FROM lab_posts p
    CROSS JOIN LATERAL generate_series(0, p.comments - 1) AS j
    JOIN lab_followers f ON f.target = p.author
                        AND f.pos = 1 + floor((pg_temp.lab_u(p.key, 50) + j) / p.comments * p.followers)::int
    WHERE p.comments > 0
)
SELECT d.*,
       -- comments take sequence numbers 512..1023, posts 0..511: the two never share an id
       pg_temp.lab_id(d.ms, d.follower_shard, 512 + row_number() OVER (ORDER BY d.ms) % 512) AS id,
       pg_temp.lab_u(d.key, 52) < 0.1 AS mentions_author
FROM drawn d;

-- Posts and comments together, in the order they were written.
INSERT INTO statuses (id, account_id, in_reply_to_id, in_reply_to_account_id, post_account_id, text, visibility,
                      language, favourites_count, replies_count, created_at)
SELECT id, account_id, in_reply_to_id, in_reply_to_account_id, post_account_id, text, visibility, 'en',
       favourites_count, replies_count, pg_temp.lab_time(pg_temp.lab_ms_of(id))
FROM (
    SELECT p.id, p.author_id AS account_id, NULL::bigint AS in_reply_to_id, NULL::bigint AS in_reply_to_account_id,
           p.author_id AS post_account_id,
           (ARRAY['Golden hour', 'Morning walk', 'Coffee first', 'Weekend at last', 'City lights', 'By the sea',
                  'Into the woods', 'Sunday brunch', 'Rainy day', 'Mountain air', 'Street corner', 'Old town',
                  'New place, new view', 'Back home', 'Road trip', 'Late night', 'Little things', 'Market day',
                  'Fresh snow', 'Spring is here', 'Summer evening', 'Autumn colours', 'First light', 'Blue hour',
                  'At the lake', 'Garden days', 'Café stop', 'Train window', 'Hello from the top', 'Slow morning'])
               [1 + floor(pg_temp.lab_u(p.key, 33) * 30)::int]
           || CASE WHEN p.mentioned IS NOT NULL THEN ' with @' || m.username ELSE '' END
           || CASE WHEN p.tag_count >= 1 THEN ' #' || pg_temp.lab_tag(p.tag1) ELSE '' END
           || CASE WHEN p.tag_count >= 2 AND p.tag2 <> p.tag1 THEN ' #' || pg_temp.lab_tag(p.tag2) ELSE '' END
           || CASE WHEN p.tag_count >= 3 AND p.tag3 NOT IN (p.tag1, p.tag2) THEN ' #' || pg_temp.lab_tag(p.tag3) ELSE '' END AS text,
           p.visibility, p.likes AS favourites_count, p.comments AS replies_count
    FROM lab_posts p LEFT JOIN lab_accounts m ON m.i = p.mentioned
    UNION ALL
    SELECT c.id, c.commenter_id, c.post_id, c.author_id, c.author_id,
           CASE WHEN c.mentions_author THEN '@' || a.username || ' ' ELSE '' END
           || (ARRAY['Love this!', 'Wow', 'Beautiful shot', 'Where is this?', 'Stunning 😍', 'So good',
                     'Amazing colours', 'Miss this place', 'Great light', 'Take me there', 'This is lovely',
                     'Perfect timing', 'Incredible', 'So calm', 'Need to go here', 'The colours!', 'Classic',
                     'Brilliant', 'Ha, love it', 'Gorgeous'])[1 + floor(pg_temp.lab_u(c.key, 53) * 20)::int],
           c.visibility, 0, 0
    FROM lab_comments c JOIN lab_accounts a ON a.i = c.author
) s
ORDER BY id;

-- Hashtags, and which posts carry them.
INSERT INTO tags (id, name, created_at)
SELECT pg_temp.lab_id(:t0 - 200 * 86400000::bigint + t, 0, t), pg_temp.lab_tag(t), pg_temp.lab_time(:t0 - 200 * 86400000::bigint + t)
FROM generate_series(1, :tags) AS t;

INSERT INTO status_tags (tag_id, status_id)
SELECT DISTINCT t.id, p.id
FROM lab_posts p
CROSS JOIN LATERAL (VALUES (1, p.tag1), (2, p.tag2), (3, p.tag3)) AS pt (n, rank)
JOIN tags t ON lower(t.name) = pg_temp.lab_tag(pt.rank)
WHERE pt.n <= p.tag_count;

INSERT INTO mentions (status_id, account_id)
SELECT p.id, m.id FROM lab_posts p JOIN lab_accounts m ON m.i = p.mentioned
UNION ALL
SELECT c.id, c.author_id FROM lab_comments c WHERE c.mentions_author;
