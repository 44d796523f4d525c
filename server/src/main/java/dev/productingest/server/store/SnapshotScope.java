package dev.productingest.server.store;

import java.time.Instant;

/**
 * What a SNAPSHOT job may retire when it completes: the stored products of {@code category} (every stored product when
 * null) whose version is not newer than the snapshot's time, at most {@code maxRetiredShare} of them (the server's
 * limit when null).
 *
 * @param asOf the moment the producer says its data was taken, or null
 * @param newestCarried the newest updated_at among the rows the job has carried so far, or null
 */
public record SnapshotScope(String category, Double maxRetiredShare, Instant asOf, Instant newestCarried) {

    /** A scope as a header asks for it, before any row is carried. */
    public static SnapshotScope requested(String category, Double maxRetiredShare, Instant asOf) {
        return new SnapshotScope(category, maxRetiredShare, asOf, null);
    }

    /** The moment the snapshot speaks for: its as_of, else its newest row; null while it has neither. */
    public Instant time() {
        return asOf != null ? asOf : newestCarried;
    }
}
