package dev.productingest.server.ingest.job;

import dev.productingest.server.jobs.CommitListeners;
import dev.productingest.server.logging.LogText;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.SnapshotScope;
import dev.productingest.server.store.SnapshotStore;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a SNAPSHOT job: every stored product of its scope that none of its rows carried and whose version is
 * not newer than the snapshot's time (its as_of, else its newest row) is deleted, as a tombstone versioned at that
 * time: the snapshot speaks for the moment its data was taken, never the server's clock, so a product created after the
 * export was taken keeps its place. First the guard: a snapshot that would retire more than its share of the scope
 * retires nothing, since a truncated export looks exactly like a catalog that lost most of its products.
 */
public final class SnapshotRetirement {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRetirement.class);

    private final SnapshotStore snapshots;
    private final CommitListeners listeners;
    private final double defaultMaxShare;
    private final int batchSize;

    public SnapshotRetirement(
            SnapshotStore snapshots, CommitListeners listeners, double defaultMaxShare, int batchSize) {
        this.snapshots = snapshots;
        this.listeners = listeners;
        this.defaultMaxShare = defaultMaxShare;
        this.batchSize = batchSize;
    }

    /**
     * Retires what the job did not carry, a batch of SKUs per short transaction, each counted in the job and announced
     * to the near caches as it commits. A retire broken off is finished by the stream that resumes the job: what is
     * retired stays retired and is not found again.
     *
     * @return null when done, or why the guard refused (nothing retired)
     */
    String retire(JobRecord job, UUID token) {
        SnapshotScope scope = job.snapshot();
        Optional<Instant> time = snapshots.time(job.jobId());
        if (time.isEmpty()) {
            LOG.warn(
                    "job {}: the snapshot carried no row and named no as_of; nothing retired", LogText.of(job.jobId()));
            return "the snapshot carried no valid row and named no as_of, so it speaks for no moment; nothing was retired."
                    + " Load it with as_of (CLI --as-of), the time its data was taken";
        }
        Instant version = time.get();
        double limit = scope.maxRetiredShare() != null ? scope.maxRetiredShare() : defaultMaxShare;
        long started = System.nanoTime();
        SnapshotStore.Unseen unseen = snapshots.count(job.jobId(), scope, version);
        if (unseen.share() > limit) {
            LOG.warn(
                    "job {}: the snapshot would retire {} of {} products in scope; refused (limit {})",
                    LogText.of(job.jobId()),
                    unseen.unseen(),
                    unseen.inScope(),
                    limit);
            return String.format(
                    Locale.ROOT,
                    "the snapshot would retire %d of the %d stored products in its scope (%.1f%%), "
                            + "more than its limit of %.1f%%; nothing was retired. If the catalog really shrank, load it again with "
                            + "max_retired_share (CLI --allow-retire-share) of at least %.3f: a share above the server's guard needs a"
                            + " credential with the admin scope",
                    unseen.unseen(),
                    unseen.inScope(),
                    unseen.share() * 100,
                    limit * 100,
                    Math.ceil(unseen.share() * 1000) / 1000);
        }
        long counted = System.nanoTime();
        String after = "";
        long retired = 0;
        while (true) {
            List<String> next = snapshots.nextUnseen(job.jobId(), scope, version, after, batchSize);
            if (next.isEmpty()) {
                LOG.info(
                        "job {}: retired {} of {} products in scope the snapshot did not carry ({} ms to count, {} ms to retire)",
                        LogText.of(job.jobId()),
                        retired,
                        unseen.inScope(),
                        (counted - started) / 1_000_000,
                        (System.nanoTime() - counted) / 1_000_000);
                return null;
            }
            SnapshotStore.Retired step = snapshots.retire(job.jobId(), token, version, next);
            listeners.batchCommitted(step.job(), step.skus());
            retired += step.skus().size();
            after = next.get(next.size() - 1);
        }
    }
}
