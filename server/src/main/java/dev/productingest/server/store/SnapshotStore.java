package dev.productingest.server.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What a SNAPSHOT job needs beyond its rows: the SKUs it carried ({@code snapshot_skus}), and at completion the stored
 * products it did not carry and that are not newer than the snapshot's time, retired as tombstones versioned at that
 * time.
 */
public final class SnapshotStore {
    private static final String COPY_CARRIED = "COPY snapshot_skus (job_id, sku) FROM STDIN WITH (FORMAT binary)";

    // The readable products of the snapshot's scope (one whose content never arrived is not one).
    private static final String IN_SCOPE = "p.deleted_at IS NULL AND p.updated_at IS NOT NULL"
            + " AND (CAST(:category AS text) IS NULL OR p.category = :category)";

    // Those the job may retire: not carried by it, and with content not newer than the snapshot's
    // time (a product created or written after the export was taken is not the snapshot's to speak
    // for). The content alone: the retire's tombstone is a content version, which a later price or
    // stock never undoes, so a price newer than the snapshot must not spare the product either, or
    // the table would depend on whether the price arrived before the snapshot or after it.
    private static final String NOT_CARRIED = """
            p.updated_at <= :version
            AND NOT EXISTS (SELECT 1 FROM snapshot_skus s WHERE s.job_id = :job_id AND s.sku = p.sku)""";

    private static final String COUNT = "SELECT count(*) AS in_scope, count(*) FILTER (WHERE " + NOT_CARRIED
            + ") AS unseen" + " FROM products p WHERE " + IN_SCOPE;

    private static final String NEXT_UNSEEN = "SELECT p.sku FROM products p WHERE " + IN_SCOPE + " AND " + NOT_CARRIED
            + " AND p.sku > :after ORDER BY p.sku LIMIT :limit";

    // Locked in SKU order, as ingest batches lock, and checked again under the lock: a product
    // written or deleted since it was found is left alone.
    private static final String RETIRE = """
            WITH locked AS (
                SELECT sku FROM products
                WHERE sku = ANY(:skus) AND deleted_at IS NULL AND updated_at <= :version
                ORDER BY sku
                FOR UPDATE)
            UPDATE products p SET deleted_at = now(), updated_at = :version, ingested_at = now(),
                """ + ProductStore.KEEP_PRICE_AND_STOCK_VERSIONS + """
            FROM locked WHERE p.sku = locked.sku
            RETURNING p.sku""";

    private static final String COUNT_RETIRED = """
            UPDATE ingest_jobs SET retired = retired + :retired, updated_at = now()
            WHERE job_id = :job_id AND stream_token = :token
            RETURNING\s""" + JobStore.COLUMNS;

    private final Jdbi jdbi;

    public SnapshotStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The moment the job's snapshot speaks for, as committed: its as_of, else the newest row it carried; empty with
     * neither.
     */
    public Optional<Instant> time(String jobId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COALESCE(snapshot_as_of, snapshot_newest) FROM ingest_jobs WHERE job_id = :job_id")
                .bind("job_id", jobId)
                .mapTo(OffsetDateTime.class)
                .findOne()
                .map(OffsetDateTime::toInstant));
    }

    /** Records, inside the caller's transaction, that the job carried these SKUs. */
    public void carried(Handle handle, String jobId, Collection<String> skus) {
        BinaryCopyWriter.copy(handle, COPY_CARRIED, copy -> {
            for (String sku : skus) {
                copy.tuple(2).text(jobId).text(sku);
            }
        });
    }

    /** How many live products the scope holds, and how many of them the job would retire. */
    public record Unseen(long inScope, long unseen) {
        public double share() {
            return inScope == 0 ? 0 : (double) unseen / inScope;
        }
    }

    public Unseen count(String jobId, SnapshotScope scope, Instant version) {
        return jdbi.withHandle(h -> h.createQuery(COUNT)
                .bind("job_id", jobId)
                .bind("category", scope.category())
                .bind("version", OffsetDateTime.ofInstant(version, ZoneOffset.UTC))
                .map((rs, ctx) -> new Unseen(rs.getLong("in_scope"), rs.getLong("unseen")))
                .one());
    }

    /** The next SKUs after {@code afterSku}, in SKU order, that the job would retire. */
    public List<String> nextUnseen(String jobId, SnapshotScope scope, Instant version, String afterSku, int limit) {
        return jdbi.withHandle(h -> h.createQuery(NEXT_UNSEEN)
                .bind("job_id", jobId)
                .bind("category", scope.category())
                .bind("version", OffsetDateTime.ofInstant(version, ZoneOffset.UTC))
                .bind("after", afterSku)
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    /** What one retire step did: the SKUs it deleted, and the job with them counted. */
    public record Retired(List<String> skus, JobRecord job) {}

    /**
     * Deletes these products as tombstones versioned at {@code version} and counts them in the job, in one transaction.
     *
     * @throws JobFencedException when this stream no longer holds the job
     */
    public Retired retire(String jobId, UUID token, Instant version, List<String> sortedSkus) {
        return jdbi.inTransaction(h -> {
            List<String> retired = h.createQuery(RETIRE)
                    .bindArray("skus", String.class, sortedSkus)
                    .bind("version", OffsetDateTime.ofInstant(version, ZoneOffset.UTC))
                    .mapTo(String.class)
                    .list();
            JobRecord job = h.createQuery(COUNT_RETIRED)
                    .bind("retired", retired.size())
                    .bind("job_id", jobId)
                    .bind("token", token)
                    .map(JobStore::map)
                    .findOne()
                    .orElseThrow(() -> new JobFencedException(jobId));
            return new Retired(retired, job);
        });
    }

    /** Forgets the SKUs an ended job carried. */
    public void forget(String jobId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM snapshot_skus WHERE job_id = :job_id")
                .bind("job_id", jobId)
                .execute());
    }
}
