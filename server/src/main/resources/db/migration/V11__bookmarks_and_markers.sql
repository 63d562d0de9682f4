-- Bookmarks: private marks on statuses, the same kind of edge as favourites (and listed by the
-- same query), without a counter, since nobody else sees them.
CREATE TABLE bookmarks (
    id         bigint PRIMARY KEY,
    account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id  bigint      NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, status_id)
);
CREATE INDEX bookmarks_account ON bookmarks (account_id, id DESC);
CREATE INDEX bookmarks_status ON bookmarks (status_id);

-- Markers: where an account stopped reading its home timeline and its notifications, so another
-- of its apps can resume there. version counts the updates, as Mastodon's does.
CREATE TABLE markers (
    account_id   bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    timeline     text        NOT NULL CHECK (timeline IN ('home', 'notifications')),
    last_read_id bigint      NOT NULL,
    version      integer     NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, timeline)
);
