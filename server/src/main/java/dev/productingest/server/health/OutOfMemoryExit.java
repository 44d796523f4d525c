package dev.productingest.server.health;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server that ran out of memory exits, so that its supervisor restarts it and producers resume elsewhere: a JVM after
 * an OutOfMemoryError is in an undefined state, and one whose event loops died keeps its ports open and answers
 * nothing. The JVM's own {@code -XX:+ExitOnOutOfMemoryError} is the sure way (it sees an OutOfMemoryError wherever it
 * is thrown, also where a library catches it), and every documented run command carries it; this warns at start when it
 * is missing, and halts the JVM itself when one reaches the top of a thread.
 */
public final class OutOfMemoryExit {
    private static final Logger LOG = LoggerFactory.getLogger(OutOfMemoryExit.class);
    /** What the JVM itself exits with on an OutOfMemoryError under -XX:+ExitOnOutOfMemoryError. */
    static final int STATUS = 3;

    private OutOfMemoryExit() {}

    public static void install() {
        if (!exitsOnOutOfMemory()) {
            LOG.warn(
                    "this JVM runs without -XX:+ExitOnOutOfMemoryError: a server that runs out of memory may stay up unable to"
                            + " serve; start it as README and docs/operations.md do");
        }
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof OutOfMemoryError) {
                // No logging framework: it may need the memory there is none of.
                System.err.println("out of memory on thread " + thread.getName()
                        + ": exiting so that a supervisor restarts the server");
                Runtime.getRuntime().halt(STATUS);
            }
            if (previous != null) {
                previous.uncaughtException(thread, failure);
            } else {
                failure.printStackTrace();
            }
        });
    }

    static boolean exitsOnOutOfMemory() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return hotSpot != null
                && Boolean.parseBoolean(
                        hotSpot.getVMOption("ExitOnOutOfMemoryError").getValue());
    }
}
