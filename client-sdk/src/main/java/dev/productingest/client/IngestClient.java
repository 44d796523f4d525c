package dev.productingest.client;

import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ListRejectsRequest;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.RowError;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

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
    private final long chunkBytes;
    private final long maxMessageBytes;
    private final Duration stallTimeout;
    private final Duration deadline;
    private final ExecutorService workers;
    private final RetryPolicy retry;
    private final RetryListener retryListener;
    private final LoadProgress.Listener progressListener;
    private final Duration progressInterval;
    private final ScheduledExecutorService ticks;
    // The stream of each job this client is loading, so that cancel(jobId) can end it.
    private final Map<String, ChunkSender> live = new ConcurrentHashMap<>();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    private IngestClient(Builder builder) {
        this.channel = channel(builder);
        this.chunkRows = builder.chunkRows;
        this.chunkBytes = builder.chunkBytes;
        this.maxMessageBytes = builder.maxMessageBytes;
        this.stallTimeout = builder.stallTimeout;
        this.deadline = builder.deadline;
        this.retry = builder.retry;
        this.retryListener = builder.retryListener;
        this.progressListener = builder.progressListener;
        this.progressInterval = builder.progressInterval;
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-client-progress");
            t.setDaemon(true);
            return t;
        });
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ingest-client-source");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A builder for a client of the server at {@code target} ("host:port"), or of several servers
     * ("host1:port1,host2:port2"): loads are spread over them in turn, and those that are down are
     * passed over.
     */
    public static Builder builder(String target) {
        return new Builder(List.of(target.split(",")).stream().map(String::strip).filter(t -> !t.isEmpty()).toList());
    }

    @SuppressWarnings("deprecation") // nameResolverFactory: a fixed address list needs no registry entry of its own
    private static ManagedChannel channel(Builder settings) {
        List<String> targets = settings.targets;
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no server address given; pass host:port");
        }
        NettyChannelBuilder builder = targets.size() == 1
                ? NettyChannelBuilder.forTarget(targets.get(0))
                : NettyChannelBuilder.forTarget(AddressList.SCHEME + ":///servers")
                        .nameResolverFactory(AddressList.of(targets))
                        .defaultLoadBalancingPolicy("round_robin");
        // Pings on a quiet connection, so a server that vanished is noticed; the server permits one every 20 s.
        builder.keepAliveTime(30, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS);
        if (settings.bearerToken != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + settings.bearerToken);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        if (!settings.tls) {
            return builder.usePlaintext().build();
        }
        if (settings.trust != null) {
            try {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(settings.trust);
                builder.sslContext(GrpcSslContexts.forClient().trustManager(trust).build());
            } catch (GeneralSecurityException | SSLException e) {
                throw new IllegalArgumentException("the trust store cannot be used: " + e.getMessage(), e);
            }
        }
        return builder.useTransportSecurity().build();
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
        return CompletableFuture.supplyAsync(() -> startingOffset(options), workers)
                // On a worker: the stream sends from the thread it runs on, never from the caller's.
                .thenComposeAsync(start -> start.summary != null
                        ? CompletableFuture.completedFuture(start.summary)
                        : stream(options, source, start.offset), workers)
                // On a worker, never on the gRPC thread that ended the call: reading an ended job's
                // summary asks the server and waits between tries.
                .handleAsync((summary, error) -> {
                    if (error == null) {
                        return summary;
                    }
                    IngestException failure = asIngestException(error instanceof CompletionException ? error.getCause() : error);
                    if (failure.code() == Status.Code.DEADLINE_EXCEEDED && options.jobId() != null) {
                        // The server ends a job whose deadline passed as CANCELLED, keeping what it committed.
                        return endedSummary(options.jobId()).orElseThrow(() -> failure);
                    }
                    if (options.jobId() != null && cancelled.remove(options.jobId())) {
                        return endedSummary(options.jobId()).orElseThrow(() -> failure);
                    }
                    throw failure;
                }, workers);
    }

    /**
     * Cancels a job: stops this client's stream of it, if any, and has the server end it as
     * CANCELLED with the rows it committed, which the load then returns too.
     *
     * @return the job's summary as it ended
     * @throws IngestException when the server cannot be reached, or another client's stream still holds the job
     */
    public IngestSummary cancel(String jobId) {
        ChunkSender sender = live.get(jobId);
        if (sender != null) {
            // Marked first, so that the load ends with the job's summary instead of retrying.
            cancelled.add(jobId);
            sender.cancel("cancelled by the producer");
        }
        GetJobRequest request = GetJobRequest.newBuilder().setJobId(jobId).build();
        StatusRuntimeException[] held = new StatusRuntimeException[1];
        // The server lets go of the job once the cancelled stream's last batch is done: ask until it has.
        return untilPresent(() -> {
            try {
                return Optional.of(blockingStub().cancelJob(request));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ABORTED) {
                    throw asIngestException(e);
                }
                held[0] = e;
                return Optional.empty();
            }
        }).orElseThrow(() -> asIngestException(held[0]));
    }

    /** The job's summary once the server has ended it; empty if it has not within a few seconds. */
    private Optional<IngestSummary> endedSummary(String jobId) {
        return untilPresent(() -> job(jobId).map(Job::getSummary).filter(summary -> summary.getState() != JobState.RUNNING));
    }

    /** Asks every 100 ms, 50 times at most, until the answer is there. */
    private static <T> Optional<T> untilPresent(Supplier<Optional<T>> ask) {
        for (int i = 0; i < 50; i++) {
            Optional<T> answer = ask.get();
            if (answer.isPresent()) {
                return answer;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Loads every row, opening the source again for each retry: when the server goes away or the
     * connection breaks, the load waits as the builder's {@link RetryPolicy} says, asks the server
     * for the job's committed offset and streams on from there, so the final counts are exact.
     * Without a job id, the client picks one so that the job can be resumed.
     *
     * @param sources opens the rows from the start, each time it is called (a file, say)
     * @throws IngestException when the server refuses the load, or is still unreachable after the last attempt
     */
    public IngestSummary load(IngestOptions options, Callable<? extends RowSource> sources) {
        try {
            return loadAsync(options, sources).join();
        } catch (CompletionException e) {
            throw asIngestException(e.getCause());
        }
    }

    /** {@link #load(IngestOptions, Callable)} without waiting. */
    public CompletableFuture<IngestSummary> loadAsync(IngestOptions options, Callable<? extends RowSource> sources) {
        IngestOptions resumable = options.jobId() != null ? options : options.withJobId(UUID.randomUUID().toString());
        return attempt(resumable, sources, 1);
    }

    private CompletableFuture<IngestSummary> attempt(IngestOptions options, Callable<? extends RowSource> sources, int attempt) {
        RowSource source;
        try {
            source = sources.call();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(new IngestException(Status.Code.UNKNOWN, "the source cannot be opened: " + e, e));
        }
        return loadAsync(options, source)
                .whenComplete((summary, error) -> closeQuietly(source))
                .exceptionallyCompose(error -> {
                    IngestException failure = asIngestException(error instanceof CompletionException ? error.getCause() : error);
                    if (!retry.retries(failure, attempt)) {
                        return CompletableFuture.failedFuture(failure);
                    }
                    retryListener.retrying(attempt, retry.attempts(), failure, retry.backoff(attempt));
                    Executor later = CompletableFuture.delayedExecutor(retry.backoff(attempt).toMillis(), TimeUnit.MILLISECONDS, workers);
                    return CompletableFuture.supplyAsync(() -> null, later).thenCompose(ignored -> attempt(options, sources, attempt + 1));
                });
    }

    private static void closeQuietly(RowSource source) {
        try {
            source.close();
        } catch (Exception e) {
            // The load's own outcome is what the caller needs.
        }
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

    /**
     * Calls {@code onChange} with the job now, then each time a batch of it commits (on whichever
     * server writes it), and returns the job as it ended.
     *
     * @throws IngestException NOT_FOUND when there is no such job, or when the server cannot be reached
     */
    public Job watch(String jobId, Consumer<Job> onChange) {
        Job last = null;
        try {
            Iterator<Job> changes = ProductIngestGrpc.newBlockingStub(channel).watchJob(GetJobRequest.newBuilder().setJobId(jobId).build());
            while (changes.hasNext()) {
                last = changes.next();
                onChange.accept(last);
            }
        } catch (StatusRuntimeException e) {
            throw asIngestException(e);
        }
        if (last == null) {
            throw new IngestException(Status.Code.UNKNOWN, "the server ended the watch of job " + jobId + " without a word", null);
        }
        return last;
    }

    /**
     * Calls {@code each} with every rejected row of the job, in offset order, as the server streams
     * them; returns how many there were.
     *
     * @throws IngestException NOT_FOUND when there is no such job, or when the server cannot be reached
     */
    public long rejects(String jobId, Consumer<RowError> each) {
        long count = 0;
        try {
            Iterator<RowError> rows = ProductIngestGrpc.newBlockingStub(channel).listRejects(
                    ListRejectsRequest.newBuilder().setJobId(jobId).build());
            while (rows.hasNext()) {
                each.accept(rows.next());
                count++;
            }
        } catch (StatusRuntimeException e) {
            throw asIngestException(e);
        }
        return count;
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
        ChunkSender sender = new ChunkSender(header.build(), source, chunkRows, chunkBytes, maxMessageBytes, firstOffset);
        ProductIngestGrpc.ProductIngestStub stub = ProductIngestGrpc.newStub(channel);
        if (deadline != null) {
            stub = stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
        stub.ingest(sender);
        // Progress costs a GetJob per interval: only when someone listens.
        ScheduledFuture<?> reporting = progressListener == null ? null : reportProgress(options, sender, firstOffset);
        ScheduledFuture<?> stalls = watchForStalls(options, sender, firstOffset);
        if (options.jobId() != null) {
            live.put(options.jobId(), sender);
        }
        sender.result().whenComplete((summary, error) -> {
            if (reporting != null) {
                reporting.cancel(false);
            }
            if (stalls != null) {
                stalls.cancel(false);
            }
            if (options.jobId() != null) {
                live.remove(options.jobId(), sender);
            }
        });
        // Runs on the thread that opened the job (one of the client's workers), until all is sent.
        sender.sendAll();
        return sender.result();
    }

    private ScheduledFuture<?> watchForStalls(IngestOptions options, ChunkSender sender, long firstOffset) {
        if (stallTimeout == null) {
            return null;
        }
        LongSupplier committed = () -> options.jobId() == null
                ? firstOffset
                : job(options.jobId()).map(j -> j.getSummary().getCommittedOffset()).orElse(firstOffset);
        long every = Math.max(1, stallTimeout.toMillis() / 4);
        return ticks.scheduleWithFixedDelay(new StallWatch(sender, committed, stallTimeout), every, every, TimeUnit.MILLISECONDS);
    }

    /** Tells the progress listener where the load stands, from the rows sent and the job's committed offset (GetJob). */
    private ScheduledFuture<?> reportProgress(IngestOptions options, ChunkSender sender, long firstOffset) {
        long started = System.nanoTime();
        return ticks.scheduleWithFixedDelay(() -> {
            long committed = firstOffset;
            if (options.jobId() != null) {
                try {
                    committed = job(options.jobId()).map(j -> j.getSummary().getCommittedOffset()).orElse(firstOffset);
                } catch (IngestException e) {
                    return; // the load itself reports a server that went away
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            progressListener.progress(new LoadProgress(options.jobId(), sender.rowsSent(), committed,
                    seconds > 0 ? (committed - firstOffset) / seconds : 0, options.expectedRows()));
        }, progressInterval.toMillis(), progressInterval.toMillis(), TimeUnit.MILLISECONDS);
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
        workers.shutdownNow();
        ticks.shutdownNow();
        channel.shutdown();
        if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }

    private record Start(long offset, IngestSummary summary) {
    }

    /** Hears of a load that failed and is about to try again. */
    @FunctionalInterface
    public interface RetryListener {
        /**
         * @param attempt the attempt that failed, from 1
         * @param attempts the most the policy allows
         * @param failure why it failed
         * @param wait how long the client waits before the next attempt
         */
        void retrying(int attempt, int attempts, IngestException failure, Duration wait);
    }

    /** Settings of an {@link IngestClient}. */
    public static final class Builder {
        private final List<String> targets;
        private int chunkRows = 1000;
        private long chunkBytes = 1024 * 1024;
        private long maxMessageBytes = 4 * 1024 * 1024;
        private Duration stallTimeout = Duration.ofMinutes(2);
        private Duration deadline;
        private RetryPolicy retry = RetryPolicy.defaults();
        private RetryListener retryListener = (attempt, attempts, failure, wait) -> { };
        private String bearerToken;
        private boolean tls;
        private KeyStore trust;
        private LoadProgress.Listener progressListener;
        private Duration progressInterval = Duration.ofSeconds(1);

        private Builder(List<String> targets) {
            this.targets = targets;
        }

        /** Rows per message (default 1000): large enough to amortise framing, small enough to stay far below message limits. */
        public Builder chunkRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("chunkRows must be at least 1, got " + rows);
            }
            this.chunkRows = rows;
            return this;
        }

        /**
         * Encoded bytes of rows per message (default 1 MiB): a chunk is closed at this size or at
         * {@link #chunkRows} rows, whichever comes first, so rich rows stay far below the server's
         * message limit.
         */
        public Builder chunkBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("chunkBytes must be at least 1, got " + bytes);
            }
            this.chunkBytes = bytes;
            return this;
        }

        /**
         * The server's message limit (default 4 MiB, the server's {@code grpc.maxInboundMessageBytes}):
         * a single row too large to fit is sent as unreadable, so the server rejects that row and
         * the load goes on.
         */
        public Builder maxMessageBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * How long a load's stream may wait on the server with nothing sent and nothing committed
         * before the client ends it and resumes on a new one (default 2 minutes); null never.
         */
        public Builder stallTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("the stall timeout must be positive, got " + timeout);
            }
            this.stallTimeout = timeout;
            return this;
        }

        /**
         * The longest a load may take; unset, there is no limit. When it passes, the server ends the
         * job as CANCELLED, keeping the rows it committed, and the load returns that job's summary.
         */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** How loads from a reopenable source retry when the server goes away (default {@link RetryPolicy#defaults()}). */
        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        /** Told where each load stands every {@code interval} (one GetJob call each time) while it runs. */
        public Builder onProgress(Duration interval, LoadProgress.Listener listener) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the progress interval must be positive, got " + interval);
            }
            this.progressInterval = interval;
            this.progressListener = listener;
            return this;
        }

        /** TLS to the servers, trusting the JVM's default certificate authorities. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** TLS to the servers, trusting the certificates in this key store (a private CA, a self-signed server). */
        public Builder tls(KeyStore trustStore) {
            this.tls = true;
            this.trust = trustStore;
            return this;
        }

        /** Sent with every call as {@code authorization: Bearer <token>}, for a server that asks for one. */
        public Builder bearerToken(String token) {
            this.bearerToken = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** Told before each retry, so that a user can see why the load is waiting. */
        public Builder onRetry(RetryListener listener) {
            this.retryListener = listener;
            return this;
        }

        /** A client with these settings; its channel connects on first use. */
        public IngestClient build() {
            return new IngestClient(this);
        }
    }
}
