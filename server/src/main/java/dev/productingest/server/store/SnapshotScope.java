package dev.productingest.server.store;

/**
 * What a SNAPSHOT job may retire when it completes: the stored products of {@code category} (every
 * stored product when null), at most {@code maxRetiredShare} of them (the server's limit when null).
 */
public record SnapshotScope(String category, Double maxRetiredShare) {
}
