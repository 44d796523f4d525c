package dev.productingest.server.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.productingest.server.ingest.stream.FutureBound;
import dev.productingest.server.ingest.stream.IngestSettings;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** The knobs of the ingest pipeline. */
public class IngestConfiguration {
    @Min(1)
    @Max(100_000)
    private int batchRows = 5000;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration linger = Duration.milliseconds(200);

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

    /**
     * Bytes of heap the rows of every stream of the server together may take (HeapCost); unset, a share of the heap.
     */
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

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration lease = Duration.seconds(30);

    @Min(0)
    @Max(10_000)
    private int summaryRejects = 100;

    /** Work waiting for a writer longer than this makes the writer-backlog health check unhealthy. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration writerWaitLimit = Duration.seconds(30);

    /** A batch writing for longer than this makes the batch-writes health check unhealthy. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration batchWriteLimit = Duration.seconds(30);

    /** A row's updated_at (or a snapshot's as_of) further ahead of the server's clock than this is refused. */
    @NotNull
    @MaxDuration(value = 365, unit = TimeUnit.DAYS)
    private Duration maxFutureSkew = Duration.hours(1);

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
    public Duration getLinger() {
        return linger;
    }

    @JsonProperty
    public void setLinger(Duration linger) {
        this.linger = linger;
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
        return memoryBudget != null
                ? memoryBudget.toBytes()
                : Runtime.getRuntime().maxMemory() / 100 * memoryBudgetPercent;
    }

    /** Where the memory budget comes from, for the log line that states it. */
    public String memoryBudgetSource() {
        return memoryBudget != null
                ? "ingest.memoryBudget"
                : memoryBudgetPercent + "% of the " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap";
    }

    @JsonProperty
    public Duration getWriterWaitLimit() {
        return writerWaitLimit;
    }

    @JsonProperty
    public void setWriterWaitLimit(Duration writerWaitLimit) {
        this.writerWaitLimit = writerWaitLimit;
    }

    @JsonProperty
    public Duration getBatchWriteLimit() {
        return batchWriteLimit;
    }

    @JsonProperty
    public void setBatchWriteLimit(Duration batchWriteLimit) {
        this.batchWriteLimit = batchWriteLimit;
    }

    @JsonProperty
    public Duration getLease() {
        return lease;
    }

    @JsonProperty
    public void setLease(Duration lease) {
        this.lease = lease;
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

    @JsonProperty
    public Duration getMaxFutureSkew() {
        return maxFutureSkew;
    }

    @JsonProperty
    public void setMaxFutureSkew(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /** The bound on versions ahead of the given clock. */
    public FutureBound futureBound(Clock clock) {
        return new FutureBound(clock, maxFutureSkew);
    }

    /** What every stream reads, fixed for the life of the server. */
    public IngestSettings settings() {
        return new IngestSettings(
                batchRows,
                batchBytes.toBytes(),
                linger,
                batchesInFlightPerStream,
                headerTimeout,
                idleTimeout,
                summaryRejects,
                instanceId);
    }
}
