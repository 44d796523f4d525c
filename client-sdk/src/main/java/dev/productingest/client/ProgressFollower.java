package dev.productingest.client;

import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.Job;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a load's progress listener where it stands every interval: the rows sent, from the sender, and the rows
 * committed, from a WatchJob stream the server pushes each commit on (one call, not a GetJob per interval). A watch
 * that ends early (the job not opened yet, a server going away) is opened again at the next interval.
 */
final class ProgressFollower implements AutoCloseable {
    private final ManagedChannel channel;
    private final String jobId;
    private final AtomicLong committed;
    private final ScheduledFuture<?> ticks;
    private volatile Context.CancellableContext watch;
    private volatile boolean closed;

    ProgressFollower(
            ManagedChannel channel,
            ScheduledExecutorService timer,
            LoadSettings settings,
            IngestOptions options,
            ChunkSender sender,
            long firstOffset) {
        this.channel = channel;
        this.jobId = options.jobId();
        this.committed = new AtomicLong(firstOffset);
        long started = System.nanoTime();
        long every = settings.progressInterval().toMillis();
        this.ticks = timer.scheduleWithFixedDelay(
                () -> {
                    if (watch == null && sender.rowsSent() > firstOffset) {
                        openWatch(); // once rows go out, the job exists
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    long done = committed.get();
                    settings.progressListener()
                            .progress(new LoadProgress(
                                    jobId,
                                    Math.max(done, sender.rowsSent()),
                                    done,
                                    seconds > 0 ? (done - firstOffset) / seconds : 0,
                                    options.expectedRows()));
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    private void openWatch() {
        Context.CancellableContext context = Context.current().withCancellation();
        watch = context;
        if (closed) {
            context.cancel(null);
            return;
        }
        context.run(() -> ProductIngestGrpc.newStub(channel)
                .watchJob(GetJobRequest.newBuilder().setJobId(jobId).build(), new StreamObserver<Job>() {
                    @Override
                    public void onNext(Job job) {
                        committed.accumulateAndGet(job.getSummary().getCommittedOffset(), Math::max);
                    }

                    @Override
                    public void onError(Throwable t) {
                        watch = null; // opened again at the next interval
                    }

                    @Override
                    public void onCompleted() {}
                }));
    }

    @Override
    public void close() {
        closed = true;
        ticks.cancel(false);
        Context.CancellableContext context = watch;
        if (context != null) {
            context.cancel(null);
        }
    }
}
