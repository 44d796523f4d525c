package dev.productingest.client;

import com.google.protobuf.Timestamp;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One stream of a load: asks the server where the job stands, skips the source's committed rows, streams the rest, and
 * answers with the summary or the failure that ended the stream. A job the server ended because its deadline passed or
 * the producer cancelled it answers with its summary.
 */
final class LoadAttempt {
    private final ManagedChannel channel;
    private final JobCalls jobs;
    private final LoadSettings settings;
    private final LiveLoads live;
    private final Executor workers;
    private final ScheduledExecutorService ticks;

    /**
     * @param workers where a stream reads its source and sends, and where its end is handled: never the caller's thread
     *     nor gRPC's
     * @param ticks where progress reports and stall checks run
     */
    LoadAttempt(
            ManagedChannel channel,
            JobCalls jobs,
            LoadSettings settings,
            LiveLoads live,
            Executor workers,
            ScheduledExecutorService ticks) {
        this.channel = channel;
        this.jobs = jobs;
        this.settings = settings;
        this.live = live;
        this.workers = workers;
        this.ticks = ticks;
    }

    /**
     * @param options with the job id set: every stream of a load names its job, so that the next one can resume it
     * @param newJob whether the job is known not to exist yet (an id the client just picked): no need to ask where it
     *     stands
     */
    CompletableFuture<IngestSummary> run(IngestOptions options, RowSource source, boolean newJob) {
        String jobId = options.jobId();
        return CompletableFuture.supplyAsync(() -> newJob ? Optional.<Job>empty() : jobs.job(jobId), workers)
                .thenComposeAsync(
                        job -> {
                            if (job.isPresent() && job.get().getSummary().getState() == JobState.COMPLETED) {
                                return CompletableFuture.completedFuture(
                                        job.get().getSummary());
                            }
                            return stream(
                                    options,
                                    source,
                                    job.map(j -> j.getSummary().getCommittedOffset())
                                            .orElse(0L));
                        },
                        workers)
                .exceptionallyComposeAsync(error -> endedInstead(jobId, IngestException.of(error)), workers);
    }

    /** The summary of a job ended for the producer (its deadline passed, or it cancelled), else the failure. */
    private CompletableFuture<IngestSummary> endedInstead(String jobId, IngestException failure) {
        if (failure.code() == Status.Code.DEADLINE_EXCEEDED) {
            // The server ends a job whose deadline passed as CANCELLED, keeping what it committed; a
            // CancelJob answers with that summary, and ends the job so should the server have seen
            // only a cancelled call.
            return jobs.cancel(jobId).exceptionallyCompose(notEnded -> CompletableFuture.failedFuture(failure));
        }
        if (live.wasCancelled(jobId)) {
            return jobs.endedSummary(jobId).thenApply(summary -> summary.orElseThrow(() -> failure));
        }
        return CompletableFuture.failedFuture(failure);
    }

    private CompletableFuture<IngestSummary> stream(IngestOptions options, RowSource source, long firstOffset) {
        for (long skipped = 0; skipped < firstOffset && source.hasNext(); skipped++) {
            source.next();
        }
        ChunkSender sender = new ChunkSender(
                header(options),
                source,
                settings.chunkRows(),
                settings.chunkBytes(),
                settings.maxMessageBytes(),
                firstOffset);
        ProductIngestGrpc.ProductIngestStub stub = ProductIngestGrpc.newStub(channel);
        if (settings.deadline() != null) {
            stub = stub.withDeadlineAfter(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
        }
        stub.ingest(sender);
        String jobId = options.jobId();
        // Progress costs a WatchJob call for the load: only when someone listens.
        ProgressFollower reporting = settings.progressListener() == null
                ? null
                : new ProgressFollower(channel, ticks, settings, options, sender, firstOffset);
        ScheduledFuture<?> stalls = settings.stallTimeout() == null ? null : watchForStalls(jobId, sender, firstOffset);
        live.started(jobId, sender);
        sender.result().whenComplete((summary, error) -> {
            if (reporting != null) {
                reporting.close();
            }
            if (stalls != null) {
                stalls.cancel(false);
            }
            live.ended(jobId, sender);
        });
        // Runs on the worker that opened the job, until all is sent.
        sender.sendAll();
        return sender.result();
    }

    private static IngestHeader header(IngestOptions options) {
        IngestHeader.Builder header = IngestHeader.newBuilder()
                .setJobId(options.jobId())
                .setSource(options.source() == null ? "" : options.source());
        if (options.expectedRows() != null) {
            header.setExpectedRows(options.expectedRows());
        }
        if (options.maxRejected() != null) {
            header.setMaxRejected(options.maxRejected());
        }
        IngestOptions.Snapshot snapshot = options.snapshot();
        if (snapshot != null) {
            header.setMode(LoadMode.SNAPSHOT);
            if (snapshot.category() != null) {
                header.setSnapshotCategory(snapshot.category());
            }
            if (snapshot.maxRetiredShare() != null) {
                header.setMaxRetiredShare(snapshot.maxRetiredShare());
            }
            if (snapshot.asOf() != null) {
                header.setAsOf(Timestamp.newBuilder()
                        .setSeconds(snapshot.asOf().getEpochSecond())
                        .setNanos(snapshot.asOf().getNano()));
            }
        }
        return header.build();
    }

    private ScheduledFuture<?> watchForStalls(String jobId, ChunkSender sender, long firstOffset) {
        long every = Math.max(1, settings.stallTimeout().toMillis() / 4);
        StallWatch watch = new StallWatch(sender, () -> jobs.progressMark(jobId, firstOffset), settings.stallTimeout());
        return ticks.scheduleWithFixedDelay(watch, every, every, TimeUnit.MILLISECONDS);
    }
}
