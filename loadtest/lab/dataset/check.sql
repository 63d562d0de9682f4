-- The dataset's own check: every counter equals the count it stands for, and mavid is followed by
-- at least half of everyone. Fails (ON_ERROR_STOP) naming what is wrong; prints the counts.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TEMP TABLE lab_check AS
SELECT
    (SELECT count(*) FROM accounts a
     WHERE followers_count <> (SELECT count(*) FROM follows f WHERE f.target_account_id = a.id)
        OR following_count <> (SELECT count(*) FROM follows f WHERE f.account_id = a.id)
        OR statuses_count <> (SELECT count(*) FROM statuses s WHERE s.account_id = a.id AND s.in_reply_to_id IS NULL)
        OR last_status_at IS DISTINCT FROM (SELECT max(created_at) FROM statuses s WHERE s.account_id = a.id AND s.in_reply_to_id IS NULL)
    ) AS wrong_account_counters,
    (SELECT count(*) FROM statuses s
     LEFT JOIN (SELECT status_id, count(*) AS n FROM favourites GROUP BY status_id) f ON f.status_id = s.id
     LEFT JOIN (SELECT in_reply_to_id, count(*) AS n FROM statuses WHERE in_reply_to_id IS NOT NULL GROUP BY in_reply_to_id) r
            ON r.in_reply_to_id = s.id
     WHERE s.favourites_count <> coalesce(f.n, 0) OR s.replies_count <> coalesce(r.n, 0)
    ) AS wrong_status_counters,
    (SELECT count(*) FROM accounts) AS accounts,
    (SELECT followers_count FROM accounts WHERE username = 'mavid') AS mavid_followers;

SELECT * FROM lab_check;

DO $$
DECLARE c record;
BEGIN
    SELECT * INTO c FROM lab_check;
    IF c.wrong_account_counters > 0 OR c.wrong_status_counters > 0 THEN
        RAISE EXCEPTION 'counters differ from the counts: % accounts, % statuses', c.wrong_account_counters, c.wrong_status_counters;
    END IF;
    IF c.mavid_followers IS NULL OR c.mavid_followers * 2 < c.accounts THEN
        RAISE EXCEPTION 'mavid has % followers of % accounts, fewer than half', c.mavid_followers, c.accounts;
    END IF;
END $$;
