package dev.productingest.server.ingest.stream;

/**
 * A job's error budget: once more rows than {@code max_rejected} are rejected, over every stream
 * of the job, the job stops as FAILED. Unset, no limit.
 */
final class ErrorBudget {
    private final Long maxRejected;
    private long rejected;

    /** @param rejectedBefore rows the job rejected before this stream (a resume) */
    ErrorBudget(Long maxRejected, long rejectedBefore) {
        this.maxRejected = maxRejected;
        this.rejected = rejectedBefore;
    }

    /** Counts a rejected row; returns why the job must stop, or null while it is within budget. */
    String reject(long offset) {
        rejected++;
        if (maxRejected == null || rejected <= maxRejected) {
            return null;
        }
        return "error budget exceeded: " + rejected + " rows rejected, more than max_rejected " + maxRejected + "; stopped at offset " + offset;
    }
}
