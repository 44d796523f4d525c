package dev.productingest.server.ingest.stream;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.ingest.write.BatchPipeline;
import dev.productingest.server.logging.LogContext;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.RowChunk;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One producer's Ingest call: header, then chunks, validated into batches and written in order. Its place in its life
 * is its {@link StreamPhase}; its messages come in through its {@link MessageIntake} (memory bounded as
 * {@link MemoryBudget} states, silence ended as UNAVAILABLE); what exists once its job is held is its
 * {@link OpenStream}.
 *
 * <p>gRPC delivers this observer's callbacks one at a time, but batch completions, grants of memory and the timers
 * arrive on other threads, so every step takes the object's lock. Nothing here blocks (database calls run on the writer
 * pool), and no other part of the server is called back under the lock: the service hears of the end by letGo.
 */
public final class IngestStream implements StreamObserver<IngestMessage> {
    private final ServerCallStreamObserver<IngestSummary> call;
    private final IngestContext context;
    private final UUID token = UUID.randomUUID();
    private final Caller caller;
    private final ProducerDeadline deadline = ProducerDeadline.ofCurrentCall();
    private final StreamMemory memory;
    private final MessageIntake intake;
    private final CompletableFuture<Void> letGo = new CompletableFuture<>();
    private final Runnable jobLetGo = () -> letGo.complete(null);

    private String jobId;
    private OpenStream open; // made once the job is held: none while the header is awaited and the job opens
    private boolean halfClosed;
    // Volatile: the writer threads read it to skip the batches of a stream that has ended.
    private volatile StreamPhase phase = StreamPhase.AWAITING_HEADER;

    public IngestStream(ServerCallStreamObserver<IngestSummary> call, IngestContext context, Caller caller) {
        this.call = call;
        this.context = context;
        this.caller = caller;
        this.memory = new StreamMemory(context.memory());
        this.intake = new MessageIntake(
                call, context.timer(), context.settings(), memory, this::silent, this::onHeader, this::onChunk);
    }

    /** Called from the service method, before gRPC delivers anything. */
    public void start() {
        call.disableAutoRequest();
        call.setOnCancelHandler(this::onCancel);
        step(intake::askForHeader);
    }

    /** Completes once the stream has ended and holds nothing of its job; never on a thread holding its lock. */
    public CompletableFuture<Void> letGo() {
        return letGo;
    }

    /** One step, under the stream's lock: whatever goes wrong ends the stream with a status, never UNKNOWN. */
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
            } else if (!intake.arrive(message, this::messageAdmitted) && open != null) {
                open.flush(); // it waits for room in the memory budget: what it holds is written, so that room can come
            }
        });
    }

    /** The budget holds the parked message now: it is read, and a half-close that came meanwhile takes effect. */
    private void messageAdmitted() {
        step(() -> {
            if (intake.admitted() && halfClosed && phase == StreamPhase.STREAMING) {
                finishWhenWritten();
            }
        });
    }

    private void onHeader(IngestHeader header) {
        if (phase != StreamPhase.AWAITING_HEADER) {
            throw IngestStatus.invalid("a second header: the header is sent once, as the first message of the stream");
        }
        jobId = IngestHeaders.jobIdOf(header, context.future());
        context.permissions().check(caller, header);
        CompletableFuture.supplyAsync(
                        () -> new OpenStream(
                                context.jobs().open(jobId, header, caller.name(), token),
                                token,
                                context,
                                memory,
                                () -> phase == StreamPhase.ENDED,
                                this::onWritten,
                                this::lingerExpired),
                        context.writers())
                .whenCompleteAsync(this::onOpened, context.writers());
        phase = phase.to(StreamPhase.OPENING); // once submitted: a refused submit leaves nothing to wait for
    }

    private void onOpened(OpenStream opened, Throwable error) {
        synchronized (this) {
            if (error != null) {
                step(() -> fail(error));
            } else if (phase == StreamPhase.ENDED) {
                opened.release(jobLetGo); // the stream ended while its job opened: the job goes back at once
            } else {
                step(() -> hold(opened));
            }
        }
        if (error != null) {
            jobLetGo.run(); // no job was held
        }
    }

    private void hold(OpenStream opened) {
        open = opened;
        if (halfClosed) {
            finishWhenWritten();
        } else {
            phase = phase.to(StreamPhase.STREAMING);
            intake.processed();
            requestIfRoom();
        }
    }

    private void onChunk(RowChunk chunk, long wireBytes, long heapBytes) {
        if (phase != StreamPhase.STREAMING) {
            memory.release(heapBytes);
            throw IngestStatus.headerMissing("a chunk before the header");
        }
        open.read(chunk, wireBytes, heapBytes);
        if (open.failing()) {
            finishWhenWritten();
        }
        intake.processed();
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
            } else if (phase == StreamPhase.STREAMING && !open.failing()) {
                // Behind a failure whose own outcome is still on its way and decides: no more rows meanwhile.
                if (!BatchPipeline.skipped(error)) {
                    requestIfRoom();
                }
            } else {
                // Finishing, or a batch the database refuses for good: the job ends once what is queued has run.
                phase = phase == StreamPhase.STREAMING ? phase.to(StreamPhase.FINISHING) : phase;
                finishIfWritten();
            }
        });
    }

    /** Asks for the next message once the stream may read on; without room in the budget, writes what it holds. */
    private void requestIfRoom() {
        if (!halfClosed && phase == StreamPhase.STREAMING && open.hasRoom() && !intake.askIfRoom(this::memoryGranted)) {
            open.flush();
        }
    }

    private void memoryGranted() {
        step(() -> {
            if (phase == StreamPhase.STREAMING) {
                intake.granted();
            } // else the stream gives the grant back as it ends
        });
    }

    private void silent() {
        step(() -> {
            if (phase == StreamPhase.AWAITING_HEADER) {
                fail(IngestStatus.noHeader(context.settings()));
            } else if (phase == StreamPhase.STREAMING) {
                fail(IngestStatus.idle(context.settings(), jobId));
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
                fail(IngestStatus.headerMissing("the stream ended without a header"));
            } else if (phase == StreamPhase.STREAMING) {
                finishWhenWritten();
            }
        });
    }

    private void finishWhenWritten() {
        phase = phase.to(StreamPhase.FINISHING);
        open.flush();
        finishIfWritten();
    }

    private void finishIfWritten() {
        if (open.written() && phase != StreamPhase.ENDED) {
            moveToEnded();
            open.end(this::answer, jobLetGo);
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
        // The producer gave the job this long and no longer: it ends there, CANCELLED, not resumable.
        step(() -> stop(deadline.hasPassed() ? OpenStream::cancel : OpenStream::release));
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

    /** Stops reading and writing; once queued batches are skipped, lets go of the job: released, or CANCELLED. */
    private void stop(BiConsumer<OpenStream, Runnable> letGoOfJob) {
        if (phase == StreamPhase.ENDED) {
            return;
        }
        boolean opening = phase == StreamPhase.OPENING;
        moveToEnded();
        if (open != null) {
            letGoOfJob.accept(open, jobLetGo);
        } else if (!opening) {
            context.events().execute(jobLetGo); // nothing was held; told off this lock
        }
    }

    /** No message is awaited any more, and what the stream holds of the memory budget goes back. */
    private void moveToEnded() {
        phase = phase.to(StreamPhase.ENDED);
        intake.close();
        if (open != null) {
            open.drop();
        }
    }

    /**
     * The server is stopping: a stream still reading ends as UNAVAILABLE, its partial batch dropped and its job let go
     * after the batch being written, so that the producer resumes elsewhere at once; one finishing ends on its own.
     */
    public void serverStopping() {
        step(() -> {
            if (phase.reads()) {
                fail(IngestStatus.serverStopping(jobId));
            }
        });
    }
}
