package dev.productingest.server.health;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds a stop that the JVM exits for (SIGTERM): past its deadline the JVM halts, saying where the stop was held. The
 * server's own waits in a stop are bounded by {@code grpc.shutdownGrace}, but a library's stop may wait on a peer that
 * answers nothing: closing the pool's connections to a database behind a network partition took minutes, and every
 * executor whose task was stuck on it waited its 5 s. An orchestrator kills such a process at its grace period anyway,
 * with no word of why.
 */
public final class StopDeadline {
    private static final Logger LOG = LoggerFactory.getLogger(StopDeadline.class);
    /** What a JVM ended by SIGTERM exits with. */
    static final int STATUS = 143;

    private StopDeadline() {}

    /**
     * Halts the JVM {@code within} from now unless it has exited by then.
     *
     * @param stopping the thread running the stop, whose place is logged if it is still there
     */
    public static void arm(Duration within, Thread stopping) {
        Thread deadline = new Thread(
                () -> {
                    try {
                        Thread.sleep(within.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    Throwable where = new Throwable("the stop, " + within.toMillis() + " ms after it began");
                    where.setStackTrace(stopping.getStackTrace());
                    String message = "the server did not finish stopping within " + within.toMillis()
                            + " ms: halting (the stop was held here)";
                    LOG.error(message, where);
                    // The log's appenders may hand lines to a thread of their own, which the halt cuts off: standard
                    // error
                    // carries it as well.
                    System.err.println(message);
                    where.printStackTrace(System.err);
                    System.err.flush();
                    Runtime.getRuntime().halt(STATUS);
                },
                "stop-deadline");
        // A JVM that finishes its stop in time exits without waiting for this.
        deadline.setDaemon(true);
        deadline.start();
    }
}
