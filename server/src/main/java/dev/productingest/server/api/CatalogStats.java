package dev.productingest.server.api;

import java.time.Instant;
import java.util.Map;

/** Counts over the whole catalog, and the last job that completed; {@code computedAt} says how fresh they are. */
public record CatalogStats(long products, long active, Map<String, Long> byCategory, JobView lastCompletedJob,
        Instant computedAt) {
}
