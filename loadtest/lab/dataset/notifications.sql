-- Notifications, as the server writes them (notifications/NotificationTriggers.java): a follow
-- (not for locked accounts, whose followers were let in one by one: approving a request leaves no
-- notification), a follow request waiting, a like, a comment on one's post or a mention (both
-- 'mention', once per status). Nobody here blocks or mutes anyone, and every liker and commenter
-- follows the author, so all of them are shown.
--
-- A notification's id is that of what caused it (the follow, the like, the comment...) with the
-- recipient's shard, and its sequence number moved into a range of its own per cause, so that
-- none meets another without numbering 16 million rows in time order again: likes 0..511,
-- follows 512..767, comments 768..895, mentions in posts 896..959, follow requests 960..1023.
-- (A range holds as long as no 512, 256, 128 or 64 of its rows fall in one millisecond.)
INSERT INTO notifications (id, account_id, from_account_id, type, status_id, created_at)
SELECT pg_temp.lab_id(pg_temp.lab_ms_of(n.cause), pg_temp.lab_shard_of(n.recipient), n.seq),
       n.recipient, n.sender, n.type, n.status_id, pg_temp.lab_time(pg_temp.lab_ms_of(n.cause))
FROM (
    SELECT p.author_id AS recipient, f.account_id AS sender, 'favourite' AS type, f.status_id, f.id AS cause,
           f.id % 512 AS seq
    FROM favourites f JOIN lab_posts p ON p.id = f.status_id
    UNION ALL
    SELECT f.target_account_id, f.account_id, 'follow', NULL, f.id, 512 + f.id % 256
    FROM follows f JOIN lab_accounts ta ON ta.id = f.target_account_id AND NOT ta.locked
    UNION ALL
    SELECT c.author_id, c.commenter_id, 'mention', c.id, c.id, 768 + c.id % 128 FROM lab_comments c
    UNION ALL
    SELECT m.id, p.author_id, 'mention', p.id, p.id, 896 + p.id % 64 FROM lab_posts p JOIN lab_accounts m ON m.i = p.mentioned
    UNION ALL
    SELECT r.target_account_id, r.account_id, 'follow_request', NULL, r.id, 960 + r.id % 64 FROM follow_requests r
) n;
