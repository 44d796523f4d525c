package dev.productingest.server.ingest.write;

import dev.productingest.server.store.JobRecord;
import java.util.UUID;

/** Writes one batch of a stream in one transaction, with the job's counts and committed offset. */
public interface BatchWriter {
    /**
     * @param expectNew whether every row of the job so far went in as a new SKU, so the batch is worth trying as
     *     inserts alone
     * @return the job as the transaction left it
     * @throws dev.productingest.server.store.JobFencedException when the stream no longer holds the job
     */
    JobRecord write(Batch batch, UUID streamToken, boolean expectNew);
}
