package dev.productingest.client;

import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Loads product rows into a product-ingest server over one gRPC channel. Thread-safe and meant to
 * be reused; close it when done.
 *
 * <pre>{@code
 * try (IngestClient client = IngestClient.builder("localhost:50051").build();
 *      RowSource rows = CsvRowSource.open(Path.of("catalog.csv"))) {
 *     IngestSummary summary = client.load(IngestOptions.defaults().withJobId("catalog-2024-05-01"), rows);
 * }
 * }</pre>
 */
public final class IngestClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final int chunkRows;
    private final Duration deadline;
    private final ExecutorService sources;

    private IngestClient(Builder builder) {
        this.channel = NettyChannelBuilder.forTarget(builder.target).usePlaintext().build();
        this.chunkRows = builder.chunkRows;
        this.deadline = builder.deadline;
        this.sources = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ingest-client-source");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder for a client of the server at {@code target} ("host:port"). */
    public static Builder builder(String target) {
        return new Builder(target);
    }

    /**
     * Loads every row of the source and waits for the job's summary. With a job id that already
     * exists, resumes it: the source's rows below the job's committed offset are skipped, unsent.
     *
     * @throws IngestException when the server refuses the load or cannot be reached, or the source fails
     */
    public IngestSummary load(IngestOptions options, RowSource source) {
        try {
            return loadAsync(options, source).join();
        } catch (CompletionException e) {
            throw asIngestException(e.getCause());
        }
    }

    /** {@link #load} without waiting: the future completes with the summary, or an {@link IngestException}. */
    public CompletableFuture<IngestSummary> loadAsync(IngestOptions options, RowSource source) {
        return CompletableFuture.supplyAsync(() -> startingOffset(options), sources)
                .thenCompose(start -> start.summary != null
                        ? CompletableFuture.completedFuture(start.summary)
                        : stream(options, source, start.offset))
                .handle((summary, error) -> {
                    if (error != null) {
                        throw asIngestException(error instanceof CompletionException ? error.getCause() : error);
                    }
                    return summary;
                });
    }

    /** The job as the server has it, or empty when there is no such job. */
    public Optional<Job> job(String jobId) {
        try {
            return Optional.of(blockingStub().getJob(GetJobRequest.newBuilder().setJobId(jobId).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw asIngestException(e);
        }
    }

    private Start startingOffset(IngestOptions options) {
        if (options.jobId() == null) {
            return new Start(0, null);
        }
        return job(options.jobId())
                .map(job -> job.getSummary().getState() == JobState.COMPLETED
                        ? new Start(job.getSummary().getCommittedOffset(), job.getSummary())
                        : new Start(job.getSummary().getCommittedOffset(), null))
                .orElse(new Start(0, null));
    }

    private CompletableFuture<IngestSummary> stream(IngestOptions options, RowSource source, long firstOffset) {
        for (long skipped = 0; skipped < firstOffset && source.hasNext(); skipped++) {
            source.next();
        }
        IngestHeader.Builder header = IngestHeader.newBuilder().setSource(options.source() == null ? "" : options.source());
        if (options.jobId() != null) {
            header.setJobId(options.jobId());
        }
        if (options.expectedRows() != null) {
            header.setExpectedRows(options.expectedRows());
        }
        if (options.maxRejected() != null) {
            header.setMaxRejected(options.maxRejected());
        }
        ChunkSender sender = new ChunkSender(header.build(), source, chunkRows, firstOffset);
        ProductIngestGrpc.ProductIngestStub stub = ProductIngestGrpc.newStub(channel);
        if (deadline != null) {
            stub = stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
        stub.ingest(sender);
        return sender.result();
    }

    private ProductIngestGrpc.ProductIngestBlockingStub blockingStub() {
        ProductIngestGrpc.ProductIngestBlockingStub stub = ProductIngestGrpc.newBlockingStub(channel);
        return deadline == null ? stub : stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static IngestException asIngestException(Throwable error) {
        if (error instanceof IngestException e) {
            return e;
        }
        if (error instanceof StatusRuntimeException e) {
            String description = e.getStatus().getDescription();
            return new IngestException(e.getStatus().getCode(), e.getStatus().getCode() + ": "
                    + (description == null ? "no description" : description), e);
        }
        return new IngestException(Status.Code.UNKNOWN, error.getMessage(), error);
    }

    @Override
    public void close() throws InterruptedException {
        sources.shutdownNow();
        channel.shutdown();
        if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }

    private record Start(long offset, IngestSummary summary) {
    }

    /** Settings of an {@link IngestClient}. */
    public static final class Builder {
        private final String target;
        private int chunkRows = 1000;
        private Duration deadline;

        private Builder(String target) {
            this.target = target;
        }

        /** Rows per message (default 1000): large enough to amortise framing, small enough to stay far below message limits. */
        public Builder chunkRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("chunkRows must be at least 1, got " + rows);
            }
            this.chunkRows = rows;
            return this;
        }

        /** The longest a load may take; unset, there is no limit. */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        public IngestClient build() {
            return new IngestClient(this);
        }
    }
}
