-- Direct uploads to object storage (docs/decisions/0009). A row is made when a client asks for a
-- presigned URL; "complete" turns the uploaded object into a media attachment (its original) and
-- records which. Rows never completed are deleted after 24 hours with their object; completed
-- ones then too, leaving the object to the attachment.
CREATE TABLE direct_uploads (
    id           bigint PRIMARY KEY,
    account_id   bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- where the client PUTs the file, under private/: it becomes the attachment's original
    object_key   text        NOT NULL UNIQUE,
    -- the type and size signed into the URL, so the store holds nothing else under the key
    content_type text        NOT NULL,
    size         bigint      NOT NULL CHECK (size > 0),
    description  text        NOT NULL DEFAULT '',
    focus_x      real        NOT NULL DEFAULT 0 CHECK (focus_x BETWEEN -1 AND 1),
    focus_y      real        NOT NULL DEFAULT 0 CHECK (focus_y BETWEEN -1 AND 1),
    -- the attachment made by "complete"; no foreign key, since attachments are deleted on their own
    -- schedule and completing again must then find nothing rather than make a second one
    media_id     bigint,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The hourly sweep of uploads older than a day.
CREATE INDEX direct_uploads_created ON direct_uploads (created_at);
