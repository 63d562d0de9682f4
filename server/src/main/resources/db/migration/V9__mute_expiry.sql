-- A mute may end by itself (Mastodon's "duration"). Null: until undone. A mute whose time has
-- passed counts for nothing from that moment (every query checks expires_at); the hourly sweep
-- then deletes the row.
ALTER TABLE mutes ADD COLUMN expires_at timestamptz;

-- The sweep's search for ended mutes, which are few among the mutes that last.
CREATE INDEX mutes_expires_at ON mutes (expires_at) WHERE expires_at IS NOT NULL;
