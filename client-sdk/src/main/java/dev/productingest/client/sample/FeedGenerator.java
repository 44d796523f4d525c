package dev.productingest.client.sample;

import com.google.protobuf.Timestamp;
import dev.productingest.client.ProductRows;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * A price or stock feed for the catalog a {@link CatalogSpec} describes: a row for each of the catalog's rows, with its
 * SKU, versioned a day after it (so the feed wins over the catalog whichever is loaded first), and a new price in the
 * same currency or a new stock level. The catalog's invalid rows are invalid here too (a negative price or stock), and
 * its repeated SKUs are repeated. The same spec gives the same rows.
 */
public final class FeedGenerator implements Iterator<ProductRow> {
    private static final long AFTER_THE_CATALOG_SECONDS = 86_400L;

    private final CatalogGenerator catalog;
    private final Feed feed;
    // A stream of its own, so the feed's values never move the catalog's.
    private final SplittableRandom values;

    /** @param feed {@link Feed#PRICE} or {@link Feed#STOCK} */
    public FeedGenerator(CatalogSpec spec, Feed feed) {
        if (feed == Feed.CATALOG) {
            throw new IllegalArgumentException("a feed is of prices or of stock; the catalog is CatalogGenerator's");
        }
        this.catalog = new CatalogGenerator(spec);
        this.feed = feed;
        this.values = new SplittableRandom(spec.seed() ^ (feed == Feed.PRICE ? 0x9E3779B9L : 0x7F4A7C15L));
    }

    @Override
    public boolean hasNext() {
        return catalog.hasNext();
    }

    @Override
    public ProductRow next() {
        long invalidBefore = catalog.invalid();
        ProductRow product = catalog.next();
        boolean invalid = catalog.invalid() > invalidBefore;
        Timestamp version = product.getUpdatedAt();
        Instant updatedAt = Instant.ofEpochSecond(version.getSeconds() + AFTER_THE_CATALOG_SECONDS, version.getNanos());
        if (feed == Feed.PRICE) {
            long price = values.nextLong(100, 1_000_000);
            ProductRow row = ProductRows.priceMinor(product.getSku(), price, product.getCurrency(), updatedAt);
            return invalid ? row.toBuilder().setPriceMinor(-price).build() : row;
        }
        ProductRow row = ProductRows.stock(product.getSku(), values.nextInt(0, 10_000), updatedAt);
        return invalid ? row.toBuilder().setStock(-1).build() : row;
    }

    /** Rows generated so far that the server must reject. */
    public long invalid() {
        return catalog.invalid();
    }
}
