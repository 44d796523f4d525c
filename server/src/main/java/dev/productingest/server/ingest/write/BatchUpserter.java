package dev.productingest.server.ingest.write;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Timer;
import dev.productingest.rules.FieldGroups;
import dev.productingest.rules.RowValidator;
import dev.productingest.server.jobs.CommitListeners;
import dev.productingest.server.store.BatchCounts;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStore;
import dev.productingest.server.store.ProductStore;
import dev.productingest.server.store.RejectStore;
import dev.productingest.server.store.SnapshotStore;
import dev.productingest.server.store.StoredVersion;
import dev.productingest.server.store.VersionOrder;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowError;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes one batch in one transaction: its winning versions, its rejects, and the job's committed offset and counts, so
 * the offset never covers a row that is not stored.
 */
public final class BatchUpserter implements BatchWriter {
    // Contention ends when the other writers' batches commit, within a batch's time: retried with
    // jittered waits for this long, the batch then fails as ABORTED and the producer resumes.
    private static final Duration CONTENTION_BUDGET = Duration.ofSeconds(10);

    private final Jdbi jdbi;
    private final ProductStore products;
    private final RejectStore rejects;
    private final JobStore jobs;
    private final SnapshotStore snapshots;
    private final CommitListeners listeners;
    private final Timer writes;
    private final Meter insertOnlyMisses;
    private final Histogram batchRows;
    private final RowMeters rows;

    public BatchUpserter(
            Jdbi jdbi,
            ProductStore products,
            RejectStore rejects,
            JobStore jobs,
            SnapshotStore snapshots,
            CommitListeners listeners,
            MetricRegistry metrics,
            Reservoir latencies) {
        this.jdbi = jdbi;
        this.products = products;
        this.rejects = rejects;
        this.jobs = jobs;
        this.snapshots = snapshots;
        this.listeners = listeners;
        this.writes = metrics.timer(MetricRegistry.name("ingest", "batch", "write"), () -> new Timer(latencies));
        this.insertOnlyMisses = metrics.meter(MetricRegistry.name("ingest", "batch", "insert-only-misses"));
        this.batchRows = metrics.histogram(MetricRegistry.name("ingest", "batch", "rows"));
        this.rows = new RowMeters(metrics);
    }

    /**
     * While every row of the job so far went in as a new SKU, the batch is tried as inserts alone first, without
     * reading the stored rows: a new catalog then costs one COPY and no lock-read. A stored SKU fails that COPY, and
     * the batch is written again the usual way.
     */
    @Override
    public JobRecord write(Batch batch, UUID streamToken, JobRecord soFar) {
        batchRows.update(batch.size());
        Winners winners = Winners.of(batch.rows());
        StoredRead read = onlyNewSoFar(soFar) ? StoredRead.NONE : StoredRead.of(winners, soFar);
        long giveUpAt = System.nanoTime() + CONTENTION_BUDGET.toNanos();
        for (int attempt = 1; ; attempt++) {
            Committed committed;
            StoredRead thisAttempt = read;
            try (Timer.Context ignored = writes.time()) {
                committed = jdbi.inTransaction(h -> writeOnce(h, batch, winners, streamToken, thisAttempt));
            } catch (RuntimeException e) {
                // A SKU stored before our COPY fails it (unique violation): one stored already when
                // the batch was tried as inserts alone, or one another stream inserted after our
                // read. Rows locked in SKU order can still meet new rows another stream inserts
                // (deadlock). A wait for rows longer than the session's lock timeout fails too: their
                // holder may be a session whose client vanished, which PostgreSQL ends after its idle
                // timeout. PostgreSQL aborts the transaction, and the next attempt reads the rows as
                // they are now.
                if (!isRetryable(e) || System.nanoTime() > giveUpAt) {
                    throw e;
                }
                if (read == StoredRead.NONE) {
                    insertOnlyMisses.mark();
                    read = StoredRead.of(winners, soFar);
                } else if (read == StoredRead.NEWER_FIRST) {
                    // A row another batch holds: this batch now lock-reads every row in SKU order, waiting its turn.
                    read = StoredRead.VERSIONS_THEN_TIES;
                } else {
                    backOff(attempt);
                }
                continue;
            }
            rows.mark(committed.counts());
            listeners.batchCommitted(committed.job(), committed.writtenSkus());
            return committed.job();
        }
    }

    private record Committed(JobRecord job, List<String> writtenSkus, BatchCounts counts) {}

    /** How an attempt at a batch reads the stored versions of its SKUs. */
    private enum StoredRead {
        /** Not at all: the batch is tried as inserts alone. */
        NONE,
        /** The versions and every product's content in one statement: for a re-load whose rows mostly tie. */
        WITH_CONTENT,
        /** The versions, then the content of the batch's ties alone. */
        VERSIONS_THEN_TIES,
        /**
         * None for whole rows newer than their stored product in every group, written by one guarded UPDATE (which
         * locks them in SKU order); the versions of the rest, then the content of their ties. The rest are locked
         * without waiting: a row another batch holds fails the attempt, made again as {@link #VERSIONS_THEN_TIES},
         * since waiting for it while holding rows later in SKU order could deadlock.
         */
        NEWER_FIRST;

        /**
         * A job whose rows so far were mostly written over stored ones is a changed catalog, whose next rows are most
         * likely newer too: written without reading them first. Content is compared only on a tie (the same content
         * version). A job whose rows so far came out unchanged at least as often as not (or that has none yet) is a
         * re-load of a catalog as stored, where every row ties; in any other, and in a batch carrying no content, most
         * stored content would be read for nothing.
         */
        static StoredRead of(Winners winners, JobRecord soFar) {
            if (soFar != null && soFar.updated() > soFar.inserted() + soFar.unchanged() + soFar.stale()) {
                return NEWER_FIRST;
            }
            boolean mostlyUnchanged = soFar == null || soFar.unchanged() >= soFar.updated() + soFar.stale();
            return readsContent(winners) && mostlyUnchanged ? WITH_CONTENT : VERSIONS_THEN_TIES;
        }
    }

    /**
     * Committed rows by outcome: {@code ingest.rows.inserted}, {@code .updated}, {@code .unchanged}, {@code .stale},
     * {@code .deleted}, {@code .rejected}.
     */
    private static final class RowMeters {
        private final Meter inserted;
        private final Meter updated;
        private final Meter unchanged;
        private final Meter stale;
        private final Meter deleted;
        private final Meter rejected;

        RowMeters(MetricRegistry metrics) {
            inserted = metrics.meter(MetricRegistry.name("ingest", "rows", "inserted"));
            updated = metrics.meter(MetricRegistry.name("ingest", "rows", "updated"));
            unchanged = metrics.meter(MetricRegistry.name("ingest", "rows", "unchanged"));
            stale = metrics.meter(MetricRegistry.name("ingest", "rows", "stale"));
            deleted = metrics.meter(MetricRegistry.name("ingest", "rows", "deleted"));
            rejected = metrics.meter(MetricRegistry.name("ingest", "rows", "rejected"));
        }

        void mark(BatchCounts counts) {
            inserted.mark(counts.inserted());
            updated.mark(counts.updated());
            unchanged.mark(counts.unchanged());
            stale.mark(counts.stale());
            deleted.mark(counts.deleted());
            rejected.mark(counts.rejected());
        }
    }

    private Committed writeOnce(Handle h, Batch batch, Winners winners, UUID token, StoredRead read) {
        Tally tally = new Tally();
        ProductWrites writes = new ProductWrites();
        List<SkuRows> toRead =
                read == StoredRead.NEWER_FIRST ? writeNewerWholeRows(h, winners, tally, writes) : winners.skus();
        Map<String, StoredVersion> stored = switch (read) {
            case NONE -> Map.of();
            case WITH_CONTENT -> products.lockCurrent(h, winners.skuNames());
            case VERSIONS_THEN_TIES -> lockVersionsThenTies(h, toRead, true);
            case NEWER_FIRST -> lockVersionsThenTies(h, toRead, false);
        };
        for (SkuRows sku : toRead) {
            StoredVersion current = stored.get(sku.sku());
            SkuOutcome outcome = new SkuOutcome(sku, current);
            for (int i = 0; i < sku.rows().size(); i++) {
                tally.count(outcome.outcome(i));
            }
            writes.add(outcome.writes(), current == null);
        }
        writes.apply(h, products);
        if (!batch.rejects().isEmpty()) {
            rejects.insert(h, batch.jobId(), batch.rejects());
        }
        if (batch.snapshot()) {
            snapshots.carried(h, batch.jobId(), carriedSkus(winners, batch));
        }
        BatchCounts counts = new BatchCounts(
                batch.size(),
                tally.inserted,
                tally.updated,
                tally.unchanged,
                tally.stale,
                tally.deleted,
                batch.rejects().size());
        JobRecord job = jobs.advance(
                h,
                batch.jobId(),
                token,
                batch.startOffset(),
                batch.endOffset(),
                counts,
                batch.snapshot() ? winners.newest() : null);
        return new Committed(job, writes.skus(), counts);
    }

    /**
     * Writes the batch's SKUs that come as one whole live row newer in every group than a product readers see, as the
     * winner rule would (each such row counts as updated), in one statement that reads nothing back but their SKUs.
     *
     * @return the SKUs left, in order, for the stored versions to decide
     */
    private List<SkuRows> writeNewerWholeRows(Handle h, Winners winners, Tally tally, ProductWrites writes) {
        List<ProductRow> whole = new ArrayList<>(winners.skus().size());
        for (SkuRows sku : winners.skus()) {
            ProductRow row = sku.rows().get(0);
            if (sku.rows().size() == 1 && !row.getDeleted() && FieldGroups.whole(FieldGroups.of(row))) {
                whole.add(row);
            }
        }
        if (whole.isEmpty()) {
            return winners.skus();
        }
        Set<String> written = products.updateWhereOlder(h, whole);
        List<SkuRows> rest = new ArrayList<>(winners.skus().size() - written.size());
        for (SkuRows sku : winners.skus()) {
            if (written.contains(sku.sku())) {
                tally.count(Outcome.UPDATE);
                writes.written(sku.sku());
            } else {
                rest.add(sku);
            }
        }
        return rest;
    }

    /**
     * The stored versions of these SKUs, locked, with the content of those whose content the winner rule will compare
     * with the batch's greatest content version (a tie): a changed catalog's rows leave their largest columns (names,
     * descriptions, attributes) unread.
     *
     * @param wait whether to wait for rows another transaction holds, or fail at once (SQL state 55P03)
     */
    private Map<String, StoredVersion> lockVersionsThenTies(Handle h, List<SkuRows> skus, boolean wait) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        List<String> names = Winners.skuNames(skus);
        Map<String, StoredVersion> stored = wait ? products.lockVersions(h, names) : products.tryLockVersions(h, names);
        List<String> ties = new ArrayList<>();
        for (SkuRows sku : skus) {
            StoredVersion current = sku.content() == SkuRows.NONE ? null : stored.get(sku.sku());
            if (current != null && VersionOrder.comparesContent(sku.version(sku.content()), current)) {
                ties.add(sku.sku());
            }
        }
        if (!ties.isEmpty()) {
            products.readContent(h, stored, ties);
        }
        return stored;
    }

    /**
     * Whether every row of the job so far went in as a new SKU (or it has no rows yet): a fresh catalog, whose next
     * batch is worth trying as inserts alone.
     */
    private static boolean onlyNewSoFar(JobRecord job) {
        return job == null || (job.updated() == 0 && job.unchanged() == 0 && job.stale() == 0);
    }

    /**
     * Whether any row of the batch carries content (a tombstone included): a price or stock feed's batch then reads
     * only the versions it competes with, not the names, descriptions and attributes of every product it touches.
     */
    private static boolean readsContent(Winners winners) {
        for (SkuRows sku : winners.skus()) {
            if (sku.content() != SkuRows.NONE) {
                return true;
            }
        }
        return false;
    }

    /** The rows of a batch by outcome. */
    private static final class Tally {
        long inserted;
        long updated;
        long unchanged;
        long stale;
        long deleted;

        void count(Outcome outcome) {
            switch (outcome) {
                case INSERT -> inserted++;
                case UPDATE -> updated++;
                case DELETE -> deleted++;
                case UNCHANGED -> unchanged++;
                case STALE -> stale++;
            }
        }
    }

    /**
     * Every SKU a snapshot's batch carried, once: its rows, whatever became of them, and its rejected rows that name a
     * valid SKU. A product the producer still sends is not discontinued, even when this version of it was refused.
     */
    private static Collection<String> carriedSkus(Winners winners, Batch batch) {
        if (batch.rejects().isEmpty()) {
            return winners.skuNames();
        }
        Set<String> skus = new HashSet<>(winners.skuNames());
        for (RowError reject : batch.rejects()) {
            if (RowValidator.validateSku(reject.getSku()).isEmpty()) {
                skus.add(reject.getSku());
            }
        }
        return skus;
    }

    /** A few milliseconds, more after each attempt and drawn at random, so that writers that met do not meet again. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2 + Math.min(200, 5L << Math.min(attempt, 6))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between attempts of a batch", e);
        }
    }

    /**
     * Whether the batch failed only because other writers touched the same products at the same time: a deadlock, a
     * serialization failure, a unique violation (a race of inserts), or a lock wait that timed out.
     */
    public static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("40P01".equals(state) || "40001".equals(state) || "23505".equals(state) || "55P03".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }
}
