package dev.productingest.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a load stands.
 *
 * @param jobId the job
 * @param rowsSent rows handed to the server so far (offsets below this one)
 * @param rowsCommitted rows the server has committed (the job's committed offset)
 * @param rowsPerSecond committed rows per second since the load started
 * @param expectedRows the source's row count when known (IngestOptions.expectedRows), else null
 */
public record LoadProgress(String jobId, long rowsSent, long rowsCommitted, double rowsPerSecond, Long expectedRows) {

    /** How long the rest should take at the rate so far; empty when the total or the rate is not known. */
    public Optional<Duration> eta() {
        if (expectedRows == null || rowsPerSecond <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, expectedRows - rowsCommitted);
        return Optional.of(Duration.ofMillis(Math.round(left / rowsPerSecond * 1000)));
    }

    /** Hears where a load stands, every {@code IngestClient.Builder.progressInterval}. */
    @FunctionalInterface
    public interface Listener {
        void progress(LoadProgress progress);
    }
}
