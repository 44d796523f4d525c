package dev.productingest.server.ingest.stream;

import dev.productingest.server.ingest.job.OpenedJob;
import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.ingest.write.BatchFailures;
import dev.productingest.server.ingest.write.BatchPipeline;
import com.codahale.metrics.Meter;
import dev.productingest.rules.RowValidator;
import dev.productingest.server.auth.Caller;
import dev.productingest.server.logging.ErrorId;
import dev.productingest.server.logging.LogContext;
import dev.productingest.server.logging.LogText;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One producer's Ingest call: header, then chunks, validated into batches and written in order.
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
 * <p>gRPC delivers this observer's callbacks one at a time, but batch completions and the linger
 * timer arrive on other threads, so every entry point takes the object's lock. Nothing here blocks:
 * database calls run on the writer pool.
 */
public final class IngestStream implements StreamObserver<IngestMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestStream.class);
    // A cancel this close to the call's deadline is the deadline: see onCancel.
    private static final long DEADLINE_SLACK_MS = 1000;

    private final ServerCallStreamObserver<IngestSummary> call;
    private final IngestContext context;
    private final UUID token = UUID.randomUUID();
    private final Caller caller;
    private final Meter rowsReceived;
    private final Meter bytesReceived;
    // The call's own context, whose deadline tells a producer's deadline from a broken connection.
    private final Context callContext = Context.current();
    private final StreamMemory memory;
    // Read once: they are checked for every row.
    private final int batchRows;
    private final long batchBytes;

    private String jobId;
    private JobRecord job;
    private boolean replayOnly;
    private ChunkOffsets offsets;
    private ErrorBudget errors;
    private BatchBuilder pending;
    private BatchPipeline pipeline;
    private ScheduledFuture<?> linger;
    // Runs while the server waits for a message it asked for: the header, or the next chunk.
    private ScheduledFuture<?> silence;
    // A message that arrived and waits for the memory budget to hold it before it is parsed.
    private IngestMessage parked;
    private HeapCost parkedCost;
    private int batchesInFlight;
    private boolean wantsMessage;
    private boolean halfClosed;
    private String failure;
    // Volatile: the writer threads read it to skip the batches of a stream that has ended.
    private volatile StreamPhase phase = StreamPhase.AWAITING_HEADER;
    private Runnable whenEnded;

    public IngestStream(ServerCallStreamObserver<IngestSummary> call, IngestContext context, Caller caller) {
        this.call = call;
        this.context = context;
        this.caller = caller;
        this.rowsReceived = context.rowsReceived();
        this.bytesReceived = context.bytesReceived();
        this.memory = new StreamMemory(context.memory());
        this.batchRows = context.settings().batchRows();
        this.batchBytes = context.settings().batchBytes();
    }

    /** Called from the service method, before gRPC delivers anything. */
    public void start() {
        call.disableAutoRequest();
        call.setOnCancelHandler(this::onCancel);
        synchronized (this) {
            silence = context.timer().schedule(() -> silent("no header within " + context.settings().headerTimeout()
                    + ": send an IngestHeader as the first message"), context.settings().headerTimeout().toMilliseconds(),
                    TimeUnit.MILLISECONDS);
        }
        call.request(1);
    }

    @Override
    public synchronized void onNext(IngestMessage message) {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            if (!phase.reads()) {
                message.close();
                return;
            }
            cancelSilence();
            try {
                HeapCost cost = costOf(message);
                if (memory.admit(cost.heapBytes(), this::messageAdmitted)) {
                    read(message, cost);
                } else {
                    parked = message;
                    parkedCost = cost;
                    if (pending != null) {
                        flush();
                    }
                }
            } catch (Throwable e) {
                // Whatever goes wrong ends this stream with a status, never gRPC's UNKNOWN, and frees its share.
                message.close();
                fail(e);
            }
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

    /** The budget holds the parked message now: it is read, and a half-close that came meanwhile takes effect. */
    private synchronized void messageAdmitted() {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            IngestMessage message = parked;
            HeapCost cost = parkedCost;
            parked = null;
            parkedCost = null;
            if (message == null) {
                return; // the stream ended meanwhile and gives the grant back
            }
            try {
                memory.granted();
                memory.admit(cost.heapBytes(), null);
                read(message, cost);
                if (halfClosed && phase == StreamPhase.STREAMING) {
                    finishWhenWritten();
                }
            } catch (Throwable e) {
                message.close();
                fail(e);
            }
        }
    }

    /** Parses a message whose heap cost the stream holds, and acts on it. */
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
            onChunk(request.getChunk(), message.wireBytes(), cost.heapBytes());
            return;
        }
        memory.release(cost.heapBytes());
        if (request.getKindCase() == IngestRequest.KindCase.HEADER) {
            onHeader(request.getHeader());
        } else {
            throw IngestStatus.invalid("an IngestRequest with neither header nor chunk");
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
                .whenComplete(this::onOpened);
    }

    private synchronized void onOpened(OpenedJob opened, Throwable error) {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            if (error != null) {
                fail(error);
                return;
            }
            try {
                opened(opened);
            } catch (Throwable e) {
                fail(e);
            }
        }
    }

    private void opened(OpenedJob opened) {
        if (phase == StreamPhase.ENDED) {
            if (!opened.replayOnly()) {
                releaseQuietly();
            }
            return;
        }
        job = opened.record();
        replayOnly = opened.replayOnly();
        offsets = new ChunkOffsets(jobId, job.committedOffset());
        errors = new ErrorBudget(job.maxRejected(), job.rejected());
        if (!replayOnly) {
            pending = new BatchBuilder(jobId, job.snapshot() != null);
            pipeline = new BatchPipeline(context.writer(), context.writers(), token, () -> phase == StreamPhase.ENDED);
        }
        if (halfClosed) {
            finishWhenWritten();
        } else {
            moveTo(StreamPhase.STREAMING);
            wantsMessage = true;
            requestIfRoom();
        }
    }

    /**
     * @param wireBytes the message's size as it came over the wire
     * @param heapBytes what its rows cost in the heap, which the stream holds until they are written
     */
    private void onChunk(RowChunk chunk, long wireBytes, long heapBytes) {
        long kept = 0;
        try {
            if (phase != StreamPhase.STREAMING) {
                throw IngestStatus.invalid("a chunk before the header: send an IngestHeader as the first message");
            }
            bytesReceived.mark(wireBytes);
            kept = readChunk(chunk, wireBytes, heapBytes);
        } finally {
            // What the chunk brought and no batch kept: rows below the committed offset, or those after a failure.
            memory.release(heapBytes - kept);
        }
        wantsMessage = true;
        requestIfRoom();
    }

    /** Validates the chunk's rows into the pending batch; returns the heap bytes of the rows kept there. */
    private long readChunk(RowChunk chunk, long wireBytes, long heapBytes) {
        long first = chunk.getFirstOffset();
        long count = offsets.accept(chunk);
        rowsReceived.mark(count);
        // Each row is counted as an equal share of the chunk: rows of one message are mostly of one shape.
        long rowBytes = count == 0 ? 0 : heapBytes / count;
        long rowWireBytes = count == 0 ? 0 : wireBytes / count;
        long kept = 0;

        List<ProductRow> rows = chunk.getRowsList();
        List<RowError> unreadable = chunk.getUnreadableList();
        int rowIndex = 0;
        int unreadableIndex = 0;
        for (long offset = first; offset < first + count; offset++) {
            RowError reject;
            ProductRow row = null;
            if (unreadableIndex < unreadable.size() && unreadable.get(unreadableIndex).getOffset() == offset) {
                reject = asReject(unreadable.get(unreadableIndex++));
            } else {
                row = rows.get(rowIndex++);
                reject = null;
            }
            if (offset < job.committedOffset()) {
                continue; // committed before a reconnect: neither written nor counted again
            }
            if (replayOnly) {
                throw Status.FAILED_PRECONDITION.withDescription("job " + jobId + " has already COMPLETED with "
                        + job.committedOffset() + " rows; offset " + offset + " is new: start a new job for new rows")
                        .asRuntimeException();
            }
            if (reject == null) {
                reject = validate(offset, row);
            }
            if (reject != null) {
                pending.reject(reject, rowBytes, rowWireBytes);
                kept += rowBytes;
                failure = errors.reject(offset);
                if (failure != null) {
                    finishWhenWritten();
                    return kept;
                }
            } else {
                pending.add(offset, row, rowBytes, rowWireBytes);
                kept += rowBytes;
            }
            if (pending.size() >= batchRows || pending.wireBytes() >= batchBytes) {
                flush();
            }
        }
        if (!replayOnly && !pending.isEmpty() && linger == null) {
            linger = context.timer().schedule(this::lingerExpired, context.settings().linger().toMilliseconds(), TimeUnit.MILLISECONDS);
        }
        return kept;
    }

    private static RowError validate(long offset, ProductRow row) {
        return RowValidator.validate(row)
                .map(v -> RowError.newBuilder().setOffset(offset).setSku(row.getSku()).setField(v.field()).setReason(v.reason()).build())
                .orElse(null);
    }

    private static RowError asReject(RowError unreadable) {
        RowError.Builder b = unreadable.toBuilder();
        if (b.getField().isEmpty()) {
            b.setField("row");
        }
        if (b.getReason().isEmpty()) {
            b.setReason("the producer could not read this row");
        }
        return b.build();
    }

    private synchronized void lingerExpired() {
        linger = null;
        if (phase == StreamPhase.STREAMING) {
            flush();
        }
    }

    private void flush() {
        if (linger != null) {
            linger.cancel(false);
            linger = null;
        }
        if (pending.isEmpty()) {
            return;
        }
        long bytes = pending.bytes();
        Batch batch = pending.take();
        batchesInFlight++;
        // Never on this thread: a batch written before whenComplete is attached would otherwise
        // run onWritten here, inside the caller's step (found as a stream ending twice).
        pipeline.submit(batch).whenCompleteAsync((written, error) -> onWritten(batch, bytes, error), context.events());
    }

    private synchronized void onWritten(Batch batch, long bytes, Throwable error) {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            batchesInFlight--;
            memory.release(bytes);
            if (phase == StreamPhase.ENDED) {
                return;
            }
            try {
                if (error != null && failure == null && BatchFailures.isPermanent(error)) {
                    // Every resume would fail on the same rows: the job ends as FAILED, saying why.
                    // The database's own words (a constraint's name, the value it refused) stay in the log.
                    ErrorId id = ErrorId.logWarning(LOG, "job " + LogText.of(jobId) + " fails: the database refuses the batch of offsets ["
                            + batch.startOffset() + ", " + batch.endOffset() + ")", error);
                    failure = "the batch of offsets [" + batch.startOffset() + ", " + batch.endOffset() + ") cannot be stored: the "
                            + "database refuses its data (" + id + " in the server's log); the rows committed before it are kept";
                    if (phase != StreamPhase.FINISHING) {
                        moveTo(StreamPhase.FINISHING);
                    }
                    finishIfWritten();
                } else if (phase == StreamPhase.FINISHING && (error == null || failure != null)) {
                    // After a permanent failure the batches queued behind it fail with it; the job ends once they have.
                    finishIfWritten();
                } else if (error != null) {
                    fail(error);
                } else {
                    requestIfRoom();
                }
            } catch (Throwable e) {
                fail(e);
            }
        }
    }

    /**
     * Asks for the next message when the stream wants one, has fewer than the most batches queued,
     * and the memory budget grants room for it. Without room it waits in the budget's line, writing
     * what it holds so that the room can come.
     */
    private void requestIfRoom() {
        if (!wantsMessage || halfClosed || phase != StreamPhase.STREAMING || memory.isWaiting()
                || batchesInFlight >= context.settings().batchesInFlightPerStream()) {
            return;
        }
        if (memory.reserveNext(this::memoryGranted)) {
            askForMessage();
        } else {
            flush();
        }
    }

    private synchronized void memoryGranted() {
        if (phase != StreamPhase.STREAMING) {
            return; // the stream gives the grant back as it ends
        }
        memory.granted();
        askForMessage();
    }

    private void askForMessage() {
        wantsMessage = false;
        long idle = context.settings().idleTimeout().toMilliseconds();
        silence = context.timer().schedule(() -> silent("no message for " + context.settings().idleTimeout()
                + " after the server asked for one; job " + jobId + " stays RUNNING: resume from its committed offset"),
                idle, TimeUnit.MILLISECONDS);
        call.request(1);
    }

    private synchronized void silent(String why) {
        silence = null;
        if (phase == StreamPhase.AWAITING_HEADER || phase == StreamPhase.STREAMING) {
            fail(Status.UNAVAILABLE.withDescription(why).asRuntimeException());
        }
    }

    private void cancelSilence() {
        if (silence != null) {
            silence.cancel(false);
            silence = null;
        }
    }

    @Override
    public synchronized void onCompleted() {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            halfClosed = true;
            cancelSilence();
            if (parked != null) {
                return; // the message waiting for memory is read first, and the stream ends after it
            }
            if (phase == StreamPhase.AWAITING_HEADER) {
                fail(IngestStatus.invalid("the stream ended without a header: send an IngestHeader as the first message"));
            } else if (phase == StreamPhase.STREAMING) {
                finishWhenWritten();
            }
        }
    }

    private void finishWhenWritten() {
        moveTo(StreamPhase.FINISHING);
        if (!replayOnly) {
            flush();
        }
        finishIfWritten();
    }

    private void finishIfWritten() {
        if (batchesInFlight > 0 || phase == StreamPhase.ENDED) {
            return;
        }
        moveTo(StreamPhase.ENDED);
        cancelSilence();
        dropPending();
        CompletableFuture.supplyAsync(this::endJob, context.writers()).whenComplete(this::answer);
    }

    private IngestSummary endJob() {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            if (replayOnly) {
                return context.jobs().summarize(job);
            }
            return failure == null
                    ? context.jobs().finish(job, token, JobStatus.COMPLETED, null)
                    : context.jobs().finish(job, token, JobStatus.FAILED, failure);
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
    public synchronized void onError(Throwable t) {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            stop();
        }
    }

    private synchronized void onCancel() {
        try (LogContext ignored = LogContext.of(jobId, token)) {
            Deadline deadline = callContext.getDeadline();
            // The producer's deadline ends the call on both sides at nearly the same moment: its cancel
            // can arrive before this server's own deadline, started a network trip later, has passed.
            if (deadline != null && deadline.timeRemaining(TimeUnit.MILLISECONDS) <= DEADLINE_SLACK_MS) {
                // The producer gave the job this long and no longer: it ends here, not resumable.
                stop(true);
            } else {
                stop();
            }
        }
    }

    /** Fails the call with a status the client can act on; the job stays resumable. */
    private void fail(Throwable error) {
        if (phase == StreamPhase.ENDED) {
            return;
        }
        stop();
        try {
            call.onError(IngestStatus.of(error));
        } catch (IllegalStateException alreadyClosed) {
            // The call ended on its own (cancelled by the client) while this stream was failing.
        }
    }

    /** Stops reading and writing; batches already queued are skipped, then the job is let go for a resume. */
    private void stop() {
        stop(false);
    }

    /** As {@link #stop()}, or, with {@code cancelJob}, ends the job as CANCELLED with what was committed. */
    private void stop(boolean cancelJob) {
        if (phase == StreamPhase.ENDED) {
            return;
        }
        moveTo(StreamPhase.ENDED);
        cancelSilence();
        if (linger != null) {
            linger.cancel(false);
        }
        dropPending();
        if (pipeline != null) {
            pipeline.drained().whenCompleteAsync((r, e) -> {
                if (cancelJob) {
                    cancelQuietly();
                } else {
                    releaseQuietly();
                }
            }, context.writers());
        }
    }

    private void moveTo(StreamPhase next) {
        if (!phase.canMoveTo(next)) {
            throw new IllegalStateException("stream of job " + jobId + " cannot move from " + phase + " to " + next);
        }
        phase = next;
        if (next == StreamPhase.ENDED && whenEnded != null) {
            whenEnded.run();
        }
    }

    /** Called once, as the stream ends; set before {@link #start()}. */
    public void whenEnded(Runnable action) {
        this.whenEnded = action;
    }

    /**
     * The server is stopping: a stream still reading ends as UNAVAILABLE, its partial batch dropped
     * and its job let go after the batch being written, so that the producer resumes elsewhere at
     * once. A stream finishing its last batches is left to end on its own.
     */
    public synchronized void serverStopping() {
        if (phase == StreamPhase.AWAITING_HEADER || phase == StreamPhase.OPENING || phase == StreamPhase.STREAMING) {
            fail(Status.UNAVAILABLE.withDescription("this server is shutting down; resume job " + (jobId == null ? "" : jobId + " ")
                    + "from its committed offset on another server").asRuntimeException());
        }
    }

    /** Gives back the stream's reservation, the message it has not parsed and the rows of its partial batch, which will not be written. */
    private void dropPending() {
        memory.close();
        if (parked != null) {
            parked.close();
            parked = null;
            parkedCost = null;
        }
        if (pending != null && !pending.isEmpty()) {
            memory.release(pending.bytes());
            pending.take();
        }
    }

    private void cancelQuietly() {
        try {
            context.jobs().finish(job, token, JobStatus.CANCELLED, "the producer's deadline passed; the rows committed before it are kept");
        } catch (RuntimeException e) {
            LOG.warn("could not end job {} as CANCELLED; its lease expires on its own", LogText.of(jobId), e);
        }
    }

    private void releaseQuietly() {
        try {
            context.jobs().release(jobId, token);
        } catch (RuntimeException e) {
            LOG.warn("could not release job {}; its lease expires on its own", LogText.of(jobId), e);
        }
    }
}
