package dev.productingest.server.ingest.write;

import dev.productingest.server.store.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A batch's rows by SKU, each SKU with the greatest version of each field group among its rows (by
 * {@link dev.productingest.server.store.VersionOrder}, as against the stored one), so that neither the rows' order in
 * the batch nor its bounds decide a tie.
 *
 * @param skus sorted by SKU so that concurrent batches lock rows in the same order
 */
record Winners(List<SkuRows> skus) {

    private static final Comparator<OffsetRow> BY_SKU =
            Comparator.comparing(r -> r.row().getSku());

    static Winners of(List<OffsetRow> batch) {
        OffsetRow[] bySku = batch.toArray(new OffsetRow[0]);
        // Sorted first, so that the versions of a SKU are neighbours: a catalog usually arrives in
        // SKU order, which the sort confirms in one pass, where a map of SKUs would hash every one.
        Arrays.sort(bySku, BY_SKU);
        List<SkuRows> skus = new ArrayList<>(bySku.length);
        int first = 0;
        for (int i = 1; i <= bySku.length; i++) {
            if (i == bySku.length
                    || !bySku[i].row().getSku().equals(bySku[first].row().getSku())) {
                skus.add(
                        i - first == 1
                                ? SkuRows.of(bySku[first].row())
                                : SkuRows.of(Arrays.stream(bySku, first, i)
                                        .map(OffsetRow::row)
                                        .toList()));
                first = i;
            }
        }
        return new Winners(skus);
    }

    /** The newest updated_at among the batch's rows, or null for none. */
    Instant newest() {
        Instant newest = null;
        for (SkuRows sku : skus) {
            for (var row : sku.rows()) {
                Instant at = Timestamps.toInstant(row.getUpdatedAt());
                if (newest == null || at.isAfter(newest)) {
                    newest = at;
                }
            }
        }
        return newest;
    }

    List<String> skuNames() {
        return skuNames(skus);
    }

    /** The SKUs of these, in their order. */
    static List<String> skuNames(List<SkuRows> skus) {
        return skus.stream().map(SkuRows::sku).toList();
    }
}
