package dev.productingest.server.ingest.write;

import dev.productingest.rules.FieldGroups;
import dev.productingest.server.store.StoredVersion;
import dev.productingest.server.store.VersionOrder;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;

/**
 * The rows one batch holds of one SKU, and for each field group which of them carries its greatest version (-1 when
 * none carries the group). A tombstone is a version of the content. Versions are made only when compared: most SKUs
 * come once in a batch, and a new one is compared with nothing.
 */
final class SkuRows {
    static final int NONE = -1;

    private final List<ProductRow> rows;
    // Of a SKU with several rows, all made to find the greatest; of a SKU with one, none (null) until compared.
    private final StoredVersion[] versions;
    private StoredVersion single;
    private final int content;
    private final int price;
    private final int stock;

    private SkuRows(List<ProductRow> rows, int content, int price, int stock, StoredVersion[] versions) {
        this.rows = rows;
        this.content = content;
        this.price = price;
        this.stock = stock;
        this.versions = versions;
    }

    static SkuRows of(ProductRow row) {
        int groups = FieldGroups.of(row);
        return new SkuRows(
                List.of(row),
                row.getDeleted() || FieldGroups.has(groups, FieldGroups.CONTENT) ? 0 : NONE,
                FieldGroups.has(groups, FieldGroups.PRICE) ? 0 : NONE,
                FieldGroups.has(groups, FieldGroups.STOCK) ? 0 : NONE,
                null);
    }

    static SkuRows of(List<ProductRow> rows) {
        StoredVersion[] versions = new StoredVersion[rows.size()];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = StoredVersion.of(rows.get(i));
        }
        return new SkuRows(
                rows,
                greatest(versions, StoredVersion::updatedAt, VersionOrder::content),
                greatest(versions, StoredVersion::priceUpdatedAt, VersionOrder::price),
                greatest(versions, StoredVersion::stockUpdatedAt, VersionOrder::stock),
                versions);
    }

    private static int greatest(
            StoredVersion[] versions,
            Function<StoredVersion, Instant> carried,
            ToIntBiFunction<StoredVersion, StoredVersion> order) {
        int best = NONE;
        for (int i = 0; i < versions.length; i++) {
            if (carried.apply(versions[i]) != null && (best == NONE || greater(versions[i], versions[best], order))) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Of two rows with the same version of a group, the one greater in its other groups writes it, so that which row
     * counts as written and which as unchanged does not depend on their order either.
     */
    private static boolean greater(
            StoredVersion a, StoredVersion b, ToIntBiFunction<StoredVersion, StoredVersion> order) {
        int c = order.applyAsInt(a, b);
        if (c == 0) {
            c = VersionOrder.content(a, b);
        }
        if (c == 0) {
            c = VersionOrder.price(a, b);
        }
        if (c == 0) {
            c = VersionOrder.stock(a, b);
        }
        return c > 0;
    }

    String sku() {
        return rows.get(0).getSku();
    }

    List<ProductRow> rows() {
        return rows;
    }

    ProductRow row(int index) {
        return index == NONE ? null : rows.get(index);
    }

    StoredVersion version(int index) {
        if (versions != null) {
            return versions[index];
        }
        if (index != 0) {
            throw new IndexOutOfBoundsException("a SKU of one row has no row " + index);
        }
        if (single == null) {
            single = StoredVersion.of(rows.get(0));
        }
        return single;
    }

    int content() {
        return content;
    }

    int price() {
        return price;
    }

    int stock() {
        return stock;
    }
}
