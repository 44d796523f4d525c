package dev.productingest.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.store.JobStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which of two states of a job a reader keeps, whatever order they arrive in. */
class JobProgressTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void aHigherCommittedOffsetIsNewer() {
        assertThat(running(200, 1).isNewerThan(running(100, 2))).isTrue();
        assertThat(running(100, 2).isNewerThan(running(200, 1))).isFalse();
    }

    @Test
    void atTheSameOffsetTheStateWrittenLaterIsNewer() {
        assertThat(running(100, 2).isNewerThan(running(100, 1))).isTrue();
        assertThat(running(100, 1).isNewerThan(running(100, 1)))
                .as("the same state is not newer than itself")
                .isFalse();
    }

    @Test
    void anEndIsNewerThanAnyRunningStateAndNothingIsNewerThanAnEnd() {
        assertThat(ended(JobStatus.COMPLETED, 100, 1).isNewerThan(running(500, 9)))
                .isTrue();
        assertThat(running(500, 9).isNewerThan(ended(JobStatus.COMPLETED, 100, 1)))
                .as("a late resend of a running state")
                .isFalse();
        assertThat(ended(JobStatus.CANCELLED, 100, 5).isNewerThan(ended(JobStatus.COMPLETED, 100, 1)))
                .isFalse();
    }

    private static JobProgress running(long committed, long secondsAfterStart) {
        return progress(JobStatus.RUNNING, committed, secondsAfterStart);
    }

    private static JobProgress ended(JobStatus state, long committed, long secondsAfterStart) {
        return progress(state, committed, secondsAfterStart);
    }

    private static JobProgress progress(JobStatus state, long committed, long secondsAfterStart) {
        Instant updated = T0.plusSeconds(secondsAfterStart);
        return new JobProgress(
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
                0,
                null,
                null,
                null,
                T0,
                updated,
                state == JobStatus.RUNNING ? null : updated,
                null,
                null);
    }
}
