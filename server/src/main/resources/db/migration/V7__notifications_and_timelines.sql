-- What an account should hear about: someone followed it or asked to, liked its post, mentioned
-- it, or commented on its post. A row is owned by its recipient (account_id), and its id carries
-- the recipient's logical shard.
CREATE TABLE notifications (
    id              bigint PRIMARY KEY,
    account_id      bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    from_account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Mastodon's types. A comment on one's post is a 'mention', as in Mastodon, which has no
    -- 'reply' type: clients drop types they do not know.
    type            text        NOT NULL CHECK (type IN ('follow', 'follow_request', 'favourite', 'mention')),
    -- Deleting a status deletes its notifications, and those of the comments under it.
    status_id       bigint REFERENCES statuses (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- One notification per cause: liking, unliking and liking again, or a comment that also
    -- @mentions the post's author, notifies once.
    CONSTRAINT notifications_once UNIQUE NULLS NOT DISTINCT (account_id, type, from_account_id, status_id),
    CONSTRAINT notifications_not_self CHECK (account_id <> from_account_id)
);

-- An account's notifications, newest first.
CREATE INDEX notifications_account ON notifications (account_id, id DESC);
-- For the cascades when a status or an account goes.
CREATE INDEX notifications_status ON notifications (status_id) WHERE status_id IS NOT NULL;
CREATE INDEX notifications_from_account ON notifications (from_account_id);

-- The home timeline (comments are not in it, see feed/HomeTimeline) looks first among the newest
-- posts of everyone, then, if the followed accounts wrote too few of them, at each followed
-- account's newest posts. Both are answered from these indexes alone.
CREATE INDEX statuses_posts_recent ON statuses (id DESC) INCLUDE (account_id) WHERE in_reply_to_id IS NULL;
CREATE INDEX statuses_account_posts ON statuses (account_id, id DESC) WHERE in_reply_to_id IS NULL;
