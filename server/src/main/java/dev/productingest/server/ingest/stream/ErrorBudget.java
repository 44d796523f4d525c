package dev.productingest.server.ingest.stream;

import java.util.Optional;

/**
 * A job's error budget: once more rows than {@code max_rejected} are rejected, over every stream of the job, the job
 * stops as FAILED. Unset, no limit.
 */
final class ErrorBudget {
    private final Long maxRejected;
    private long rejected;

    /** @param rejectedBefore rows the job rejected before this stream (a resume) */
    ErrorBudget(Long maxRejected, long rejectedBefore) {
        this.maxRejected = maxRejected;
        this.rejected = rejectedBefore;
    }

    /** Counts a rejected row; once it spends the budget, the job's end: FAILED, saying why. */
    Optional<JobEnd> reject(long offset) {
        rejected++;
        if (maxRejected == null || rejected <= maxRejected) {
            return Optional.empty();
        }
        return Optional.of(JobEnd.failed("error budget exceeded: " + rejected
                + " rows rejected, more than max_rejected " + maxRejected + "; stopped at offset " + offset));
    }
}
