package dev.productingest.server.ingest;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.productingest.server.store.BatchCounts;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStore;
import dev.productingest.server.store.ProductStore;
import dev.productingest.server.store.RejectStore;
import dev.productingest.server.store.StoredVersion;
import dev.productingest.v1.ProductRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes one batch in one transaction: its winning versions, its rejects, and the job's committed
 * offset and counts, so the offset never covers a row that is not stored.
 */
public final class BatchUpserter {
    private static final int ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final ProductStore products;
    private final RejectStore rejects;
    private final JobStore jobs;
    private final Timer writes;

    public BatchUpserter(Jdbi jdbi, ProductStore products, RejectStore rejects, JobStore jobs, MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.products = products;
        this.rejects = rejects;
        this.jobs = jobs;
        this.writes = metrics.timer(MetricRegistry.name("ingest", "batch", "write"));
    }

    /**
     * @return the job as the transaction left it
     * @throws dev.productingest.server.store.JobFencedException when the stream no longer holds the job
     */
    public JobRecord write(Batch batch, UUID streamToken) {
        Winners winners = Winners.of(batch.rows());
        for (int attempt = 1; ; attempt++) {
            try (Timer.Context ignored = writes.time()) {
                return jdbi.inTransaction(h -> writeOnce(h, batch, winners, streamToken));
            } catch (RuntimeException e) {
                // Rows locked in SKU order cannot deadlock among themselves, but a SKU that another
                // stream inserts between our read and our insert can; PostgreSQL then aborts one side.
                if (attempt == ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    private JobRecord writeOnce(Handle h, Batch batch, Winners winners, UUID token) {
        Map<String, StoredVersion> stored = products.lockCurrent(h, winners.skus());
        long stale = winners.superseded();
        long unchanged = 0;
        List<ProductRow> toWrite = new ArrayList<>(winners.rows().size());
        for (ProductRow row : winners.rows()) {
            StoredVersion current = stored.get(row.getSku());
            Outcome outcome = Outcome.of(current, row);
            switch (outcome) {
                case STALE -> stale++;
                case UNCHANGED -> unchanged++;
                case WRITE -> toWrite.add(row);
            }
        }
        long inserted = 0;
        long updated = 0;
        if (!toWrite.isEmpty()) {
            Map<String, Boolean> written = products.upsert(h, toWrite);
            List<String> raced = new ArrayList<>();
            for (ProductRow row : toWrite) {
                Boolean wasInsert = written.get(row.getSku());
                if (wasInsert == null) {
                    raced.add(row.getSku());
                } else if (wasInsert) {
                    inserted++;
                } else {
                    updated++;
                }
            }
            if (!raced.isEmpty()) {
                // Another stream stored these SKUs after our read; they are locked now, so look again.
                Map<String, StoredVersion> now = products.lockCurrent(h, raced);
                for (ProductRow row : toWrite) {
                    if (raced.contains(row.getSku())) {
                        if (Outcome.of(now.get(row.getSku()), row) == Outcome.UNCHANGED) {
                            unchanged++;
                        } else {
                            stale++;
                        }
                    }
                }
            }
        }
        if (!batch.rejects().isEmpty()) {
            rejects.insert(h, batch.jobId(), batch.rejects());
        }
        BatchCounts counts = new BatchCounts(batch.size(), inserted, updated, unchanged, stale, batch.rejects().size());
        return jobs.advance(h, batch.jobId(), token, batch.startOffset(), batch.endOffset(), counts);
    }

    private static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("40P01".equals(state) || "40001".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What a received version does against the stored one. */
    enum Outcome {
        WRITE, UNCHANGED, STALE;

        static Outcome of(StoredVersion current, ProductRow row) {
            if (current == null) {
                return WRITE;
            }
            StoredVersion incoming = StoredVersion.of(row);
            int byTime = incoming.updatedAt().compareTo(current.updatedAt());
            if (byTime < 0) {
                return STALE;
            }
            return incoming.equals(current) ? UNCHANGED : WRITE;
        }
    }
}
