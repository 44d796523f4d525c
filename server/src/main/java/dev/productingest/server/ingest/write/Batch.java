package dev.productingest.server.ingest.write;

import dev.productingest.v1.RowError;
import java.util.List;

/**
 * The rows of offsets [startOffset, endOffset) of one job, written in one transaction. Every offset of the range is
 * either a valid row or a rejected one. {@code snapshot}: the job is a SNAPSHOT, whose batches also record the SKUs
 * they carried.
 */
public record Batch(
        String jobId,
        boolean snapshot,
        long startOffset,
        long endOffset,
        List<OffsetRow> rows,
        List<RowError> rejects) {
    public Batch {
        if (endOffset - startOffset != rows.size() + rejects.size()) {
            throw new IllegalArgumentException("batch [" + startOffset + ", " + endOffset + ") holds " + rows.size()
                    + " rows and " + rejects.size() + " rejects");
        }
    }

    public long size() {
        return endOffset - startOffset;
    }
}
