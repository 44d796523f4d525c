package dev.productingest.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, polling, instead of sleeping for a time that a busy machine may outrun. */
public final class Conditions {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MS = 20;

    private Conditions() {}

    /** Waits until the condition holds; an exception from it counts as "not yet" (a server still starting). */
    public static void await(String what, BooleanSupplier condition) {
        await(what, DEFAULT_TIMEOUT, condition);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what, last);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
