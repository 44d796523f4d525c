-- A finished job owes its completion event until a server has delivered it: published on the Redis
-- topic, and posted to the webhook. The debt is part of the job's row, so the statement that ends
-- the job (setting finished_at) is the one that records it: a server that dies right after leaves
-- it to any other server to pay.
ALTER TABLE ingest_jobs
    ADD COLUMN event_published_at timestamptz,
    ADD COLUMN event_posted_at timestamptz,
    ADD COLUMN event_attempts integer NOT NULL DEFAULT 0,
    -- While a server delivers the event, and after a failed try, no server takes it before this.
    ADD COLUMN event_not_before timestamptz;

-- Jobs that ended before events were recorded were announced by the server that ended them.
UPDATE ingest_jobs SET event_published_at = finished_at, event_posted_at = finished_at WHERE finished_at IS NOT NULL;

CREATE INDEX ingest_jobs_events_owed ON ingest_jobs (finished_at)
    WHERE finished_at IS NOT NULL AND (event_published_at IS NULL OR event_posted_at IS NULL);

-- Lease renewal finds a server's live streams by token; /jobs pages through a state by id; /stats
-- reads the last completed job.
CREATE INDEX ingest_jobs_stream_token ON ingest_jobs (stream_token) WHERE stream_token IS NOT NULL;
CREATE INDEX ingest_jobs_state_id ON ingest_jobs (state, job_id);
CREATE INDEX ingest_jobs_state_finished ON ingest_jobs (state, finished_at);
