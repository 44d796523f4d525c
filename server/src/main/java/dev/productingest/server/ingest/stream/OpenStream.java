package dev.productingest.server.ingest.stream;

import dev.productingest.server.ingest.job.OpenedJob;
import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.ingest.write.BatchFailures;
import dev.productingest.server.ingest.write.BatchPipeline;
import dev.productingest.server.logging.ErrorId;
import dev.productingest.server.logging.LogContext;
import dev.productingest.server.logging.LogText;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.RowChunk;
import io.grpc.Status;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream has once its job is held, made when the job opens: the job as it opened, the offsets its chunks follow,
 * the rows read into batches, its batches in flight (written in order), the linger of a partial batch, and how the job
 * will end. A job that had already COMPLETED is only replayed: its committed rows may come again (a producer retrying a
 * load whose answer it lost), nothing is written, and the stream answers with its summary.
 *
 * <p>Used under the stream's lock. A batch's outcome and the linger go back to the stream, on the stream's event thread
 * and on the timer.
 */
final class OpenStream {
    private static final Logger LOG = LoggerFactory.getLogger(OpenStream.class);

    /** Told on the stream's event thread once a batch has been written, or has failed or been skipped. */
    @FunctionalInterface
    interface Written {
        void batch(Batch batch, long heapBytes, Throwable error);
    }

    private final JobRecord job;
    private final boolean replayOnly;
    private final UUID token;
    private final IngestContext context;
    private final StreamMemory memory;
    private final ChunkOffsets offsets;
    private final ChunkReader reader;
    private final BatchPipeline pipeline;
    private final Written written;
    private final Runnable lingered;
    private ScheduledFuture<?> linger;
    private int inFlight;
    private JobEnd jobEnd = JobEnd.COMPLETED;

    /**
     * @param ended whether the stream has ended, so that its queued batches are skipped
     * @param lingered the stream's step when a partial batch has waited for the linger
     */
    OpenStream(
            OpenedJob opened,
            UUID token,
            IngestContext context,
            StreamMemory memory,
            BooleanSupplier ended,
            Written written,
            Runnable lingered) {
        this.job = opened.record();
        this.replayOnly = opened.replayOnly();
        this.token = token;
        this.context = context;
        this.memory = memory;
        this.offsets = new ChunkOffsets(job.jobId(), job.committedOffset());
        this.reader = new ChunkReader(
                job,
                context.future(),
                context.settings().batchRows(),
                context.settings().batchBytes());
        this.pipeline = new BatchPipeline(context.writer(), context.writers(), token, ended);
        this.written = written;
        this.lingered = lingered;
    }

    /**
     * Reads a chunk's rows into batches and writes each full one. The heap bytes of the rows kept stay held until they
     * are written; the rest go back to the memory budget at once (rows below the committed offset, those after the
     * reject that spends the error budget). Once the budget is spent, the job will end FAILED ({@link #failing()}).
     */
    void read(RowChunk chunk, long wireBytes, long heapBytes) {
        long kept = 0;
        try {
            context.bytesReceived().mark(wireBytes);
            long count = offsets.accept(chunk);
            context.rowsReceived().mark(count);
            if (replayOnly) {
                refuseNewRows(chunk.getFirstOffset(), count);
                return;
            }
            ChunkReader.Read read = reader.read(chunk, wireBytes, heapBytes);
            kept = read.keptBytes();
            read.full().forEach(this::write);
            read.budgetSpent().ifPresent(spent -> jobEnd = spent);
            if (read.budgetSpent().isEmpty() && reader.holdsRows() && linger == null) {
                linger = context.timer()
                        .schedule(lingered, context.settings().linger().toMilliseconds(), TimeUnit.MILLISECONDS);
            }
        } finally {
            memory.release(heapBytes - kept);
        }
    }

    private void refuseNewRows(long first, long count) {
        if (first + count > job.committedOffset()) {
            throw Status.FAILED_PRECONDITION
                    .withDescription("job " + job.jobId() + " has already COMPLETED with " + job.committedOffset()
                            + " rows; offset " + Math.max(first, job.committedOffset())
                            + " is new: start a new job for new rows")
                    .asRuntimeException();
        }
    }

    /** Writes the partial batch, if any. */
    void flush() {
        cancelLinger();
        reader.cut().ifPresent(this::write);
    }

    private void write(ChunkReader.Cut cut) {
        cancelLinger();
        inFlight++;
        // Never on this thread: a batch written before whenComplete is attached would otherwise
        // reach the stream here, inside the caller's step (found as a stream ending twice).
        pipeline.submit(cut.batch())
                .whenCompleteAsync(
                        (done, error) -> written.batch(cut.batch(), cut.heapBytes(), error), context.events());
    }

    private void cancelLinger() {
        if (linger != null) {
            linger.cancel(false);
            linger = null;
        }
    }

    /** A batch's outcome has reached the stream: the heap bytes its rows held go back to the memory budget. */
    void batchDone(long heapBytes) {
        inFlight--;
        memory.release(heapBytes);
    }

    /** Whether every batch is written: none in flight. */
    boolean written() {
        return inFlight == 0;
    }

    /**
     * Whether fewer than {@code batchesInFlightPerStream} batches wait to be written, so that the stream may read on.
     */
    boolean hasRoom() {
        return inFlight < context.settings().batchesInFlightPerStream();
    }

    /**
     * Whether the job goes on after a batch's outcome: the batch was written, or it was skipped behind an earlier
     * batch's failure (whose own outcome decides, arriving before or after this one), or it was queued behind a failure
     * the job already ends with, or the database refuses it for good, so that every resume would fail on the same rows
     * (the job then ends FAILED, {@link #refused}). False for a failure a resume may get past, which ends the stream
     * and leaves the job resumable.
     */
    boolean survives(Batch batch, Throwable error) {
        if (error == null || failing() || BatchPipeline.skipped(error)) {
            return true;
        }
        if (!BatchFailures.isPermanent(error)) {
            return false;
        }
        refused(batch, error);
        return true;
    }

    /** Whether the job will end FAILED, whatever comes. */
    boolean failing() {
        return jobEnd.isFailure();
    }

    /**
     * The database refuses the batch in a way every resume would meet again: the job ends as FAILED, saying why. The
     * database's own words (a constraint's name, the value it refused) stay in the log.
     */
    private void refused(Batch batch, Throwable error) {
        String offsets = "[" + batch.startOffset() + ", " + batch.endOffset() + ")";
        ErrorId id = ErrorId.logWarning(
                LOG,
                "job " + LogText.of(job.jobId()) + " fails: the database refuses the batch of offsets " + offsets,
                error);
        jobEnd = JobEnd.failed("the batch of offsets " + offsets + " cannot be stored: the database refuses its data ("
                + id + " in the server's log); the rows committed before it are kept");
    }

    /**
     * Drops the partial batch, which will not be written: the heap bytes its rows held go back to the memory budget.
     */
    void drop() {
        cancelLinger();
        reader.cut().ifPresent(cut -> memory.release(cut.heapBytes()));
    }

    /**
     * Once every batch is written: on a writer thread, ends the job as decided (or, replayed, reads its summary) and
     * gives {@code answer} the summary or the failure; then {@code then}.
     */
    void end(BiConsumer<IngestSummary, Throwable> answer, Runnable then) {
        CompletableFuture.runAsync(
                () -> {
                    try (LogContext ignored = LogContext.of(job.jobId(), token)) {
                        IngestSummary summary;
                        try {
                            summary = replayOnly
                                    ? context.jobs().summarize(job)
                                    : context.jobs().finish(job, token, jobEnd.state(), jobEnd.error());
                        } catch (Throwable e) {
                            answer.accept(null, e);
                            return;
                        }
                        answer.accept(summary, null);
                    } finally {
                        then.run();
                    }
                },
                context.writers());
    }

    /**
     * Lets the job go for a resume once the batches in flight have run or been skipped; then {@code then}, on a writer
     * thread.
     */
    void release(Runnable then) {
        afterDrained(
                () -> {
                    try {
                        context.jobs().release(job.jobId(), token);
                    } catch (RuntimeException e) {
                        LOG.warn("could not release job {}; its lease expires on its own", LogText.of(job.jobId()), e);
                    }
                },
                then);
    }

    /**
     * As {@link #release}, but the job ends as CANCELLED with what was committed: the producer's deadline has passed.
     */
    void cancel(Runnable then) {
        afterDrained(
                () -> {
                    try {
                        context.jobs()
                                .finish(
                                        job,
                                        token,
                                        JobStatus.CANCELLED,
                                        "the producer's deadline passed; the rows committed before it are kept");
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "could not end job {} as CANCELLED; its lease expires on its own",
                                LogText.of(job.jobId()),
                                e);
                    }
                },
                then);
    }

    private void afterDrained(Runnable letGo, Runnable then) {
        pipeline.drained()
                .whenCompleteAsync(
                        (r, e) -> {
                            try {
                                if (!replayOnly) {
                                    letGo.run();
                                }
                            } finally {
                                then.run();
                            }
                        },
                        context.writers());
    }
}
