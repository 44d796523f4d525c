package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stall watch on a clock of its own: what counts as a stream moving, and when one that stopped is ended. */
class StallWatchTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private long now;
    private long mark;
    private final FakeStream stream = new FakeStream();
    private final StallWatch watch = new StallWatch(stream, () -> mark, TIMEOUT, () -> now);

    @Test
    void aSnapshotsRetiredProductsRisingKeepAStreamAliveLongAfterTheTimeout() {
        for (int minute = 0; minute < 30; minute++) {
            mark += 1_000; // the retire's count, as GetJob reports it with the committed offset
            tick(Duration.ofMinutes(1));
        }

        assertThat(stream.abandoned).isNull();
    }

    @Test
    void aStreamThatNeitherSendsNorMovesIsEndedAsUnavailableAfterTheTimeout() {
        // The watch's first looks see what was sent and where the job stands: the moves it measures from.
        watch.run();
        watch.run();
        tick(TIMEOUT.minusSeconds(1));
        assertThat(stream.abandoned).as("before the timeout").isNull();

        tick(Duration.ofSeconds(2));

        assertThat(stream.abandoned).isNotNull();
        assertThat(stream.abandoned.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(stream.abandoned.getDescription())
                .contains("no progress for 120 s", "nothing sent, committed or retired");
    }

    @Test
    void timeWaitingOnTheSourceIsNotAStall() {
        stream.waitingOnServer = false;

        tick(TIMEOUT.multipliedBy(3));

        assertThat(stream.abandoned).isNull();
    }

    private void tick(Duration elapsed) {
        // The watch runs a quarter of its timeout apart, as LoadAttempt schedules it.
        for (Duration step = TIMEOUT.dividedBy(4);
                !elapsed.isNegative() && !elapsed.isZero();
                elapsed = elapsed.minus(step)) {
            now += Math.min(step.toNanos(), elapsed.toNanos());
            watch.run();
        }
    }

    private static final class FakeStream implements StallWatch.Stream {
        boolean waitingOnServer = true;
        Status abandoned;

        @Override
        public long rowsSent() {
            return 500;
        }

        @Override
        public boolean waitingOnServer() {
            return waitingOnServer;
        }

        @Override
        public void abandon(Status status) {
            abandoned = status;
        }
    }
}
