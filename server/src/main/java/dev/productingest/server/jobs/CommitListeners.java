package dev.productingest.server.jobs;

import dev.productingest.server.logging.LogText;
import dev.productingest.server.store.JobRecord;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every {@link CommitListener}, told in order; one that throws is logged and cannot fail the ingest. */
public final class CommitListeners implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(CommitListeners.class);

    private final List<CommitListener> listeners;

    public CommitListeners(List<CommitListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void batchCommitted(JobRecord job, List<String> writtenSkus) {
        for (CommitListener listener : listeners) {
            try {
                listener.batchCommitted(job, writtenSkus);
            } catch (RuntimeException e) {
                LOG.warn(
                        "{} failed after a batch of job {} committed",
                        listener.getClass().getSimpleName(),
                        LogText.of(job.jobId()),
                        e);
            }
        }
    }

    @Override
    public void jobChanged(JobRecord job) {
        for (CommitListener listener : listeners) {
            try {
                listener.jobChanged(job);
            } catch (RuntimeException e) {
                LOG.warn(
                        "{} failed after job {} became {}",
                        listener.getClass().getSimpleName(),
                        LogText.of(job.jobId()),
                        job.state(),
                        e);
            }
        }
    }
}
