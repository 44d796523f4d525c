package dev.productingest.server.ingest.write;

import dev.productingest.rules.FieldGroups;
import dev.productingest.server.store.ProductVersions;
import dev.productingest.server.store.StoredVersion;
import dev.productingest.server.store.VersionOrder;
import dev.productingest.v1.ProductRow;
import java.util.function.ToIntBiFunction;

/**
 * One SKU of a batch against its stored version: for each field group whether the batch's greatest version of it is
 * written (greater than the stored one), the same version, or lesser; from that, each row's {@link Outcome} and what
 * the batch writes of the product.
 */
final class SkuOutcome {
    // What became of a group a row carries, in rising order: a row counts by the best of its groups.
    private static final int LESSER = 0;
    private static final int SAME = 1;
    private static final int WRITTEN = 2;

    private final SkuRows sku;
    private final StoredVersion stored;
    private final int content;
    private final int price;
    private final int stock;

    SkuOutcome(SkuRows sku, StoredVersion stored) {
        this.sku = sku;
        this.stored = stored;
        this.content = fate(sku.content(), VersionOrder::content);
        this.price = fate(sku.price(), VersionOrder::price);
        this.stock = fate(sku.stock(), VersionOrder::stock);
    }

    /** What the batch writes of the product: the rows of the groups whose greatest version is written. */
    ProductVersions writes() {
        return new ProductVersions(
                sku.sku(),
                content == WRITTEN ? sku.row(sku.content()) : null,
                price == WRITTEN ? sku.row(sku.price()) : null,
                stock == WRITTEN ? sku.row(sku.stock()) : null);
    }

    /** The outcome of the SKU's row at {@code index}. */
    Outcome outcome(int index) {
        ProductRow row = sku.rows().get(index);
        int groups = FieldGroups.of(row);
        int best = LESSER;
        if (row.getDeleted() || FieldGroups.has(groups, FieldGroups.CONTENT)) {
            best = Math.max(best, rowFate(index, sku.content(), content, VersionOrder::content));
        }
        if (FieldGroups.has(groups, FieldGroups.PRICE)) {
            best = Math.max(best, rowFate(index, sku.price(), price, VersionOrder::price));
        }
        if (FieldGroups.has(groups, FieldGroups.STOCK)) {
            best = Math.max(best, rowFate(index, sku.stock(), stock, VersionOrder::stock));
        }
        if (best == WRITTEN) {
            if (row.getDeleted()) {
                return Outcome.DELETE;
            }
            boolean madeReadable =
                    index == sku.content() && content == WRITTEN && (stored == null || !stored.readable());
            return madeReadable ? Outcome.INSERT : Outcome.UPDATE;
        }
        return best == SAME ? Outcome.UNCHANGED : Outcome.STALE;
    }

    /**
     * A group's fate for one row: the greatest row's is its own; a row with the same version shares it, except that
     * only one of them writes (the others are unchanged, as they would be in a later batch); a lesser row is stale.
     */
    private int rowFate(
            int index, int greatest, int fateOfGreatest, ToIntBiFunction<StoredVersion, StoredVersion> order) {
        if (index == greatest) {
            return fateOfGreatest;
        }
        return order.applyAsInt(sku.version(index), sku.version(greatest)) == 0
                ? Math.min(fateOfGreatest, SAME)
                : LESSER;
    }

    private int fate(int greatest, ToIntBiFunction<StoredVersion, StoredVersion> order) {
        if (greatest == SkuRows.NONE) {
            return LESSER;
        }
        if (stored == null) {
            return WRITTEN;
        }
        int c = order.applyAsInt(sku.version(greatest), stored);
        return c > 0 ? WRITTEN : c == 0 ? SAME : LESSER;
    }
}
