package dev.productingest.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.productingest.server.redis.RedisKeys;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.server.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Job progress in a real Redis, written in the wrong order as a late resend or another server's slow write would: an
 * older state never replaces a newer one, and an ended job stays ended.
 */
class ProgressVersionIntegrationTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private RedissonClient redis;
    private ProgressTracker progress;

    @BeforeEach
    void connect() {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.server().url());
        redis = Redisson.create(config);
        RedisKeys keys = new RedisKeys("progress-version-" + UUID.randomUUID());
        ProgressJson json = new ProgressJson(ProgressJsonTest.MAPPER);
        CommitChannel channel = new CommitChannel(redis, json, keys).subscribe();
        progress = new ProgressTracker(
                redis,
                channel,
                json,
                keys,
                new ProgressSettings(Duration.ofHours(1), Duration.ofHours(1)),
                new MetricRegistry());
    }

    @AfterEach
    void disconnect() {
        redis.shutdown();
    }

    @Test
    void aRunningStateSentAfterTheJobEndedLeavesItEnded() {
        send(job(JobStatus.COMPLETED, 1_000, 9));
        send(job(JobStatus.RUNNING, 500, 5));
        send(job(JobStatus.RUNNING, 1_000, 10));

        assertThat(stored().state()).isEqualTo(JobStatus.COMPLETED);
        assertThat(stored().committedOffset()).isEqualTo(1_000);
    }

    @Test
    void aLowerCommittedOffsetDoesNotReplaceAHigherOne() {
        send(job(JobStatus.RUNNING, 2_000, 2));
        send(job(JobStatus.RUNNING, 1_000, 3));

        assertThat(stored().committedOffset()).isEqualTo(2_000);
    }

    @Test
    void atTheSameOffsetTheStateWrittenLaterStays() {
        // Fractions of different lengths, as ISO-8601 writes them: .5 s is later than .25 s.
        send(job(JobStatus.RUNNING, 1_000, T0.plusMillis(500)));
        send(job(JobStatus.RUNNING, 1_000, T0.plusMillis(250)));

        assertThat(stored().updatedAt()).isEqualTo(T0.plusMillis(500));
    }

    @Test
    void newerStatesReplaceOlderOnes() {
        send(job(JobStatus.RUNNING, 1_000, 1));
        send(job(JobStatus.RUNNING, 2_000, 2));
        assertThat(stored().committedOffset()).isEqualTo(2_000);

        send(job(JobStatus.FAILED, 2_000, 3));
        assertThat(stored().state()).isEqualTo(JobStatus.FAILED);
    }

    /**
     * Sent as a batch that wrote a SKU: the tracker then waits until Redis has it, so the order of sends is the order
     * of writes.
     */
    private void send(JobRecord job) {
        progress.batchCommitted(job, List.of("SKU-1"));
    }

    private JobProgress stored() {
        return progress.find("job").orElseThrow();
    }

    private static JobRecord job(JobStatus state, long committed, long secondsAfterStart) {
        return job(state, committed, T0.plusSeconds(secondsAfterStart));
    }

    private static JobRecord job(JobStatus state, long committed, Instant updatedAt) {
        return new JobRecord(
                "job",
                state,
                "test",
                null,
                null,
                committed,
                committed,
                0,
                0,
                0,
                0,
                0,
                0,
                committed,
                "anonymous",
                "a",
                null,
                null,
                null,
                T0,
                updatedAt,
                state == JobStatus.RUNNING ? null : updatedAt,
                null);
    }
}
