-- Posts and comments are statuses; a comment is a status with in_reply_to_id. Likes are
-- favourites. Counters on statuses are denormalised and kept exact in the writing transaction.
CREATE TABLE statuses (
    id                     bigint PRIMARY KEY,
    account_id             bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    in_reply_to_id         bigint REFERENCES statuses (id) ON DELETE CASCADE,
    in_reply_to_account_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
    -- The author of the post at the top of the thread (the status's own author for a post). A
    -- comment is visible exactly where its post is: it takes the post's visibility, and the
    -- visibility rule asks whether the viewer follows this account, not the commenter.
    post_account_id        bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    text                   text        NOT NULL DEFAULT '',
    spoiler_text           text        NOT NULL DEFAULT '',
    sensitive              boolean     NOT NULL DEFAULT false,
    visibility             text        NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private')),
    language               text,
    favourites_count       integer     NOT NULL DEFAULT 0 CHECK (favourites_count >= 0),
    replies_count          integer     NOT NULL DEFAULT 0 CHECK (replies_count >= 0),
    created_at             timestamptz NOT NULL DEFAULT now()
);

-- An account's posts, newest first (profile grids, and the home timeline's pull per followed account).
CREATE INDEX statuses_account_id ON statuses (account_id, id DESC);
-- The public timeline: recent top-level public posts.
CREATE INDEX statuses_public ON statuses (id DESC) WHERE visibility = 'public' AND in_reply_to_id IS NULL;
-- Comments under a post, oldest first.
CREATE INDEX statuses_in_reply_to ON statuses (in_reply_to_id, id) WHERE in_reply_to_id IS NOT NULL;

CREATE TABLE favourites (
    id         bigint PRIMARY KEY,
    account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id  bigint      NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, status_id)
);
CREATE INDEX favourites_status ON favourites (status_id, id DESC);
CREATE INDEX favourites_account ON favourites (account_id, id DESC);

CREATE TABLE tags (
    id         bigint PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tags_name ON tags (lower(name));
CREATE INDEX tags_name_prefix ON tags (lower(name) text_pattern_ops);

CREATE TABLE status_tags (
    tag_id    bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    status_id bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    PRIMARY KEY (tag_id, status_id)
);
CREATE INDEX status_tags_status ON status_tags (status_id);

CREATE TABLE mentions (
    status_id  bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (status_id, account_id)
);
CREATE INDEX mentions_account ON mentions (account_id);

-- Idempotency-Key on POST /api/v1/statuses: the same key from the same account gives the same post.
CREATE TABLE status_idempotency_keys (
    account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key        text        NOT NULL,
    -- Checked at commit: the key is claimed first, with the id the new post is about to get, so a
    -- concurrent duplicate waits on this row instead of creating a second post.
    status_id  bigint      NOT NULL REFERENCES statuses (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, key)
);

ALTER TABLE media_attachments
    ADD CONSTRAINT media_attachments_status FOREIGN KEY (status_id) REFERENCES statuses (id) ON DELETE SET NULL;

CREATE TABLE reports (
    id                bigint PRIMARY KEY,
    account_id        bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_ids        bigint[]    NOT NULL DEFAULT '{}',
    comment           text        NOT NULL DEFAULT '',
    category          text        NOT NULL DEFAULT 'other' CHECK (category IN ('spam', 'legal', 'violation', 'other')),
    forward           boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    action_taken_at   timestamptz
);

CREATE INDEX reports_target ON reports (target_account_id, id);
