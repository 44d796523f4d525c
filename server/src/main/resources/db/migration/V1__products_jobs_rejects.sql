-- Products: one row per SKU, the winning version. No secondary index: each one costs ingest speed,
-- and no read needs one yet.
CREATE TABLE products (
    sku          text PRIMARY KEY,
    name         text        NOT NULL,
    description  text        NOT NULL,
    category     text        NOT NULL,
    price_minor  bigint      NOT NULL,
    currency     char(3)     NOT NULL,
    stock        integer     NOT NULL,
    active       boolean     NOT NULL,
    attributes   jsonb       NOT NULL,
    updated_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    ingested_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per job. committed_offset and the counts advance in the same transaction as the rows
-- they cover. stream_token fences writers: only the stream holding the current token may advance it.
CREATE TABLE ingest_jobs (
    job_id            text PRIMARY KEY,
    state             text        NOT NULL,
    source            text        NOT NULL DEFAULT '',
    expected_rows     bigint,
    max_rejected      bigint,
    received          bigint      NOT NULL DEFAULT 0,
    inserted          bigint      NOT NULL DEFAULT 0,
    updated           bigint      NOT NULL DEFAULT 0,
    unchanged         bigint      NOT NULL DEFAULT 0,
    stale             bigint      NOT NULL DEFAULT 0,
    rejected          bigint      NOT NULL DEFAULT 0,
    committed_offset  bigint      NOT NULL DEFAULT 0,
    owner             text,
    stream_token      uuid,
    lease_expires_at  timestamptz,
    error             text,
    started_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);

CREATE TABLE ingest_rejects (
    job_id      text   NOT NULL REFERENCES ingest_jobs (job_id) ON DELETE CASCADE,
    row_offset  bigint NOT NULL,
    sku         text   NOT NULL,
    field       text   NOT NULL,
    reason      text   NOT NULL,
    PRIMARY KEY (job_id, row_offset)
);
