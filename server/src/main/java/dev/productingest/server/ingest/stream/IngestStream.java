package dev.productingest.server.ingest.stream;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.ingest.job.OpenedJob;
import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.logging.LogContext;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.RowChunk;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One producer's Ingest call: header, then chunks, validated into batches and written in order.
 * Messages come in through its {@link MessageIntake}; what exists once its job is held (offsets,
 * batches, linger, how the job ends) is its {@link OpenStream}; where it is, its {@link StreamPhase}.
 *
 * <p>Memory stays bounded for the whole server: the stream asks gRPC for its next message only once
 * the previous one is processed, fewer than {@code batchesInFlightPerStream} of its batches wait to
 * be written, and the server-wide {@link MemoryBudget} has granted room ahead of it; and it parses
 * a message only once the budget holds what the message will cost in the heap, read from its wire
 * bytes ({@link HeapCost}). A stream that waits for room writes what it holds, so that room is freed.
 *
 * <p>A stream that sends no header within {@code headerTimeout}, or no message for
 * {@code idleTimeout} after the server asked for one, is ended with UNAVAILABLE; its job stays
 * RUNNING for a resume.
 *
 * <p>gRPC delivers this observer's callbacks one at a time, but batch completions and the timers
 * arrive on other threads, so every step takes the object's lock. Nothing here blocks: database
 * calls run on the writer pool; and nothing outside the stream is told while it holds its lock.
 */
public final class IngestStream implements StreamObserver<IngestMessage> {
    // A cancel this close to the call's deadline is the deadline: see onCancel.
    private static final long DEADLINE_SLACK_MS = 1000;

    private final ServerCallStreamObserver<IngestSummary> call;
    private final IngestContext context;
    private final UUID token = UUID.randomUUID();
    private final Caller caller;
    // The call's own context, whose deadline tells a producer's deadline from a broken connection.
    private final Context callContext = Context.current();
    private final StreamMemory memory;
    private final MessageIntake intake;
    private final CompletableFuture<Void> letGo = new CompletableFuture<>();

    private String jobId;
    // Made once the job is held: there is none while the header is awaited and the job opens.
    private OpenStream open;
    private boolean wantsMessage;
    private boolean halfClosed;
    // Volatile: the writer threads read it to skip the batches of a stream that has ended.
    private volatile StreamPhase phase = StreamPhase.AWAITING_HEADER;

    public IngestStream(ServerCallStreamObserver<IngestSummary> call, IngestContext context, Caller caller) {
        this.call = call;
        this.context = context;
        this.caller = caller;
        this.memory = new StreamMemory(context.memory());
        this.intake = new MessageIntake(call, context.timer(), memory);
    }

    /** Called from the service method, before gRPC delivers anything. */
    public void start() {
        call.disableAutoRequest();
        call.setOnCancelHandler(this::onCancel);
        step(this::askForMessage);
    }

    /**
     * Completes once the stream has ended and holds nothing of its job any more (ended, let go for a
     * resume, or never opened); never on a thread that holds the stream's lock.
     */
    public CompletableFuture<Void> letGo() {
        return letGo;
    }

    /** One step of the stream, under its lock: whatever goes wrong ends the stream with a status, never gRPC's UNKNOWN. */
    private synchronized void step(Runnable step) {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            try {
                step.run();
            } catch (Throwable e) {
                fail(e);
            }
        }
    }

    @Override
    public void onNext(IngestMessage message) {
        step(() -> {
            if (!phase.reads()) {
                message.close();
            } else {
                intake.arrive(message, this::messageAdmitted).ifPresentOrElse(this::act, () -> {
                    if (open != null) {
                        open.flush(); // a stream that waits for room writes what it holds, so that room can come
                    }
                });
            }
        });
    }

    /** The budget holds the parked message now: it is read, and a half-close that came meanwhile takes effect. */
    private void messageAdmitted() {
        step(() -> intake.admitted().ifPresent(arrived -> {
            act(arrived);
            if (halfClosed && phase == StreamPhase.STREAMING) {
                finishWhenWritten();
            }
        }));
    }

    private void act(MessageIntake.Arrived arrived) {
        switch (arrived.request().getKindCase()) {
            case CHUNK -> onChunk(arrived.request().getChunk(), arrived.wireBytes(), arrived.heapBytes());
            case HEADER -> onHeader(arrived.request().getHeader());
            default -> throw IngestStatus.invalid("an IngestRequest with neither header nor chunk");
        }
    }

    private void onHeader(IngestHeader header) {
        if (phase != StreamPhase.AWAITING_HEADER) {
            throw IngestStatus.invalid("a second header: the header is sent once, as the first message of the stream");
        }
        jobId = IngestHeaders.jobIdOf(header);
        context.permissions().check(caller, header);
        moveTo(StreamPhase.OPENING);
        CompletableFuture.supplyAsync(() -> context.jobs().open(jobId, header, caller.name(), token), context.writers())
                .whenCompleteAsync(this::onOpened, context.writers());
    }

    private void onOpened(OpenedJob opened, Throwable error) {
        boolean nothingHeld;
        synchronized (this) {
            nothingHeld = error != null;
            if (error != null) {
                step(() -> fail(error));
            } else if (phase == StreamPhase.ENDED) {
                // The stream ended while its job opened: the job goes back at once.
                openStream(opened).release(() -> letGo.complete(null));
            } else {
                step(() -> {
                    open = openStream(opened);
                    stream();
                });
                nothingHeld = open == null;
            }
        }
        if (nothingHeld) {
            letGo.complete(null);
        }
    }

    private OpenStream openStream(OpenedJob opened) {
        return new OpenStream(opened, token, context, memory, () -> phase == StreamPhase.ENDED, this::onWritten, this::lingerExpired);
    }

    private void stream() {
        if (halfClosed) {
            finishWhenWritten();
        } else {
            moveTo(StreamPhase.STREAMING);
            wantsMessage = true;
            requestIfRoom();
        }
    }

    /** @param heapBytes what the chunk's rows cost in the heap, which the stream holds until they are written */
    private void onChunk(RowChunk chunk, long wireBytes, long heapBytes) {
        if (phase != StreamPhase.STREAMING) {
            memory.release(heapBytes);
            throw IngestStatus.invalid("a chunk before the header: send an IngestHeader as the first message");
        }
        context.bytesReceived().mark(wireBytes);
        open.read(chunk, wireBytes, heapBytes);
        if (open.failing()) {
            finishWhenWritten();
        }
        wantsMessage = true;
        requestIfRoom();
    }

    private void lingerExpired() {
        step(() -> {
            if (phase == StreamPhase.STREAMING) {
                open.flush();
            }
        });
    }

    private void onWritten(Batch batch, long heapBytes, Throwable error) {
        step(() -> {
            open.batchDone(heapBytes);
            if (phase == StreamPhase.ENDED) {
                return;
            }
            if (!open.survives(batch, error)) {
                fail(error);
            } else if (phase == StreamPhase.FINISHING || open.failing()) {
                if (phase != StreamPhase.FINISHING) {
                    moveTo(StreamPhase.FINISHING);
                }
                finishIfWritten();
            } else {
                requestIfRoom();
            }
        });
    }

    /**
     * Asks for the next message when the stream wants one, has fewer than the most batches queued,
     * and the memory budget grants room for it. Without room it waits in the budget's line, writing
     * what it holds so that the room can come.
     */
    private void requestIfRoom() {
        if (!wantsMessage || halfClosed || phase != StreamPhase.STREAMING || memory.isWaiting()
                || open.inFlight() >= context.settings().batchesInFlightPerStream()) {
            return;
        }
        if (memory.reserveNext(this::memoryGranted)) {
            askForMessage();
        } else {
            open.flush();
        }
    }

    private void memoryGranted() {
        step(() -> {
            if (phase == StreamPhase.STREAMING) {
                memory.granted();
                askForMessage();
            } // else the stream gives the grant back as it ends
        });
    }

    private void askForMessage() {
        wantsMessage = false;
        intake.ask(phase == StreamPhase.AWAITING_HEADER ? context.settings().headerTimeout() : context.settings().idleTimeout(), this::silent);
    }

    private void silent() {
        step(() -> {
            if (phase == StreamPhase.AWAITING_HEADER) {
                fail(Status.UNAVAILABLE.withDescription("no header within " + context.settings().headerTimeout()
                        + ": send an IngestHeader as the first message").asRuntimeException());
            } else if (phase == StreamPhase.STREAMING) {
                fail(Status.UNAVAILABLE.withDescription("no message for " + context.settings().idleTimeout() + " after the server asked"
                        + " for one; job " + jobId + " stays RUNNING: resume from its committed offset").asRuntimeException());
            }
        });
    }

    @Override
    public void onCompleted() {
        step(() -> {
            halfClosed = true;
            intake.stopWaiting();
            if (intake.holdsParked()) {
                return; // the message waiting for memory is read first, and the stream ends after it
            }
            if (phase == StreamPhase.AWAITING_HEADER) {
                fail(IngestStatus.invalid("the stream ended without a header: send an IngestHeader as the first message"));
            } else if (phase == StreamPhase.STREAMING) {
                finishWhenWritten();
            }
        });
    }

    private void finishWhenWritten() {
        moveTo(StreamPhase.FINISHING);
        open.flush();
        finishIfWritten();
    }

    private void finishIfWritten() {
        if (open.inFlight() == 0 && phase != StreamPhase.ENDED) {
            moveToEnded();
            open.end(this::answer, () -> letGo.complete(null));
        }
    }

    private synchronized void answer(IngestSummary summary, Throwable error) {
        if (error != null) {
            call.onError(IngestStatus.of(error));
            return;
        }
        call.onNext(summary);
        call.onCompleted();
    }

    @Override
    public void onError(Throwable t) {
        step(() -> stop(OpenStream::release));
    }

    private void onCancel() {
        step(() -> {
            Deadline deadline = callContext.getDeadline();
            // The producer's deadline ends the call on both sides at nearly the same moment: its cancel
            // can arrive before this server's own deadline, started a network trip later, has passed.
            // The producer gave the job this long and no longer: it ends here, not resumable.
            boolean deadlinePassed = deadline != null && deadline.timeRemaining(TimeUnit.MILLISECONDS) <= DEADLINE_SLACK_MS;
            stop(deadlinePassed ? OpenStream::cancel : OpenStream::release);
        });
    }

    /** Fails the call with a status the client can act on; the job stays resumable. */
    private void fail(Throwable error) {
        if (phase == StreamPhase.ENDED) {
            return;
        }
        stop(OpenStream::release);
        try {
            call.onError(IngestStatus.of(error));
        } catch (IllegalStateException alreadyClosed) {
            // The call ended on its own (cancelled by the client) while this stream was failing.
        }
    }

    /**
     * Stops reading and writing; batches already queued are skipped, then the job is let go as
     * {@code letGoOfJob} does it (released for a resume, or ended as CANCELLED). A job still opening
     * is let go as it arrives.
     */
    private void stop(BiConsumer<OpenStream, Runnable> letGoOfJob) {
        if (phase == StreamPhase.ENDED) {
            return;
        }
        boolean opening = phase == StreamPhase.OPENING;
        moveToEnded();
        if (open != null) {
            letGoOfJob.accept(open, () -> letGo.complete(null));
        } else if (!opening) {
            context.events().execute(() -> letGo.complete(null)); // nothing was held; told off this lock
        }
    }

    /** No message is awaited any more, and what the stream holds of the memory budget goes back. */
    private void moveToEnded() {
        moveTo(StreamPhase.ENDED);
        intake.close();
        if (open != null) {
            open.drop();
        }
    }

    private void moveTo(StreamPhase next) {
        if (!phase.canMoveTo(next)) {
            throw new IllegalStateException("stream of job " + jobId + " cannot move from " + phase + " to " + next);
        }
        phase = next;
    }

    /**
     * The server is stopping: a stream still reading ends as UNAVAILABLE, its partial batch dropped
     * and its job let go after the batch being written, so that the producer resumes elsewhere at
     * once. A stream finishing its last batches is left to end on its own.
     */
    public void serverStopping() {
        step(() -> {
            if (phase.reads()) {
                fail(Status.UNAVAILABLE.withDescription("this server is shutting down; resume job " + (jobId == null ? "" : jobId + " ")
                        + "from its committed offset on another server").asRuntimeException());
            }
        });
    }
}
