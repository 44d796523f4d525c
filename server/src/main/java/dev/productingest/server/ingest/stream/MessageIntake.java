package dev.productingest.server.ingest.stream;

import dev.productingest.v1.IngestRequest;
import io.dropwizard.util.Duration;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One stream's messages on their way in: each asked of gRPC with a limit on the silence that may
 * follow, its heap cost read from its wire bytes, held back (parked) until the memory budget holds
 * that whole cost, and only then parsed. Used under the stream's lock.
 */
final class MessageIntake {
    /** A parsed request, its size on the wire, and the heap bytes the stream holds for it (none for a header). */
    record Arrived(IngestRequest request, long wireBytes, long heapBytes) {
    }

    private record Parked(IngestMessage message, HeapCost cost) {
    }

    private final ServerCallStreamObserver<?> call;
    private final ScheduledExecutorService timer;
    private final StreamMemory memory;
    // Runs while the server waits for a message it asked for.
    private ScheduledFuture<?> silence;
    private Parked parked;

    MessageIntake(ServerCallStreamObserver<?> call, ScheduledExecutorService timer, StreamMemory memory) {
        this.call = call;
        this.timer = timer;
        this.memory = memory;
    }

    /** Asks gRPC for the next message: {@code silent} runs unless it arrives within {@code limit}. The one place that arms the silence timer. */
    void ask(Duration limit, Runnable silent) {
        silence = timer.schedule(silent, limit.toMilliseconds(), TimeUnit.MILLISECONDS);
        call.request(1);
    }

    /** No message is awaited any more: one came, the producer half-closed, or the stream ended. */
    void stopWaiting() {
        if (silence != null) {
            silence.cancel(false);
            silence = null;
        }
    }

    /**
     * A message has arrived: parsed once the memory budget holds its whole cost; or empty while it
     * waits in the budget's line, parked, until {@code onAdmitted} runs, which takes it with
     * {@link #admitted()}.
     */
    Optional<Arrived> arrive(IngestMessage message, Runnable onAdmitted) {
        stopWaiting();
        try {
            HeapCost cost = costOf(message);
            if (memory.admit(cost.heapBytes(), onAdmitted)) {
                return Optional.of(parse(message, cost));
            }
            parked = new Parked(message, cost);
            return Optional.empty();
        } catch (RuntimeException | Error e) {
            message.close();
            throw e;
        }
    }

    /** The parked message, which the budget holds now; empty when the stream ended meanwhile and gives the grant back. */
    Optional<Arrived> admitted() {
        Parked admitted = parked;
        parked = null;
        if (admitted == null) {
            return Optional.empty();
        }
        try {
            memory.granted();
            memory.admit(admitted.cost().heapBytes(), null);
            return Optional.of(parse(admitted.message(), admitted.cost()));
        } catch (RuntimeException | Error e) {
            admitted.message().close();
            throw e;
        }
    }

    boolean holdsParked() {
        return parked != null;
    }

    /** The stream has ended: nothing is awaited, its reservation goes back, and the message it has not parsed is dropped. */
    void close() {
        stopWaiting();
        memory.close();
        if (parked != null) {
            parked.message().close();
            parked = null;
        }
    }

    /** What the message will cost in the heap, or why it is not read at all. */
    private HeapCost costOf(IngestMessage message) {
        HeapCost cost;
        try {
            cost = message.heapCost();
        } catch (WireCursor.UnreadableMessage e) {
            throw IngestStatus.invalid("a message is not a readable IngestRequest (" + e.getMessage() + ")");
        }
        if (!memory.fits(cost.heapBytes())) {
            throw Status.RESOURCE_EXHAUSTED.withDescription("a message of " + cost.rows() + " rows would take " + (cost.heapBytes() >> 20)
                    + " MiB of this server's memory once read, more than its whole memory budget of " + (memory.capacity() >> 20)
                    + " MiB: send fewer rows per message").asRuntimeException();
        }
        return cost;
    }

    /** Parses a message whose heap cost the stream holds; a header's bytes go back at once, a chunk's stay with its rows. */
    private Arrived parse(IngestMessage message, HeapCost cost) {
        IngestRequest request;
        try {
            request = message.parse();
        } catch (IOException e) {
            memory.release(cost.heapBytes());
            throw IngestStatus.invalid("a message is not a readable IngestRequest (" + e.getMessage() + ")");
        } finally {
            message.close();
        }
        if (request.getKindCase() == IngestRequest.KindCase.CHUNK) {
            return new Arrived(request, message.wireBytes(), cost.heapBytes());
        }
        memory.release(cost.heapBytes());
        return new Arrived(request, message.wireBytes(), 0);
    }
}
