package dev.productingest.client;

import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowError;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Loads product rows into a product-ingest server over one gRPC channel, and reads products back from its application
 * port when given that port's URL ({@link Builder#restUrl}). Thread-safe and meant to be reused; close it when done.
 *
 * <pre>{@code
 * try (IngestClient client = IngestClient.builder("localhost:50051").build()) {
 *     IngestSummary summary = client.load(IngestOptions.defaults().withJobId("catalog-2024-05-01"),
 *             () -> CsvRowSource.open(Path.of("catalog.csv")));
 * }
 * }</pre>
 *
 * <p>Whichever method starts a load, a load the server cannot take now, or whose server goes away, waits as the
 * builder's {@link RetryPolicy} says and resumes the job from its committed offset.
 */
public final class IngestClient implements AutoCloseable {
    private final ClientConnection connection;
    private final JobCalls jobs;
    private final JobStreams jobStreams;
    private final LiveLoads live = new LiveLoads();
    private final RetryingLoad loads;
    private final Optional<ProductReads> reads;

    private IngestClient(ClientSettings settings) {
        this.connection = new ClientConnection(settings.targets(), settings.transportSecurity());
        this.jobs = new JobCalls(connection.channel(), settings.deadline(), connection.workers());
        this.jobStreams = new JobStreams(connection.channel());
        this.loads = RetryingLoad.over(connection, jobs, live, settings);
        this.reads = settings.productReads();
    }

    /**
     * A builder for a client of the server at {@code target} ("host:port"), of several servers
     * ("host1:port1,host2:port2"), or of every server a gRPC name resolves to ({@code dns:///ingest.internal:50051}, a
     * headless service): with several, loads are spread over them in turn, and those that are down or whose gRPC health
     * is not SERVING are passed over.
     */
    public static Builder builder(String target) {
        return new Builder(new ClientSettings(target));
    }

    /**
     * Loads every row of the source and waits for the job's summary. With a job id that already exists, resumes it: the
     * source's rows below the job's committed offset are skipped, unsent. A failure the retry policy retries is retried
     * while none of the source has been read; once rows were sent they cannot be had again, and the load fails saying
     * so: to resume whatever happens, load from a {@link Callable} that opens the rows again.
     *
     * @throws IngestException when the server refuses the load or cannot be reached, or the source fails
     */
    public IngestSummary load(IngestOptions options, RowSource source) {
        return IngestException.await(loadAsync(options, source));
    }

    /**
     * {@link #load(IngestOptions, RowSource)} without waiting: the future completes with the summary, or an
     * {@link IngestException}.
     */
    public CompletableFuture<IngestSummary> loadAsync(IngestOptions options, RowSource source) {
        return loads.load(options, LoadRows.once(source));
    }

    /**
     * Loads every row, opening the source again for each retry: when the server goes away or the connection breaks, the
     * load waits as the builder's {@link RetryPolicy} says, asks the server for the job's committed offset and streams
     * on from there, so the final counts are exact. Without a job id, the client picks one so that the job can be
     * resumed.
     *
     * @param sources opens the rows from the start, each time it is called (a file, say)
     * @throws IngestException when the server refuses the load, or is still unreachable after the last attempt
     */
    public IngestSummary load(IngestOptions options, Callable<? extends RowSource> sources) {
        return IngestException.await(loadAsync(options, sources));
    }

    /** {@link #load(IngestOptions, Callable)} without waiting. */
    public CompletableFuture<IngestSummary> loadAsync(IngestOptions options, Callable<? extends RowSource> sources) {
        return loads.load(options, LoadRows.reopening(sources));
    }

    /**
     * Cancels a job: stops this client's stream of it, if any, and has the server end it as CANCELLED with the rows it
     * committed, which the load then returns too.
     *
     * @return the job's summary as it ended
     * @throws IngestException when the server cannot be reached, or another client's stream still holds the job
     */
    public IngestSummary cancel(String jobId) {
        live.cancel(jobId);
        return IngestException.await(jobs.cancel(jobId));
    }

    /** The job as the server has it, or empty when there is no such job. */
    public Optional<Job> job(String jobId) {
        return jobs.job(jobId);
    }

    /**
     * Calls {@code onChange} with the job now, then each time a batch of it commits (on whichever server writes it),
     * and returns the job as it ended.
     *
     * @throws IngestException NOT_FOUND when there is no such job, or when the server cannot be reached
     */
    public Job watch(String jobId, Consumer<Job> onChange) {
        return jobStreams.watch(jobId, onChange);
    }

    /**
     * Calls {@code each} with every rejected row of the job, in offset order, as the server streams them; returns how
     * many there were.
     *
     * @throws IngestException NOT_FOUND when there is no such job, or when the server cannot be reached
     */
    public long rejects(String jobId, Consumer<RowError> each) {
        return jobStreams.rejects(jobId, each);
    }

    /**
     * The product stored under this SKU, or empty when there is none, read from the server's application port
     * ({@link Builder#restUrl}): {@code GET /products/{sku}}, the SKU percent-encoded so that any SKU the row rules
     * accept reads back as it was loaded, slashes, percent signs, backslashes and dots included. The product comes as
     * the row type it was loaded as; its decimal price is {@code Money.toDecimal(priceMinor,
     * Money.currency(currency))}.
     *
     * @throws IllegalArgumentException when the SKU breaks the row rules
     * @throws IllegalStateException when the builder was given no {@code restUrl}
     * @throws IngestException when the server refuses the read (its status as the nearest gRPC code: UNAUTHENTICATED,
     *     PERMISSION_DENIED, ...) or cannot be reached (UNAVAILABLE)
     */
    public Optional<ProductRow> product(String sku) {
        return reads.orElseThrow(ProductReads::notConfigured).product(sku);
    }

    /**
     * The products stored under these SKUs, by SKU in the order asked; a SKU with no product is absent. Read with as
     * few lookups ({@code GET /products?sku=...&sku=...}) as the server's bounds allow: up to 100 SKUs and a URI of a
     * few KiB each.
     *
     * @throws IllegalArgumentException when a SKU breaks the row rules
     * @throws IllegalStateException when the builder was given no {@code restUrl}
     * @throws IngestException as {@link #product(String)}
     */
    public Map<String, ProductRow> products(Collection<String> skus) {
        return reads.orElseThrow(ProductReads::notConfigured).products(skus);
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
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
        private final ClientSettings settings;

        private Builder(ClientSettings settings) {
            this.settings = settings;
        }

        /**
         * Rows per message (default 1000): large enough to amortise framing, small enough to stay far below message
         * limits.
         */
        public Builder chunkRows(int rows) {
            settings.chunkRows(rows);
            return this;
        }

        /**
         * Encoded bytes of rows per message (default 1 MiB): a chunk is closed at this size or at {@link #chunkRows}
         * rows, whichever comes first, so rich rows stay far below the server's message limit.
         */
        public Builder chunkBytes(long bytes) {
            settings.chunkBytes(bytes);
            return this;
        }

        /**
         * The server's message limit (default 4 MiB, the server's {@code grpc.maxInboundMessageBytes}): a single row
         * too large to fit is sent as unreadable, so the server rejects that row and the load goes on.
         */
        public Builder maxMessageBytes(long bytes) {
            settings.maxMessageBytes(bytes);
            return this;
        }

        /**
         * How long a load's stream may wait on the server with nothing sent and nothing committed before the client
         * ends it and resumes on a new one (default 2 minutes); null never.
         */
        public Builder stallTimeout(Duration timeout) {
            settings.stallTimeout(timeout);
            return this;
        }

        /**
         * The longest a load may take; unset, there is no limit. When it passes, the server ends the job as CANCELLED,
         * keeping the rows it committed, and the load returns that job's summary.
         */
        public Builder deadline(Duration deadline) {
            settings.deadline(deadline);
            return this;
        }

        /**
         * How loads from a reopenable source retry when the server goes away (default {@link RetryPolicy#defaults()}).
         */
        public Builder retry(RetryPolicy policy) {
            settings.retry(policy);
            return this;
        }

        /**
         * Told where each load stands every {@code interval} while it runs; the job's commits are followed through one
         * WatchJob call, not polled.
         */
        public Builder onProgress(Duration interval, LoadProgress.Listener listener) {
            settings.onProgress(interval, listener);
            return this;
        }

        /** TLS to the servers, trusting the JVM's default certificate authorities. */
        public Builder tls() {
            settings.tls();
            return this;
        }

        /** TLS to the servers, trusting the certificates in this key store (a private CA, a self-signed server). */
        public Builder tls(KeyStore trustStore) {
            settings.tls(trustStore);
            return this;
        }

        /**
         * Under mutual TLS (implies TLS): presents the key and certificate chain in this PKCS12 store, so that a server
         * whose credentials name the certificate's subject knows the caller by it.
         */
        public Builder clientCertificate(KeyStore keyStore, char[] password) {
            settings.clientCertificate(keyStore, password);
            return this;
        }

        /** Sent with every call as {@code authorization: Bearer <token>}, for a server that asks for one. */
        public Builder bearerToken(String token) {
            settings.bearerToken(token);
            return this;
        }

        /**
         * The server's application port, {@code http://host:8080} (or {@code https://...}), where
         * {@link IngestClient#product(String)} and {@link IngestClient#products(Collection)} read; the bearer token,
         * the trust store of {@link #tls(KeyStore)} and the {@link #deadline} apply to these reads too.
         */
        public Builder restUrl(String url) {
            settings.restUrl(url);
            return this;
        }

        /** Told before each retry, so that a user can see why the load is waiting. */
        public Builder onRetry(RetryListener listener) {
            settings.onRetry(listener);
            return this;
        }

        /** A client with these settings; its channel connects on first use. */
        public IngestClient build() {
            return new IngestClient(settings);
        }
    }
}
