package dev.productingest.server.ingest;

import dev.productingest.v1.RowError;
import java.util.List;

/**
 * The rows of offsets [startOffset, endOffset) of one job, written in one transaction. Every offset
 * of the range is either a valid row or a rejected one.
 */
public record Batch(String jobId, long startOffset, long endOffset, List<OffsetRow> rows, List<RowError> rejects) {
    public Batch {
        if (endOffset - startOffset != rows.size() + rejects.size()) {
            throw new IllegalArgumentException("batch [" + startOffset + ", " + endOffset + ") holds "
                    + rows.size() + " rows and " + rejects.size() + " rejects");
        }
    }

    public long size() {
        return endOffset - startOffset;
    }
}
