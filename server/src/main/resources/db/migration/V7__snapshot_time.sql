-- The moment a snapshot speaks for: the producer's as_of, else the newest updated_at among the rows
-- it carried, kept in the same transaction as each batch that carried them (a resumed snapshot
-- knows it exactly). Products newer than that time are never retired by the snapshot.
ALTER TABLE ingest_jobs
    ADD COLUMN snapshot_as_of timestamptz,
    ADD COLUMN snapshot_newest timestamptz;
