package dev.productingest.server.ingest.stream;

import dev.productingest.rules.RowViolation;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * How far ahead of this server's clock a version may be: a row dated further ahead (a producer with a broken clock, a
 * bad default) would win over every later version of its SKU until the clock caught up. The shared row rules cannot
 * hold it, since the SDK's dry run has no server clock to ask.
 *
 * <p>A row is judged once, when its stream reads it: a committed row is never read again, so the clock moving on cannot
 * turn what a job accepted into a reject, nor count a reject twice.
 */
public final class FutureBound {
    /** How far ahead of the server's clock a snapshot's as_of may be: clocks that differ a little, no more. */
    static final Duration AS_OF_DRIFT = Duration.minutes(5);

    private final Clock clock;
    private final Duration maxSkew;

    public FutureBound(Clock clock, Duration maxSkew) {
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    /** Why a row's updated_at is too far ahead, if it is; exactly maxSkew ahead is still accepted. */
    Optional<RowViolation> checkUpdatedAt(Instant updatedAt) {
        return tooFarAhead("updated_at", updatedAt, maxSkew)
                .map(reason -> new RowViolation("updated_at", reason + "; fix the source's clock or the value"));
    }

    /**
     * Why a snapshot's as_of is too far ahead, if it is: at most {@link #AS_OF_DRIFT} (or maxSkew, if less). Its
     * tombstones are versioned at as_of, so one ahead would make every ordinary update of the products it retires stale
     * until the clock caught up: a whole slice of the catalog, not one row.
     */
    Optional<String> checkAsOf(Instant asOf) {
        return tooFarAhead("header as_of", asOf, maxSkew.compareTo(AS_OF_DRIFT) < 0 ? maxSkew : AS_OF_DRIFT);
    }

    private Optional<String> tooFarAhead(String field, Instant at, Duration skew) {
        Instant now = clock.instant();
        if (!at.isAfter(now.plus(skew.toJavaDuration()))) {
            return Optional.empty();
        }
        return Optional.of(field + " " + at + " is more than " + skew + " ahead of the server's clock ("
                + now.truncatedTo(ChronoUnit.SECONDS) + ")");
    }
}
