package dev.productingest.server.ingest.job;

import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestSummary;
import java.util.UUID;

/** What a stream asks of the job table: to take its job, to end it, and to let it go for a resume. */
public interface StreamJobs {
    /**
     * Takes the job for the stream holding {@code token}, and keeps its lease, or explains with a status why it cannot.
     *
     * @param owner the name of the credential opening (or resuming) the job: only it may resume it
     */
    OpenedJob open(String jobId, IngestHeader header, String owner, UUID token);

    /**
     * Ends a job this stream holds (as it opened it) and answers with its summary; the stream holds it no more,
     * whatever happens.
     */
    IngestSummary finish(JobRecord job, UUID token, JobStatus state, String error);

    /** The summary of a job as it stands. */
    IngestSummary summarize(JobRecord job);

    /** Lets go of a job this stream holds, so that a new stream can resume it at once. */
    void release(String jobId, UUID token);
}
