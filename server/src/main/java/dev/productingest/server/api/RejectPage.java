package dev.productingest.server.api;

import java.util.List;

/**
 * One page of a job's rejected rows in offset order; {@code next} is the {@code after} of the following page, null on
 * the last.
 */
public record RejectPage(List<Reject> rejects, Long next) {

    /** A rejected row: where it was in the stream, its SKU, the field at fault and why. */
    public record Reject(long offset, String sku, String field, String reason) {}
}
