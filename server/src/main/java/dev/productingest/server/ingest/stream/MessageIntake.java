package dev.productingest.server.ingest.stream;

import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.RowChunk;
import io.dropwizard.util.Duration;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One stream's messages on their way in: each asked of gRPC only once the stream wants it and the memory budget has
 * granted room ahead of it, with a limit on the silence that may follow (the header timeout, then the idle timeout);
 * its heap cost read from its wire bytes; held back (parked) until the budget holds that whole cost; and only then
 * parsed and handed to the stream, as a header or a chunk. Used under the stream's lock.
 */
final class MessageIntake {
    /** The stream's step for a chunk. */
    @FunctionalInterface
    interface Chunks {
        /** @param heapBytes what the chunk's rows cost in the heap, which the stream holds until they are written */
        void read(RowChunk chunk, long wireBytes, long heapBytes);
    }

    private record Parked(IngestMessage message, HeapCost cost) {}

    private final ServerCallStreamObserver<?> call;
    private final ScheduledExecutorService timer;
    private final IngestSettings settings;
    private final StreamMemory memory;
    private final Runnable silent;
    private final Consumer<IngestHeader> headers;
    private final Chunks chunks;
    // Runs while the server waits for a message it asked for.
    private ScheduledFuture<?> silence;
    private Parked parked;
    private boolean wantsMessage;

    /** @param silent the stream's step when a message it asked for has not come in time */
    MessageIntake(
            ServerCallStreamObserver<?> call,
            ScheduledExecutorService timer,
            IngestSettings settings,
            StreamMemory memory,
            Runnable silent,
            Consumer<IngestHeader> headers,
            Chunks chunks) {
        this.call = call;
        this.timer = timer;
        this.settings = settings;
        this.memory = memory;
        this.silent = silent;
        this.headers = headers;
        this.chunks = chunks;
    }

    void askForHeader() {
        ask(settings.headerTimeout());
    }

    /** The stream has acted on its last message and wants the next. */
    void processed() {
        wantsMessage = true;
    }

    /**
     * Asks for the next message when the stream wants one and the memory budget grants room ahead of it. False when the
     * stream waits in the budget's line for that room, and so should write what it holds for the room to come;
     * {@code onGranted} runs once it is its turn, which calls {@link #granted()}.
     */
    boolean askIfRoom(Runnable onGranted) {
        if (!wantsMessage || memory.isWaiting()) {
            return true;
        }
        if (!memory.reserveNext(onGranted)) {
            return false;
        }
        ask(settings.idleTimeout());
        return true;
    }

    /** The room the stream waited for is its own: the next message is asked for. */
    void granted() {
        memory.granted();
        ask(settings.idleTimeout());
    }

    /** The one place that arms the silence timer. */
    private void ask(Duration limit) {
        wantsMessage = false;
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
     * A message has arrived: read (true) once the memory budget holds its whole cost; or false while it waits in the
     * budget's line, parked, until {@code onAdmitted} runs, which reads it with {@link #admitted()}.
     */
    boolean arrive(IngestMessage message, Runnable onAdmitted) {
        stopWaiting();
        HeapCost cost;
        try {
            cost = costOf(message);
            if (!memory.admit(cost.heapBytes(), onAdmitted)) {
                parked = new Parked(message, cost);
                return false;
            }
        } catch (RuntimeException | Error e) {
            message.close();
            throw e;
        }
        read(message, cost);
        return true;
    }

    /**
     * Reads the parked message, which the budget holds now (true); false when the stream ended meanwhile and gives the
     * grant back.
     */
    boolean admitted() {
        Parked admitted = parked;
        parked = null;
        if (admitted == null) {
            return false;
        }
        memory.granted();
        memory.admit(admitted.cost().heapBytes(), null);
        read(admitted.message(), admitted.cost());
        return true;
    }

    boolean holdsParked() {
        return parked != null;
    }

    /**
     * The stream has ended: nothing is awaited, its reservation goes back, and the message it has not parsed is
     * dropped.
     */
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
            throw Status.RESOURCE_EXHAUSTED
                    .withDescription("a message of " + cost.rows() + " rows would take " + (cost.heapBytes() >> 20)
                            + " MiB of this server's memory once read, more than its whole memory budget of "
                            + (memory.capacity() >> 20)
                            + " MiB: send fewer rows per message")
                    .asRuntimeException();
        }
        return cost;
    }

    /**
     * Parses a message whose heap cost the stream holds and hands it to the stream: a header's bytes go back at once, a
     * chunk's stay.
     */
    private void read(IngestMessage message, HeapCost cost) {
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
            chunks.read(request.getChunk(), message.wireBytes(), cost.heapBytes());
            return;
        }
        memory.release(cost.heapBytes());
        if (request.getKindCase() != IngestRequest.KindCase.HEADER) {
            throw IngestStatus.invalid("an IngestRequest with neither header nor chunk");
        }
        headers.accept(request.getHeader());
    }
}
