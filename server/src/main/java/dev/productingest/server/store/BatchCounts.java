package dev.productingest.server.store;

/** What one batch did to the products table. received = inserted + updated + unchanged + stale + deleted + rejected. */
public record BatchCounts(
        long received, long inserted, long updated, long unchanged, long stale, long deleted, long rejected) {}
