package dev.productingest.client.sample;

import dev.productingest.v1.ProductRow;
import java.util.Iterator;

/** What a sample is: the whole catalog, or a feed of one part of the same products. */
public enum Feed {
    /** Whole products. */
    CATALOG,
    /** New prices of the catalog's products, newer than the catalog. */
    PRICE,
    /** New stock levels of the catalog's products, newer than the catalog. */
    STOCK;

    /** The rows of this feed for the catalog the spec describes. */
    public Iterator<ProductRow> rows(CatalogSpec spec) {
        return this == CATALOG ? new CatalogGenerator(spec) : new FeedGenerator(spec, this);
    }
}
