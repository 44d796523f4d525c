package dev.productingest.server.ingest;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.productingest.server.health.WriterBacklogHealthCheck;
import dev.productingest.server.jobs.CommitListener;
import dev.productingest.server.jobs.CommitListeners;
import dev.productingest.server.jobs.JobLookup;
import dev.productingest.server.jobs.ProgressTracker;
import dev.productingest.server.metrics.BatchLatencyTask;
import dev.productingest.server.metrics.HdrHistogramReservoir;
import dev.productingest.server.store.JobStore;
import dev.productingest.server.store.ProductStore;
import dev.productingest.server.store.RejectStore;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The knobs of the ingest pipeline. */
public class IngestFactory {
    private static final Logger LOG = LoggerFactory.getLogger(IngestFactory.class);

    @Min(1)
    @Max(100_000)
    private int batchRows = 5000;

    @Min(1)
    private long lingerMs = 200;

    @Min(1)
    @Max(64)
    private int batchesInFlightPerStream = 2;

    @Min(1)
    @Max(256)
    private int writerThreads = 4;

    @Min(1)
    private int maxStreams = 64;

    @Min(1)
    private int maxStreamsPerClient = 32;

    /** Bytes of rows, by encoded size, that every stream of the server together may hold; unset, a share of the heap. */
    private DataSize memoryBudget;

    @Min(1)
    @Max(90)
    private int memoryBudgetPercent = 25;

    @NotNull
    private DataSize batchBytes = DataSize.mebibytes(4);

    @NotNull
    private Duration headerTimeout = Duration.seconds(10);

    @NotNull
    private Duration idleTimeout = Duration.seconds(60);

    @Min(1)
    private long leaseSeconds = 30;

    @Min(0)
    @Max(10_000)
    private int summaryRejects = 100;

    @NotEmpty
    private String instanceId = ManagementFactory.getRuntimeMXBean().getName();

    @JsonProperty
    public int getBatchRows() {
        return batchRows;
    }

    @JsonProperty
    public void setBatchRows(int batchRows) {
        this.batchRows = batchRows;
    }

    @JsonProperty
    public long getLingerMs() {
        return lingerMs;
    }

    @JsonProperty
    public void setLingerMs(long lingerMs) {
        this.lingerMs = lingerMs;
    }

    @JsonProperty
    public int getBatchesInFlightPerStream() {
        return batchesInFlightPerStream;
    }

    @JsonProperty
    public void setBatchesInFlightPerStream(int batchesInFlightPerStream) {
        this.batchesInFlightPerStream = batchesInFlightPerStream;
    }

    @JsonProperty
    public int getWriterThreads() {
        return writerThreads;
    }

    @JsonProperty
    public void setWriterThreads(int writerThreads) {
        this.writerThreads = writerThreads;
    }

    @JsonProperty
    public int getMaxStreams() {
        return maxStreams;
    }

    @JsonProperty
    public void setMaxStreams(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    @JsonProperty
    public int getMaxStreamsPerClient() {
        return maxStreamsPerClient;
    }

    @JsonProperty
    public void setMaxStreamsPerClient(int maxStreamsPerClient) {
        this.maxStreamsPerClient = maxStreamsPerClient;
    }

    @JsonProperty
    public DataSize getMemoryBudget() {
        return memoryBudget;
    }

    @JsonProperty
    public void setMemoryBudget(DataSize memoryBudget) {
        this.memoryBudget = memoryBudget;
    }

    @JsonProperty
    public int getMemoryBudgetPercent() {
        return memoryBudgetPercent;
    }

    @JsonProperty
    public void setMemoryBudgetPercent(int memoryBudgetPercent) {
        this.memoryBudgetPercent = memoryBudgetPercent;
    }

    @JsonProperty
    public DataSize getBatchBytes() {
        return batchBytes;
    }

    @JsonProperty
    public void setBatchBytes(DataSize batchBytes) {
        this.batchBytes = batchBytes;
    }

    @JsonProperty
    public Duration getHeaderTimeout() {
        return headerTimeout;
    }

    @JsonProperty
    public void setHeaderTimeout(Duration headerTimeout) {
        this.headerTimeout = headerTimeout;
    }

    @JsonProperty
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    @JsonProperty
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** The memory budget in bytes: as configured, or the configured share of the most heap this JVM may use. */
    public long memoryBudgetBytes() {
        return memoryBudget != null ? memoryBudget.toBytes() : Runtime.getRuntime().maxMemory() / 100 * memoryBudgetPercent;
    }

    @JsonProperty
    public long getLeaseSeconds() {
        return leaseSeconds;
    }

    @JsonProperty
    public void setLeaseSeconds(long leaseSeconds) {
        this.leaseSeconds = leaseSeconds;
    }

    @JsonProperty
    public int getSummaryRejects() {
        return summaryRejects;
    }

    @JsonProperty
    public void setSummaryRejects(int summaryRejects) {
        this.summaryRejects = summaryRejects;
    }

    @JsonProperty
    public String getInstanceId() {
        return instanceId;
    }

    @JsonProperty
    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public java.time.Duration lease() {
        return java.time.Duration.ofSeconds(leaseSeconds);
    }

    /**
     * The ingest service over this database, with its writer pool, timer and health check. The
     * listeners hear of every commit; the lookup and tracker answer GetJob and WatchJob.
     */
    public IngestService build(Environment environment, Jdbi jdbi, JobStore jobs, RejectStore rejects, List<CommitListener> listeners,
            JobLookup lookup, ProgressTracker progress) {
        CommitListeners committed = new CommitListeners(listeners);
        ProductStore products = new ProductStore(environment.getObjectMapper());
        HdrHistogramReservoir latencies = new HdrHistogramReservoir();
        environment.admin().addTask(new BatchLatencyTask(latencies));
        BatchUpserter upserter = new BatchUpserter(jdbi, products, rejects, jobs, committed, environment.metrics(), latencies);

        // Unbounded, yet bounded in practice: each stream queues at most batchesInFlightPerStream batches.
        LinkedBlockingQueue<Runnable> backlog = new LinkedBlockingQueue<>();
        ExecutorService writers = environment.lifecycle().executorService("ingest-writer-%d")
                .minThreads(writerThreads).maxThreads(writerThreads).workQueue(backlog).build();
        // Every message a stream asks for arms an idle timer that its arrival cancels: cancelled timers
        // leave the queue at once, or a busy server would keep a minute's worth of them.
        ScheduledExecutorService timer = environment.lifecycle().scheduledExecutorService("ingest-timer-%d").threads(1)
                .removeOnCancelPolicy(true).build();
        // Job reads for watchers, off Redisson's event loop and off the writers.
        ExecutorService reads = environment.lifecycle().executorService("job-watch-%d").minThreads(2).maxThreads(2).build();
        LeaseKeeper leases = new LeaseKeeper(jobs);
        leases.start(timer, lease());

        // A stream's own events (a batch written, room granted) run here: short, never blocking on
        // the database, and never on the thread of the step that caused them.
        ExecutorService events = environment.lifecycle().executorService("ingest-events-%d").minThreads(1).maxThreads(1)
                .workQueue(new LinkedBlockingQueue<>()).build();
        MemoryBudget memory = new MemoryBudget(memoryBudgetBytes(), maxStreams, events);
        LOG.info("ingest memory budget: {} MiB of rows for all streams together ({})", memoryBudgetBytes() >> 20,
                memoryBudget != null ? "ingest.memoryBudget" : memoryBudgetPercent + "% of the " + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MiB heap");
        StreamAdmission admission = new StreamAdmission(maxStreams, maxStreamsPerClient);

        environment.healthChecks().register("writer-backlog", new WriterBacklogHealthCheck(backlog, maxStreams * batchesInFlightPerStream));
        environment.metrics().gauge(MetricRegistry.name("ingest", "streams", "live"), () -> leases::liveStreams);
        environment.metrics().gauge(MetricRegistry.name("ingest", "streams", "admitted"), () -> admission::liveStreams);
        environment.metrics().gauge(MetricRegistry.name("ingest", "streams", "waiting-for-memory"), () -> memory::waiting);
        environment.metrics().gauge(MetricRegistry.name("ingest", "memory", "used-bytes"), () -> memory::used);
        environment.metrics().gauge(MetricRegistry.name("ingest", "memory", "budget-bytes"), () -> memory::capacity);
        environment.metrics().gauge(MetricRegistry.name("ingest", "writer", "backlog"), () -> backlog::size);

        IngestJobs ingestJobs = new IngestJobs(jobs, rejects, instanceId, summaryRejects, lookup, committed);
        Meter rows = environment.metrics().meter(MetricRegistry.name("ingest", "rows", "received"));
        return new IngestService(new IngestContext(this, ingestJobs, upserter, writers, timer, events, reads, leases, memory, rows),
                progress, admission);
    }
}
