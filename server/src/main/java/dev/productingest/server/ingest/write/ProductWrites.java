package dev.productingest.server.ingest.write;

import dev.productingest.server.store.ProductStore;
import dev.productingest.server.store.ProductVersions;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What a batch writes, by statement: products not stored at all go in by COPY (tombstones and partial ones too); a
 * stored product written whole is overwritten in one statement, a tombstone marks it deleted, and a partial version
 * writes only its groups.
 */
final class ProductWrites {
    private final List<ProductVersions> toCopy = new ArrayList<>();
    private final List<ProductRow> whole = new ArrayList<>();
    private final List<ProductRow> tombstones = new ArrayList<>();
    private final List<ProductRow> contents = new ArrayList<>();
    private final List<ProductRow> prices = new ArrayList<>();
    private final List<ProductRow> stocks = new ArrayList<>();
    private final List<String> skus = new ArrayList<>();

    void add(ProductVersions product, boolean notStored) {
        if (!product.writesAnything()) {
            return;
        }
        skus.add(product.sku());
        if (notStored) {
            toCopy.add(product);
            return;
        }
        if (product.whole()) {
            whole.add(product.content());
            return;
        }
        if (product.content() != null) {
            (product.deletes() ? tombstones : contents).add(product.content());
        }
        if (product.price() != null) {
            prices.add(product.price());
        }
        if (product.stock() != null) {
            stocks.add(product.stock());
        }
    }

    /** A product already written by a statement of its own ({@link ProductStore#updateWhereOlder}). */
    void written(String sku) {
        skus.add(sku);
    }

    void apply(Handle h, ProductStore products) {
        if (!toCopy.isEmpty()) {
            products.insertNew(h, toCopy);
        }
        if (!whole.isEmpty()) {
            products.update(h, whole);
        }
        if (!tombstones.isEmpty()) {
            products.delete(h, tombstones);
        }
        if (!contents.isEmpty()) {
            products.updateContent(h, contents);
        }
        if (!prices.isEmpty()) {
            products.updatePrice(h, prices);
        }
        if (!stocks.isEmpty()) {
            products.updateStock(h, stocks);
        }
    }

    /** Every SKU written, for the caches and watchers told of the commit. */
    List<String> skus() {
        return skus;
    }
}
