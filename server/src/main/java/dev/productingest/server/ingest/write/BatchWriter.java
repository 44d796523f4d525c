package dev.productingest.server.ingest.write;

import dev.productingest.server.store.JobRecord;
import java.util.UUID;

/** Writes one batch of a stream in one transaction, with the job's counts and committed offset. */
public interface BatchWriter {
    /**
     * @param soFar the job as the stream's previous batch left it (null before its first): what its rows have been so
     *     far says how the next batch is best read and written, never what it stores
     * @return the job as the transaction left it
     * @throws dev.productingest.server.store.JobFencedException when the stream no longer holds the job
     */
    JobRecord write(Batch batch, UUID streamToken, JobRecord soFar);
}
