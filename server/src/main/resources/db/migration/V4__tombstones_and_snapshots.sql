-- A deleted product keeps its row as a tombstone: deleted_at set, updated_at the version that
-- deleted it, so an older version arriving later still loses and cannot bring the product back.
-- Reads leave tombstones out; retention purges them once they are older than retention.tombstones.
ALTER TABLE products ADD COLUMN deleted_at timestamptz;
CREATE INDEX products_deleted_at ON products (deleted_at) WHERE deleted_at IS NOT NULL;

ALTER TABLE ingest_jobs
    ADD COLUMN deleted bigint NOT NULL DEFAULT 0,
    ADD COLUMN retired bigint NOT NULL DEFAULT 0,
    ADD COLUMN mode text NOT NULL DEFAULT 'UPSERT',
    ADD COLUMN snapshot_category text,
    ADD COLUMN max_retired_share double precision;

-- The SKUs a SNAPSHOT job has carried, written in the transaction of the batch that carried them,
-- so a resumed snapshot knows exactly what its committed rows covered. No key (a SKU may come
-- twice): written by COPY, read by the retire step, deleted when the job ends. Logged like the rows
-- it covers: an unlogged table would come back empty after a crash, and the snapshot would retire
-- what it had carried.
CREATE TABLE snapshot_skus (
    job_id text NOT NULL,
    sku    text COLLATE "C" NOT NULL
);
CREATE INDEX snapshot_skus_job_sku ON snapshot_skus (job_id, sku);
