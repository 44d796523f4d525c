package dev.productingest.server.ingest.write;

/**
 * How one received row counts, once its groups have fared against the stored ones (docs/loads.md has the table): a row
 * that wrote a group is inserted when its content made the product readable (new, waiting for its content, or deleted
 * before), deleted when it is a tombstone, else updated; a row that wrote nothing is unchanged when a group it carries
 * was the same version as the one kept, else stale.
 */
enum Outcome {
    INSERT,
    UPDATE,
    DELETE,
    UNCHANGED,
    STALE
}
