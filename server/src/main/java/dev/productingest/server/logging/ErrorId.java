package dev.productingest.server.logging;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A failure of the server's own, written to the log whole (its stack trace, the driver's message, the hosts it names)
 * under a short random id. The caller's answer carries the id instead, so an operator finds the details and the caller
 * learns nothing of the server's internals.
 */
public record ErrorId(String value) {

    /** Logs the failure at ERROR under a new id: something the server should not have done. */
    public static ErrorId logError(Logger log, String what, Throwable failure) {
        return log(log, Level.ERROR, what, failure);
    }

    /** Logs the failure at WARN under a new id: the server could not do it now (its database away, contention). */
    public static ErrorId logWarning(Logger log, String what, Throwable failure) {
        return log(log, Level.WARN, what, failure);
    }

    private static ErrorId log(Logger log, Level level, String what, Throwable failure) {
        ErrorId id = new ErrorId(
                String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong()));
        log.atLevel(level).setCause(failure).log("{}: {}", id, what);
        return id;
    }

    /** As answers and the log name it: {@code error id 0123456789abcdef}. */
    @Override
    public String toString() {
        return "error id " + value;
    }
}
