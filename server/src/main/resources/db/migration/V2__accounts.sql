-- An account is the public profile; a user is the private sign-in record behind it.
CREATE TABLE accounts (
    id               bigint PRIMARY KEY,
    username         text        NOT NULL,
    display_name     text        NOT NULL DEFAULT '',
    note             text        NOT NULL DEFAULT '',
    locked           boolean     NOT NULL DEFAULT false,
    avatar_key       text,
    followers_count  integer     NOT NULL DEFAULT 0 CHECK (followers_count >= 0),
    following_count  integer     NOT NULL DEFAULT 0 CHECK (following_count >= 0),
    statuses_count   integer     NOT NULL DEFAULT 0 CHECK (statuses_count >= 0),
    last_status_at   timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Usernames are unique ignoring case: this index is what makes two racing sign-ups end with one winner.
CREATE UNIQUE INDEX accounts_username_key ON accounts (lower(username));
CREATE INDEX accounts_username_prefix ON accounts (lower(username) text_pattern_ops);

CREATE TABLE users (
    account_id          bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    email               text        NOT NULL,
    password_hash       text        NOT NULL,
    locale              text        NOT NULL DEFAULT 'en',
    created_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));
