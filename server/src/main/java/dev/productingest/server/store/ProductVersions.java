package dev.productingest.server.store;

import dev.productingest.v1.ProductRow;

/**
 * What one batch writes of one product: for each field group, the row whose version of it is written, or null where the
 * group keeps its stored version. A tombstone is a version of the content.
 */
public record ProductVersions(String sku, ProductRow content, ProductRow price, ProductRow stock) {

    /** Whether one live row writes every group: the product is written whole, in one statement. */
    public boolean whole() {
        return content != null && !content.getDeleted() && price == content && stock == content;
    }

    public boolean deletes() {
        return content != null && content.getDeleted();
    }

    public boolean writesAnything() {
        return content != null || price != null || stock != null;
    }
}
