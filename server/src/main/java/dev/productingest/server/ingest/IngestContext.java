package dev.productingest.server.ingest;

import com.codahale.metrics.Meter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What every stream of this server shares. */
public record IngestContext(IngestSettings settings, IngestJobs jobs, BatchUpserter upserter, ExecutorService writers,
        ScheduledExecutorService timer, ExecutorService events, ExecutorService reads, LeaseKeeper leases, MemoryBudget memory, Meter rowsReceived) {
}
