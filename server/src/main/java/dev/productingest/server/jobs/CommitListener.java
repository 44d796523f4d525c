package dev.productingest.server.jobs;

import dev.productingest.server.store.JobRecord;
import java.util.List;

/**
 * Told what the ingest path committed, after the commit, on the thread that committed it: the stream reads on, and the
 * client hears of the batch, only after every listener returned. A listener must not throw for a failure of its own
 * (Redis down, say); PostgreSQL has the truth. A listener implements only the events it uses.
 */
public interface CommitListener {
    /** A batch committed: the job as the transaction left it, and the SKUs whose stored row it wrote. */
    default void batchCommitted(JobRecord job, List<String> writtenSkus) {}

    /** A job was opened (claimed by a stream) or ended. */
    default void jobChanged(JobRecord job) {}
}
