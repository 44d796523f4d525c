package dev.productingest.server.ingest.stream;

import io.grpc.Context;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;

/**
 * The deadline a producer gave its call, which tells a cancel at that deadline from a broken connection: the deadline
 * ends the call on both sides at nearly the same moment, and its cancel can come before this server's own deadline,
 * started a network trip later, has passed.
 */
final class ProducerDeadline {
    // A cancel this close to the call's deadline is the deadline.
    private static final long SLACK_MS = 1000;

    private final Deadline deadline;

    private ProducerDeadline(Deadline deadline) {
        this.deadline = deadline;
    }

    /** The deadline of the call in progress; made on the thread of the service method. */
    static ProducerDeadline ofCurrentCall() {
        return new ProducerDeadline(Context.current().getDeadline());
    }

    boolean hasPassed() {
        return deadline != null && deadline.timeRemaining(TimeUnit.MILLISECONDS) <= SLACK_MS;
    }
}
