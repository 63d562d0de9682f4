-- The social graph. Every edge is a row owned by the account that made it (account_id), pointing
-- at another account (target_account_id); its id carries the owner's logical shard, so the
-- graph can later be split by owner without an id migration. The cursor of every list is the
-- edge's id, which orders edges by when they were made.

CREATE TABLE follows (
    id                bigint PRIMARY KEY,
    account_id        bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT follows_pair_key UNIQUE (account_id, target_account_id),
    CONSTRAINT follows_not_self CHECK (account_id <> target_account_id)
);

-- Followers of an account and whom an account follows, each paged by edge id.
CREATE INDEX follows_target ON follows (target_account_id, id);
CREATE INDEX follows_account ON follows (account_id, id);

-- A follow waiting for a locked account's approval.
CREATE TABLE follow_requests (
    id                bigint PRIMARY KEY,
    account_id        bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT follow_requests_pair_key UNIQUE (account_id, target_account_id),
    CONSTRAINT follow_requests_not_self CHECK (account_id <> target_account_id)
);

CREATE INDEX follow_requests_target ON follow_requests (target_account_id, id);

-- The blocker (account_id) is invisible to the blocked account (target_account_id).
CREATE TABLE blocks (
    id                bigint PRIMARY KEY,
    account_id        bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT blocks_pair_key UNIQUE (account_id, target_account_id),
    CONSTRAINT blocks_not_self CHECK (account_id <> target_account_id)
);

CREATE INDEX blocks_account ON blocks (account_id, id);

CREATE TABLE mutes (
    id                 bigint PRIMARY KEY,
    account_id         bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id  bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Mastodon's "mute notifications from this account too"; on unless the muter says otherwise.
    hide_notifications boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT mutes_pair_key UNIQUE (account_id, target_account_id),
    CONSTRAINT mutes_not_self CHECK (account_id <> target_account_id)
);

CREATE INDEX mutes_account ON mutes (account_id, id);
