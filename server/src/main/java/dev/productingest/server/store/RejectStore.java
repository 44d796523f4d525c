package dev.productingest.server.store;

import dev.productingest.v1.RowError;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The ingest_rejects table: every rejected row of every job, with its offset, SKU, field and reason. */
public final class RejectStore {
    private static final String INSERT = """
            INSERT INTO ingest_rejects (job_id, row_offset, sku, field, reason)
            SELECT :job_id, t.row_offset, t.sku, t.field, t.reason
            FROM unnest(:row_offset, :sku, :field, :reason) AS t(row_offset, sku, field, reason)""";

    private final Jdbi jdbi;

    public RejectStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a batch's rejected rows inside the caller's transaction. */
    public void insert(Handle handle, String jobId, List<RowError> rejects) {
        List<Long> offsets = new ArrayList<>(rejects.size());
        List<String> skus = new ArrayList<>(rejects.size());
        List<String> fields = new ArrayList<>(rejects.size());
        List<String> reasons = new ArrayList<>(rejects.size());
        for (RowError e : rejects) {
            offsets.add(e.getOffset());
            // The SKU may be the very thing that is wrong: keep what can be stored of it. Producers
            // name the field and reason of rows they could not read: the same care.
            skus.add(StorableText.of(e.getSku(), 256));
            fields.add(StorableText.of(e.getField(), 64));
            reasons.add(StorableText.of(e.getReason(), 1024));
        }
        handle.createUpdate(INSERT)
                .bind("job_id", jobId)
                .bindArray("row_offset", Long.class, offsets)
                .bindArray("sku", String.class, skus)
                .bindArray("field", String.class, fields)
                .bindArray("reason", String.class, reasons)
                .execute();
    }

    /** Rejected rows of a job in offset order, from the first offset above {@code afterOffset}. */
    public List<RowError> list(String jobId, long afterOffset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT row_offset, sku, field, reason FROM ingest_rejects
                        WHERE job_id = :job_id AND row_offset > :after ORDER BY row_offset LIMIT :limit""")
                .bind("job_id", jobId)
                .bind("after", afterOffset)
                .bind("limit", limit)
                .map((rs, ctx) -> RowError.newBuilder()
                        .setOffset(rs.getLong("row_offset"))
                        .setSku(rs.getString("sku"))
                        .setField(rs.getString("field"))
                        .setReason(rs.getString("reason"))
                        .build())
                .list());
    }
}
