package dev.productingest.server.ingest.write;

import dev.productingest.v1.ProductRow;

/** A valid row and its offset in the job. */
public record OffsetRow(long offset, ProductRow row) {}
