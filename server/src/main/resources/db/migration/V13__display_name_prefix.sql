-- Account search matches a prefix of the username or of the display name. The username had an
-- index for it; the display name had none, so every search read the whole table: 190 ms a search
-- with the lab's 100,000 accounts. Not CONCURRENTLY: Flyway's lock keeps a transaction open that
-- such a build waits for forever, and building it blocks sign-ups and profile edits for about a
-- second per million accounts.
CREATE INDEX IF NOT EXISTS accounts_display_name_prefix ON accounts (lower(display_name) text_pattern_ops);
