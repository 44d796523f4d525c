-- The credential that opened a job: the job's owner, who may read, resume and cancel it. The older
-- column "owner" keeps what it always held, the server instance holding the job's stream (added to,
-- not renamed, so servers of the previous version keep running beside new ones during an upgrade).
-- Jobs opened before credentials existed have none, and are claimed by the next stream that resumes them.
ALTER TABLE ingest_jobs ADD COLUMN credential text;
