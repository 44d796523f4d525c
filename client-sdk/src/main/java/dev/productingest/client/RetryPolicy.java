package dev.productingest.client;

import io.grpc.Status;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a load that lost its server tries again: up to {@code attempts} streams in all, waiting {@code firstBackoff},
 * then twice as long each time up to {@code maxBackoff}. Each new stream resumes the job from its committed offset, so
 * the final counts are exact.
 *
 * @param attempts streams in all, the first included; 1 never retries
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff) {
    // UNAVAILABLE: the server is down, the connection broke, or the server ended an idle stream.
    // CANCELLED: a server shutting down resets its streams (the client cancels none of its own).
    // ABORTED: the job is still held by the stream that broke, until the server notices or its
    // lease runs out. RESOURCE_EXHAUSTED: the server, or this client's share of it, has no stream
    // slot free now.
    private static final Set<Status.Code> RETRYABLE =
            Set.of(Status.Code.UNAVAILABLE, Status.Code.CANCELLED, Status.Code.ABORTED, Status.Code.RESOURCE_EXHAUSTED);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException(
                    "backoffs must be 0 <= first <= max, got " + firstBackoff + " and " + maxBackoff);
        }
    }

    /**
     * 24 streams over one and a half to three minutes (the waits are drawn at random): long enough to outlast a server
     * restart, a full server, or the worst a vanished database costs (a statement's 30 s socket timeout, then the dead
     * stream's 30 s lease).
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(24, Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** One stream only: a load whose server goes away fails at once. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** This policy with another number of attempts. */
    public RetryPolicy withAttempts(int n) {
        return new RetryPolicy(n, firstBackoff, maxBackoff);
    }

    boolean retries(IngestException failure, int attempt) {
        return attempt < attempts && RETRYABLE.contains(failure.code());
    }

    /**
     * The wait before the attempt after {@code attempt}: doubling, capped, and drawn between half and all of that, so
     * that producers refused together do not come back together.
     */
    Duration backoff(int attempt) {
        long millis = Math.min(firstBackoff.toMillis() << Math.min(attempt - 1, 20), maxBackoff.toMillis());
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }
}
