package dev.productingest.server.ingest.write;

import dev.productingest.server.store.StoredVersion;
import dev.productingest.server.store.VersionOrder;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The one version per SKU a batch writes: the greatest by {@link VersionOrder}, as against the stored one, so that
 * neither the rows' order in the batch nor its bounds decide a tie. A lesser version is superseded and counts as stale;
 * the same version again counts as unchanged, as it would in a later batch.
 *
 * @param rows the winners, sorted by SKU so that concurrent batches lock rows in the same order
 * @param superseded how many rows lost to a greater version of the same SKU in the batch
 * @param repeats how many rows were the same version as their SKU's winner
 */
record Winners(List<ProductRow> rows, int superseded, int repeats) {

    private static final Comparator<OffsetRow> BY_SKU =
            Comparator.comparing(r -> r.row().getSku());

    static Winners of(List<OffsetRow> batch) {
        OffsetRow[] bySku = batch.toArray(new OffsetRow[0]);
        // Sorted first, so that the versions of a SKU are neighbours: a catalog usually arrives in
        // SKU order, which the sort confirms in one pass, where a map of SKUs would hash every one.
        Arrays.sort(bySku, BY_SKU);
        List<ProductRow> rows = new ArrayList<>(bySku.length);
        int repeats = 0;
        int repeatsOfBest = 0; // of the SKU's greatest version so far: those of one it then loses to are stale
        OffsetRow best = null;
        StoredVersion bestVersion = null; // made when a second version of its SKU turns up, and kept
        for (OffsetRow candidate : bySku) {
            if (best != null && best.row().getSku().equals(candidate.row().getSku())) {
                if (bestVersion == null) {
                    bestVersion = StoredVersion.of(best.row());
                }
                StoredVersion candidateVersion = StoredVersion.of(candidate.row());
                int order = VersionOrder.compare(bestVersion, candidateVersion);
                if (order == 0) {
                    repeatsOfBest++;
                } else if (order < 0) {
                    best = candidate;
                    bestVersion = candidateVersion;
                    repeatsOfBest = 0;
                }
            } else {
                if (best != null) {
                    rows.add(best.row());
                }
                repeats += repeatsOfBest;
                repeatsOfBest = 0;
                best = candidate;
                bestVersion = null;
            }
        }
        repeats += repeatsOfBest;
        if (best != null) {
            rows.add(best.row());
        }
        return new Winners(rows, batch.size() - rows.size() - repeats, repeats);
    }
    /** The newest updated_at among the winners (the newest of the batch), or null for none. */
    Instant newest() {
        Instant newest = null;
        for (ProductRow row : rows) {
            Instant at = Instant.ofEpochSecond(
                    row.getUpdatedAt().getSeconds(), row.getUpdatedAt().getNanos());
            if (newest == null || at.isAfter(newest)) {
                newest = at;
            }
        }
        return newest;
    }

    List<String> skus() {
        return rows.stream().map(ProductRow::getSku).toList();
    }
}
