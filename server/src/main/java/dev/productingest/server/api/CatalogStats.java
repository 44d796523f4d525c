package dev.productingest.server.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * Counts over the whole catalog, and nothing of the jobs that loaded it (their ids, sources, owners and errors are
 * producers' data, and {@code /stats} may be public); {@code computedAt} says how fresh they are.
 */
// Servers of an earlier version, mid-upgrade, cache stats with the last completed job in them.
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogStats(long products, long active, Map<String, Long> byCategory, Instant computedAt) {}
