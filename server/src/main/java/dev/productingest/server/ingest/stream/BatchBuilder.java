package dev.productingest.server.ingest.stream;

import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.ingest.write.OffsetRow;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowError;
import java.util.ArrayList;
import java.util.List;

/** Collects consecutive offsets, valid or rejected, into the next batch. */
final class BatchBuilder {
    private final String jobId;
    private final boolean snapshot;
    private long startOffset = -1;
    private long endOffset = -1;
    private List<OffsetRow> rows = new ArrayList<>();
    private List<RowError> rejects = new ArrayList<>();
    private long bytes;
    private long wireBytes;

    BatchBuilder(String jobId, boolean snapshot) {
        this.jobId = jobId;
        this.snapshot = snapshot;
    }

    /**
     * @param rowBytes what the row counts against the memory budget
     * @param rowWireBytes its size on the wire, which bounds a batch
     */
    void add(long offset, ProductRow row, long rowBytes, long rowWireBytes) {
        advanceTo(offset);
        rows.add(new OffsetRow(offset, row));
        bytes += rowBytes;
        wireBytes += rowWireBytes;
    }

    void reject(RowError reject, long rowBytes, long rowWireBytes) {
        advanceTo(reject.getOffset());
        rejects.add(reject);
        bytes += rowBytes;
        wireBytes += rowWireBytes;
    }

    private void advanceTo(long offset) {
        if (startOffset < 0) {
            startOffset = offset;
        } else if (offset != endOffset) {
            throw new IllegalStateException("offset " + offset + " does not follow " + (endOffset - 1));
        }
        endOffset = offset + 1;
    }

    boolean isEmpty() {
        return startOffset < 0;
    }

    /** The bytes the batch so far counts against the memory budget. */
    long bytes() {
        return bytes;
    }

    /** The batch's rows by their size on the wire. */
    long wireBytes() {
        return wireBytes;
    }

    long size() {
        return isEmpty() ? 0 : endOffset - startOffset;
    }

    /** The batch so far; the builder starts over empty. */
    Batch take() {
        Batch batch = new Batch(jobId, snapshot, startOffset, endOffset, rows, rejects);
        startOffset = -1;
        endOffset = -1;
        rows = new ArrayList<>();
        rejects = new ArrayList<>();
        bytes = 0;
        wireBytes = 0;
        return batch;
    }
}
