package dev.productingest.server.ingest.job;

import dev.productingest.server.store.JobRecord;

/**
 * A job as a stream found it. {@code replayOnly}: the job has already completed, so the stream may only resend
 * committed rows (a client retrying a load whose answer it lost) and gets the summary.
 */
public record OpenedJob(JobRecord record, boolean replayOnly) {}
