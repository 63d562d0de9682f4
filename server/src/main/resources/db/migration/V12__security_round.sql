-- The security round (docs/decisions/0013-security-round.md).

-- The token an authorization code gave: a code presented a second time may have been stolen,
-- and RFC 6749 §4.1.2 asks that the token first issued from it be revoked.
ALTER TABLE oauth_authorization_codes
    ADD COLUMN access_token_id bigint REFERENCES oauth_access_tokens (id) ON DELETE SET NULL;

-- Expired rate-limit buckets are swept hourly; Bucket4j's expires_at is in epoch milliseconds.
CREATE INDEX rate_limit_buckets_expires_at ON rate_limit_buckets (expires_at);
