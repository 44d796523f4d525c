package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.rules.RowViolation;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FutureBoundTest {
    // A server clock reading a fraction of a second, which the reason leaves out.
    private static final Instant NOW = Instant.parse("2026-12-03T15:02:11.734Z");
    private static final FutureBound BOUND = new FutureBound(Clock.fixed(NOW, ZoneOffset.UTC), Duration.hours(1));

    @Test
    void aVersionExactlyTheSkewAheadIsAccepted() {
        assertThat(BOUND.checkUpdatedAt(NOW.plusSeconds(3600))).isEmpty();
    }

    @Test
    void aVersionInThePastOrNowIsAccepted() {
        assertThat(BOUND.checkUpdatedAt(NOW)).isEmpty();
        assertThat(BOUND.checkUpdatedAt(Instant.parse("2001-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void aVersionANanosecondPastTheBoundIsRejectedNamingTheServersClock() {
        Instant past = NOW.plusSeconds(3600).plusNanos(1);

        assertThat(BOUND.checkUpdatedAt(past))
                .contains(new RowViolation(
                        "updated_at",
                        "updated_at 2026-12-03T16:02:11.734000001Z is more than 1 hour ahead of the server's clock (2026-12-03T15:02:11Z);"
                                + " fix the source's clock or the value"));
    }

    @Test
    void aVersionFarInTheFutureIsRejected() {
        assertThat(BOUND.checkUpdatedAt(Instant.parse("2031-01-01T00:00:00Z")))
                .hasValueSatisfying(v -> assertThat(v.reason())
                        .isEqualTo(
                                "updated_at 2031-01-01T00:00:00Z is more than 1 hour ahead of the server's clock (2026-12-03T15:02:11Z);"
                                        + " fix the source's clock or the value"));
        assertThat(BOUND.checkUpdatedAt(Instant.parse("9999-12-31T23:59:59.999999Z")))
                .isPresent();
    }

    @Test
    void theBoundFollowsTheClockAndTheConfiguredSkew() {
        FutureBound minutes = new FutureBound(Clock.fixed(NOW, ZoneOffset.UTC), Duration.minutes(2));

        assertThat(minutes.checkUpdatedAt(NOW.plusSeconds(121))).isPresent();
        assertThat(minutes.checkUpdatedAt(NOW.plusSeconds(120))).isEmpty();
        assertThat(minutes.checkAsOf(NOW.plusSeconds(121)))
                .as("as_of: the skew, when less than five minutes")
                .isPresent();
    }

    @Test
    void aSnapshotsAsOfMayBeAtMostFiveMinutesAheadWhateverTheSkew() {
        // Its tombstones are versioned at as_of: an hour ahead would make an hour of updates to what it retires stale.
        assertThat(BOUND.checkAsOf(NOW.plusSeconds(300))).isEmpty();
        assertThat(BOUND.checkAsOf(NOW.plusSeconds(301)))
                .hasValue("header as_of 2026-12-03T15:07:12.734Z is more than 5 minutes ahead of the server's clock"
                        + " (2026-12-03T15:02:11Z)");
    }
}
