package dev.productingest.server.ingest.stream;

import dev.productingest.rules.FieldGroups;
import dev.productingest.rules.RowValidator;
import dev.productingest.rules.RowViolation;
import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.Timestamps;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the rows of a stream's chunks, whose offsets {@link ChunkOffsets} has accepted, into batches: rows the job
 * committed before a resume are skipped, a producer's unreadable row and a row that breaks the rules (the shared row
 * rules, and the server's {@link FutureBound}) are kept as rejects at their offsets and counted against the job's
 * {@link ErrorBudget}, and a batch is cut whenever it holds {@code batchRows} rows or {@code batchBytes} bytes on the
 * wire. It neither writes nor waits: the stream writes what it cuts.
 *
 * <p>Each row counts an equal share of its chunk's heap and wire bytes: the rows of one message are mostly of one
 * shape.
 */
final class ChunkReader {
    /** A batch to write, with the heap bytes its rows hold in the memory budget until it is written. */
    record Cut(Batch batch, long heapBytes) {}

    /**
     * What a chunk brought: the batches it filled, the heap bytes of the rows kept (in those batches or in the one
     * being filled), and the job's end when its error budget ran out, at the reject that spent it; no row after that
     * one is read.
     */
    record Read(List<Cut> full, long keptBytes, Optional<JobEnd> budgetSpent) {}

    private final long committedOffset;
    private final ErrorBudget errors;
    private final FutureBound future;
    private final BatchBuilder pending;
    private final boolean snapshot;
    private final int batchRows;
    private final long batchBytes;

    ChunkReader(JobRecord job, FutureBound future, int batchRows, long batchBytes) {
        this.committedOffset = job.committedOffset();
        this.future = future;
        this.errors = new ErrorBudget(job.maxRejected(), job.rejected());
        this.snapshot = job.snapshot() != null;
        this.pending = new BatchBuilder(job.jobId(), snapshot);
        this.batchRows = batchRows;
        this.batchBytes = batchBytes;
    }

    /**
     * @param wireBytes the chunk's message as it came over the wire
     * @param heapBytes what its rows cost in the heap
     */
    Read read(RowChunk chunk, long wireBytes, long heapBytes) {
        long first = chunk.getFirstOffset();
        long count = (long) chunk.getRowsCount() + chunk.getUnreadableCount();
        long rowBytes = count == 0 ? 0 : heapBytes / count;
        long rowWireBytes = count == 0 ? 0 : wireBytes / count;
        List<Cut> full = new ArrayList<>();
        long kept = 0;

        List<ProductRow> rows = chunk.getRowsList();
        List<RowError> unreadable = chunk.getUnreadableList();
        int rowIndex = 0;
        int unreadableIndex = 0;
        for (long offset = first; offset < first + count; offset++) {
            RowError reject = null;
            ProductRow row = null;
            if (unreadableIndex < unreadable.size()
                    && unreadable.get(unreadableIndex).getOffset() == offset) {
                reject = asReject(unreadable.get(unreadableIndex++));
            } else {
                row = rows.get(rowIndex++);
            }
            if (offset < committedOffset) {
                continue; // committed before a reconnect: neither written nor counted again
            }
            if (reject == null) {
                reject = validate(offset, row);
            }
            kept += rowBytes;
            if (reject != null) {
                pending.reject(reject, rowBytes, rowWireBytes);
                Optional<JobEnd> spent = errors.reject(offset);
                if (spent.isPresent()) {
                    return new Read(full, kept, spent);
                }
            } else {
                pending.add(offset, row, rowBytes, rowWireBytes);
            }
            if (pending.size() >= batchRows || pending.wireBytes() >= batchBytes) {
                cut().ifPresent(full::add);
            }
        }
        return new Read(full, kept, Optional.empty());
    }

    /** The batch being filled, if it holds any row; the reader starts a new one. */
    Optional<Cut> cut() {
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        long bytes = pending.bytes();
        return Optional.of(new Cut(pending.take(), bytes));
    }

    boolean holdsRows() {
        return !pending.isEmpty();
    }

    // Every row passes here: the checks chain without a lambda of their own per row.
    private RowError validate(long offset, ProductRow row) {
        Optional<RowViolation> violation = RowValidator.validate(row);
        if (violation.isEmpty() && snapshot) {
            violation = wholeInSnapshot(row);
        }
        if (violation.isEmpty()) {
            violation = future.checkUpdatedAt(Timestamps.toInstant(row.getUpdatedAt()));
        }
        if (violation.isEmpty()) {
            return null;
        }
        RowViolation v = violation.get();
        return RowError.newBuilder()
                .setOffset(offset)
                .setSku(row.getSku())
                .setField(v.field())
                .setReason(v.reason())
                .build();
    }

    /**
     * A snapshot says "these are the products": a row of it that carries only some of a product's fields cannot say
     * what the product is, and retiring what it did not name would be judged from half a catalog.
     */
    private static Optional<RowViolation> wholeInSnapshot(ProductRow row) {
        if (row.getDeleted() || FieldGroups.whole(FieldGroups.of(row))) {
            return Optional.empty();
        }
        return Optional.of(new RowViolation(
                "groups",
                "a SNAPSHOT takes whole products; this row names only " + FieldGroups.describe(FieldGroups.of(row))
                        + ": send price and stock feeds as UPSERT jobs"));
    }

    private static RowError asReject(RowError unreadable) {
        RowError.Builder b = unreadable.toBuilder();
        if (b.getField().isEmpty()) {
            b.setField("row");
        }
        if (b.getReason().isEmpty()) {
            b.setReason("the producer could not read this row");
        }
        return b.build();
    }
}
