-- Uploaded photos. A row is made when the upload arrives (state 'processing'); the background
-- job fills in the variants and turns it 'ready', or 'failed' with a reason the user can read.
CREATE TABLE media_attachments (
    id           bigint PRIMARY KEY,
    account_id   bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- set when a post takes it; a post's photos keep their order by position
    status_id    bigint,
    position     smallint,
    state        text        NOT NULL DEFAULT 'processing' CHECK (state IN ('processing', 'ready', 'failed')),
    failure      text,
    original_key text,
    description  text        NOT NULL DEFAULT '',
    focus_x      real        NOT NULL DEFAULT 0 CHECK (focus_x BETWEEN -1 AND 1),
    focus_y      real        NOT NULL DEFAULT 0 CHECK (focus_y BETWEEN -1 AND 1),
    width        integer,
    height       integer,
    blurhash     text,
    -- {"feed": {"key": ..., "width": ..., "height": ...}, "small": {...}, "thumb": {...}}
    variants     jsonb,
    -- the random folder the variants are written under, chosen at upload so that a retried job
    -- writes the same keys again instead of a second set
    variants_key text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz
);

CREATE INDEX media_attachments_status ON media_attachments (status_id, position) WHERE status_id IS NOT NULL;
CREATE INDEX media_attachments_unattached ON media_attachments (account_id, created_at) WHERE status_id IS NULL;
-- The hourly sweep of uploads never attached to a post.
CREATE INDEX media_attachments_orphaned ON media_attachments (created_at) WHERE status_id IS NULL;

-- The durable job queue (platform.jobs). A row is a job waiting to run or running: a worker
-- claims it by moving run_at to the end of its lease and bumping attempts, then keeps extending
-- the lease while it works. A worker that dies stops extending, the lease runs out and another
-- worker claims the job again. Done jobs are deleted; jobs that failed too often stay as 'dead'.
CREATE TABLE jobs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type       text        NOT NULL,
    payload    jsonb       NOT NULL,
    state      text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'dead')),
    run_at     timestamptz NOT NULL DEFAULT now(),
    -- how often a worker has claimed it; also the fencing token of the current claim
    attempts   integer     NOT NULL DEFAULT 0,
    locked_by  text,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'queued';

-- Recurring jobs: whichever worker moves next_run_at forward enqueues that run, so a schedule
-- fires once per interval however many workers there are.
CREATE TABLE job_schedules (
    name        text PRIMARY KEY,
    next_run_at timestamptz NOT NULL
);
