package dev.productingest.client;

import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The unary job calls (GetJob, CancelJob) over the client's channel, each with the client's deadline. */
final class JobCalls {
    private static final Duration ASK_EVERY = Duration.ofMillis(100);
    private static final int ASK_TIMES = 50;

    private final ManagedChannel channel;
    private final Duration deadline;
    private final Executor executor;

    /** @param executor where polls run between asks: never a gRPC callback thread */
    JobCalls(ManagedChannel channel, Duration deadline, Executor executor) {
        this.channel = channel;
        this.deadline = deadline;
        this.executor = executor;
    }

    /** The job as the server has it, or empty when there is no such job. */
    Optional<Job> job(String jobId) {
        try {
            return Optional.of(blockingStub()
                    .getJob(GetJobRequest.newBuilder().setJobId(jobId).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw IngestException.of(e);
        }
    }

    /**
     * How far the job has moved: its committed offset plus the products its snapshot retired, both of which only grow,
     * so a snapshot's long retire is progress too; {@code otherwise} when the job does not exist yet.
     */
    long progressMark(String jobId, long otherwise) {
        return job(jobId)
                .map(j -> j.getSummary().getCommittedOffset() + j.getSummary().getRetired())
                .orElse(otherwise);
    }

    /** The job's summary once the server has ended it; empty if it has not within a few seconds. */
    CompletableFuture<Optional<IngestSummary>> endedSummary(String jobId) {
        return Polling.until(
                () -> job(jobId).map(Job::getSummary).filter(summary -> summary.getState() != JobState.RUNNING),
                ASK_EVERY,
                ASK_TIMES,
                executor);
    }

    /**
     * Ends a job no live stream holds as CANCELLED; asks again while a stream still holds it (the server lets go once
     * that stream's last batch is done).
     */
    CompletableFuture<IngestSummary> cancel(String jobId) {
        GetJobRequest request = GetJobRequest.newBuilder().setJobId(jobId).build();
        StatusRuntimeException[] held = new StatusRuntimeException[1];
        return Polling.until(
                        () -> {
                            try {
                                return Optional.of(blockingStub().cancelJob(request));
                            } catch (StatusRuntimeException e) {
                                if (e.getStatus().getCode() != Status.Code.ABORTED) {
                                    throw IngestException.of(e);
                                }
                                held[0] = e;
                                return Optional.empty();
                            }
                        },
                        ASK_EVERY,
                        ASK_TIMES,
                        executor)
                .thenApply(summary -> summary.orElseThrow(() -> IngestException.of(held[0])));
    }

    private ProductIngestGrpc.ProductIngestBlockingStub blockingStub() {
        ProductIngestGrpc.ProductIngestBlockingStub stub = ProductIngestGrpc.newBlockingStub(channel);
        return deadline == null ? stub : stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
