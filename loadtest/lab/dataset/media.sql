-- Photos: every post's 1-4 attachments show one of the real uploads (lab_templates), chosen at
-- random: their rows copy its variants, sizes and blurhash, so every URL the API gives is one of a
-- dozen files stored once. Each row keeps a variants_key of its own that names no stored files,
-- so deleting a post deletes nothing that other posts show (media/MediaFileDeletion.java).
-- Uploaded a minute before their post, in order.
INSERT INTO media_attachments (id, account_id, status_id, position, state, original_key, description, width, height,
                               blurhash, variants, variants_key, created_at, processed_at)
SELECT pg_temp.lab_id(m.ms, m.shard, row_number() OVER (ORDER BY m.ms)), m.author_id, m.post_id, m.position, 'ready',
       NULL, 'A photo', t.width, t.height, t.blurhash, t.variants, md5('lab' || m.key || '/' || m.position),
       pg_temp.lab_time(m.ms), pg_temp.lab_time(m.ms + 5000)
FROM (
    SELECT p.id AS post_id, p.author_id, p.shard, p.key, position, p.ms - 60000 + position * 1000 AS ms,
           1 + floor(pg_temp.lab_u(p.key * 4 + position, 60) * (SELECT count(*) FROM lab_templates))::int AS template
    FROM lab_posts p CROSS JOIN LATERAL generate_series(0, p.photos - 1) AS position
    WHERE p.template = 0
) m
JOIN lab_templates t ON t.n = m.template;

UPDATE media_attachments m SET status_id = p.id, position = 0, description = 'A photo'
FROM lab_posts p JOIN lab_templates t ON t.n = p.template
WHERE p.template > 0 AND m.id = t.id;
