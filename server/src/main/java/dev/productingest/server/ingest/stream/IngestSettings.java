package dev.productingest.server.ingest.stream;

import io.dropwizard.util.Duration;

/**
 * What every stream of the server reads, fixed for its life: when a batch closes (rows, bytes or linger), how many
 * batches a stream may have in flight, how long it may stay silent, how many rejects a summary lists, and the instance
 * id that leases name.
 */
public record IngestSettings(
        int batchRows,
        long batchBytes,
        Duration linger,
        int batchesInFlightPerStream,
        Duration headerTimeout,
        Duration idleTimeout,
        int summaryRejects,
        String instanceId) {}
