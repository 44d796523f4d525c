package dev.productingest.client.sample;

import java.util.Locale;

/**
 * Which catalog {@link CatalogGenerator} writes. The same spec gives the same rows, byte for byte.
 *
 * @param rows how many rows
 * @param seed the content: names, prices, stock, times
 * @param firstSku the number of the first SKU ({@code SKU-000000000}), so producers can own disjoint ranges
 * @param revision 0 for the first version of the catalog; revision r changes the chosen rows to be r years newer with a
 *     different stock, so loading it over a lower revision updates exactly them
 * @param changedShare the share of rows a revision above 0 changes; the same rows for every revision
 * @param invalidShare the share of rows the server must reject (a negative stock)
 * @param duplicateShare the share of rows that repeat the SKU of the row before, one second newer: the later one wins,
 *     the earlier is stale
 * @param descriptionWords the words in each description, the main lever on a row's size
 * @param attributes whether rows carry two attributes ({@code colour}, {@code size}); without them a row is nine short
 *     columns, the plain catalog most feeds are
 */
public record CatalogSpec(
        long rows,
        long seed,
        long firstSku,
        int revision,
        double changedShare,
        double invalidShare,
        double duplicateShare,
        int descriptionWords,
        boolean attributes) {

    public CatalogSpec {
        if (rows < 0 || firstSku < 0 || revision < 0 || descriptionWords < 3) {
            throw new IllegalArgumentException(
                    "rows, first SKU and revision must not be negative, and descriptions need 3 words or more");
        }
        for (double share : new double[] {changedShare, invalidShare, duplicateShare}) {
            if (share < 0 || share > 1) {
                throw new IllegalArgumentException("a share must be within 0..1: " + share);
            }
        }
    }

    /** A clean first revision: no invalid rows, no duplicates, short descriptions. */
    public static CatalogSpec of(long rows, long seed) {
        return new CatalogSpec(rows, seed, 0, 0, 1.0, 0, 0, 3, true);
    }

    /** The same rows without attributes. */
    public CatalogSpec plain() {
        return new CatalogSpec(
                rows, seed, firstSku, revision, changedShare, invalidShare, duplicateShare, descriptionWords, false);
    }

    public CatalogSpec startingAt(long sku) {
        return new CatalogSpec(
                rows, seed, sku, revision, changedShare, invalidShare, duplicateShare, descriptionWords, attributes);
    }

    /** Revision {@code r} with {@code share} of the rows changed against revision 0. */
    public CatalogSpec revision(int r, double share) {
        return new CatalogSpec(
                rows, seed, firstSku, r, share, invalidShare, duplicateShare, descriptionWords, attributes);
    }

    public CatalogSpec withInvalid(double share) {
        return new CatalogSpec(
                rows, seed, firstSku, revision, changedShare, share, duplicateShare, descriptionWords, attributes);
    }

    public CatalogSpec withDuplicates(double share) {
        return new CatalogSpec(
                rows, seed, firstSku, revision, changedShare, invalidShare, share, descriptionWords, attributes);
    }

    public CatalogSpec withDescriptionWords(int words) {
        return new CatalogSpec(
                rows, seed, firstSku, revision, changedShare, invalidShare, duplicateShare, words, attributes);
    }

    /** Whether every row is valid and has its own SKU, as COPY into the table needs. */
    public boolean clean() {
        return invalidShare == 0 && duplicateShare == 0;
    }

    /** A file name that differs whenever the rows do. */
    public String fileName() {
        return String.format(
                Locale.ROOT,
                "catalog-%d-s%d-f%d-r%d-c%s-i%s-d%s-w%d%s",
                rows,
                seed,
                firstSku,
                revision,
                revision == 0 ? "0" : changedShare,
                invalidShare,
                duplicateShare,
                descriptionWords,
                attributes ? "" : "-plain");
    }
}
