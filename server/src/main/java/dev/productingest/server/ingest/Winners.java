package dev.productingest.server.ingest;

import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one version per SKU a batch writes: the greatest updated_at, the later offset on a tie. The
 * others are superseded and count as stale.
 *
 * @param rows the winners, sorted by SKU so that concurrent batches lock rows in the same order
 * @param superseded how many rows lost to a newer version of the same SKU in the batch
 */
record Winners(List<ProductRow> rows, int superseded) {

    static Winners of(List<OffsetRow> batch) {
        Map<String, OffsetRow> best = new HashMap<>(batch.size() * 2);
        for (OffsetRow candidate : batch) {
            best.merge(candidate.row().getSku(), candidate, Winners::newer);
        }
        List<ProductRow> rows = new ArrayList<>(best.size());
        best.values().forEach(r -> rows.add(r.row()));
        rows.sort(Comparator.comparing(ProductRow::getSku));
        return new Winners(rows, batch.size() - rows.size());
    }

    private static OffsetRow newer(OffsetRow a, OffsetRow b) {
        int byTime = Long.compare(a.row().getUpdatedAt().getSeconds(), b.row().getUpdatedAt().getSeconds());
        if (byTime == 0) {
            byTime = Integer.compare(a.row().getUpdatedAt().getNanos(), b.row().getUpdatedAt().getNanos());
        }
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        return a.offset() > b.offset() ? a : b;
    }

    List<String> skus() {
        return rows.stream().map(ProductRow::getSku).toList();
    }
}
