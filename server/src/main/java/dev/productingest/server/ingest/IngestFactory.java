package dev.productingest.server.ingest;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.productingest.server.health.WriterBacklogHealthCheck;
import dev.productingest.server.metrics.BatchLatencyTask;
import dev.productingest.server.metrics.HdrHistogramReservoir;
import dev.productingest.server.progress.JobLookup;
import dev.productingest.server.progress.ProgressTracker;
import dev.productingest.server.store.JobStore;
import dev.productingest.server.store.ProductStore;
import dev.productingest.server.store.RejectStore;
import io.dropwizard.core.setup.Environment;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.jdbi.v3.core.Jdbi;

/** The knobs of the ingest pipeline. */
public class IngestFactory {
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

    public Duration lease() {
        return Duration.ofSeconds(leaseSeconds);
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
        ScheduledExecutorService timer = environment.lifecycle().scheduledExecutorService("ingest-timer-%d").threads(1).build();
        // Job reads for watchers, off Redisson's event loop and off the writers.
        ExecutorService reads = environment.lifecycle().executorService("job-watch-%d").minThreads(2).maxThreads(2).build();
        LeaseKeeper leases = new LeaseKeeper(jobs);
        leases.start(timer, lease());

        environment.healthChecks().register("writer-backlog", new WriterBacklogHealthCheck(backlog, maxStreams * batchesInFlightPerStream));
        environment.metrics().gauge(MetricRegistry.name("ingest", "streams", "live"), () -> leases::liveStreams);
        environment.metrics().gauge(MetricRegistry.name("ingest", "writer", "backlog"), () -> backlog::size);

        IngestJobs ingestJobs = new IngestJobs(jobs, rejects, instanceId, summaryRejects, lookup, committed);
        Meter rows = environment.metrics().meter(MetricRegistry.name("ingest", "rows", "received"));
        return new IngestService(new IngestContext(this, ingestJobs, upserter, writers, timer, reads, leases, new Semaphore(maxStreams), rows),
                progress);
    }
}
