-- OAuth applications, authorization codes and access tokens. Secrets, codes and tokens are kept
-- only as SHA-256 hashes: a copy of this database signs nobody in.
CREATE TABLE oauth_apps (
    id                 bigint PRIMARY KEY,
    name               text        NOT NULL,
    website            text,
    redirect_uris      text        NOT NULL,
    scopes             text        NOT NULL,
    client_id          text        NOT NULL UNIQUE,
    client_secret_hash bytea       NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE oauth_authorization_codes (
    code_hash             bytea PRIMARY KEY,
    app_id                bigint      NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    account_id            bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    redirect_uri          text        NOT NULL,
    scopes                text        NOT NULL,
    code_challenge        text,
    code_challenge_method text,
    expires_at            timestamptz NOT NULL,
    used_at               timestamptz
);

CREATE TABLE oauth_access_tokens (
    id         bigint PRIMARY KEY,
    token_hash bytea       NOT NULL UNIQUE,
    app_id     bigint      NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    -- null for an app's own token (client_credentials): it acts for no user
    account_id bigint REFERENCES accounts (id) ON DELETE CASCADE,
    scopes     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX oauth_access_tokens_account ON oauth_access_tokens (account_id) WHERE revoked_at IS NULL;

-- Token buckets for rate limits, shared by every server instance (Bucket4j's PostgreSQL store).
CREATE TABLE rate_limit_buckets (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
