-- Idle workers in other processes learn of new jobs at once (platform.jobs.JobNotifications)
-- instead of at their next poll. PostgreSQL delivers a NOTIFY when its transaction commits, and
-- only once per transaction and channel, so a rolled-back enqueue wakes nobody.
CREATE FUNCTION notify_jobs_enqueued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('graminsta_jobs', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_enqueued AFTER INSERT ON jobs FOR EACH STATEMENT EXECUTE FUNCTION notify_jobs_enqueued();
