package dev.productingest.server.ingest.stream;

import com.codahale.metrics.Meter;
import dev.productingest.server.ingest.job.StreamJobs;
import dev.productingest.server.ingest.write.BatchWriter;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every stream of this server shares: its settings, what a caller's scopes let a header ask for, how far ahead of
 * the server's clock a version may be, the job table and the batch writer it works through, the pools its steps run on,
 * and the memory budget.
 */
public record IngestContext(
        IngestSettings settings,
        LoadPermissions permissions,
        FutureBound future,
        StreamJobs jobs,
        BatchWriter writer,
        Executor writers,
        ScheduledExecutorService timer,
        ExecutorService events,
        ExecutorService reads,
        MemoryBudget memory,
        Meter rowsReceived,
        Meter bytesReceived) {}
