package dev.productingest.server.ingest.stream;

import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;

/**
 * The offsets a stream's chunks must follow: the first at or below the job's committed offset (a resume may send rows
 * again), each next one exactly where the last ended, and the unreadable rows of a chunk in order inside it. A chunk
 * that breaks them is INVALID_ARGUMENT, saying how.
 */
final class ChunkOffsets {
    private final String jobId;
    private final long committedOffset;
    private long nextOffset = -1;

    ChunkOffsets(String jobId, long committedOffset) {
        this.jobId = jobId;
        this.committedOffset = committedOffset;
    }

    /** Checks the chunk and moves past it; returns how many rows it carries. */
    long accept(RowChunk chunk) {
        long first = chunk.getFirstOffset();
        long count = (long) chunk.getRowsCount() + chunk.getUnreadableCount();
        if (nextOffset < 0) {
            if (first < 0) {
                throw IngestStatus.invalid("chunk first_offset " + first + " is negative");
            }
            if (first > committedOffset) {
                throw IngestStatus.invalid("chunk first_offset " + first + " skips rows: job " + jobId
                        + " is committed up to offset " + committedOffset + "; resume from there");
            }
        } else if (first < nextOffset) {
            throw IngestStatus.invalid("chunk first_offset " + first + " goes back: the next offset of job " + jobId
                    + " is " + nextOffset);
        } else if (first > nextOffset) {
            throw IngestStatus.invalid("chunk first_offset " + first + " skips rows: the next offset of job " + jobId
                    + " is " + nextOffset);
        }
        long previous = first - 1;
        for (RowError e : chunk.getUnreadableList()) {
            if (e.getOffset() <= previous || e.getOffset() >= first + count) {
                throw IngestStatus.invalid("unreadable row offset " + e.getOffset()
                        + " is out of order or outside the chunk's offsets [" + first + ", " + (first + count) + ")");
            }
            previous = e.getOffset();
        }
        nextOffset = first + count;
        return count;
    }
}
