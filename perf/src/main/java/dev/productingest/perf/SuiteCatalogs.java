package dev.productingest.perf;

import com.google.protobuf.Timestamp;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.v1.ProductRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterators;
import java.util.stream.StreamSupport;

/** The catalogs of every scenario, as CSV files generated once and kept for later runs. */
record SuiteCatalogs(
        long rows,
        long share,
        CatalogSpec first,
        Path firstCsv,
        Path copyCsv,
        Path plainCsv,
        Path plainCopyCsv,
        Path tenPercentCsv,
        long tenPercentChanged,
        Path everyRowCsv,
        Path everyRowCopyCsv,
        Path stockFeedCsv,
        long stockFeedTotal,
        Path snapshotCsv,
        long snapshotMissing,
        List<Path> disjoint,
        List<Path> overlapping,
        Path bigCsv) {
    static final int PRODUCERS = 4;
    // The nightly snapshot leaves out every 100th row of the catalog: 1% of the SKUs to retire.
    static final int SNAPSHOT_GAP = 100;
    // The stock feed's one version: a revision later than the catalog it updates (every row changed, revision 2),
    // so each of its rows is newer than the stored stock; still in the past, as a server refuses rows from the future.
    static final Instant STOCK_FEED_VERSION = CatalogGenerator.revisionStart(3);
    private static final int STOCK_LEVELS = 10_000;

    static SuiteCatalogs generate(Path dir, long rows, long seed, long bigRows) throws Exception {
        long share = rows / PRODUCERS;
        CatalogSpec first = CatalogSpec.of(rows, seed);
        CatalogSpec tenPercent = first.revision(1, 0.1);
        List<Path> disjoint = new ArrayList<>();
        List<Path> overlapping = new ArrayList<>();
        for (int k = 0; k < PRODUCERS; k++) {
            disjoint.add(producerCsv(dir, CatalogSpec.of(share, seed + k).startingAt(k * share)));
            overlapping.add(producerCsv(dir, CatalogSpec.of(share, seed).revision(k, 1.0)));
        }
        CatalogSpec everyRow = first.revision(2, 1.0);
        return new SuiteCatalogs(
                rows,
                share,
                first,
                producerCsv(dir, first),
                copyCsv(dir, first),
                producerCsv(dir, first.plain()),
                copyCsv(dir, first.plain()),
                producerCsv(dir, tenPercent),
                countChanged(tenPercent),
                producerCsv(dir, everyRow),
                copyCsv(dir, everyRow),
                stockFeedCsv(dir, everyRow),
                stockFeedTotal(everyRow),
                snapshotCsv(dir, first),
                (rows + SNAPSHOT_GAP - 1) / SNAPSHOT_GAP,
                disjoint,
                overlapping,
                producerCsv(dir, CatalogSpec.of(bigRows, seed)));
    }

    /** The rows the four producers send together: a share each. */
    long fourShares() {
        return share * PRODUCERS;
    }

    /** The producer's CSV of a catalog, generated once and kept for later runs. */
    private static Path producerCsv(Path dir, CatalogSpec spec) throws Exception {
        return generated(
                dir.resolve(spec.fileName() + ".csv"),
                file -> CatalogFiles.writeProducerCsv(new CatalogGenerator(spec), file));
    }

    /** The catalog less every {@link #SNAPSHOT_GAP}th row, as a nightly full export that lost 1% of its products. */
    private static Path snapshotCsv(Path dir, CatalogSpec spec) throws Exception {
        return generated(dir.resolve(spec.fileName() + ".snapshot.csv"), file -> {
            long[] index = {0};
            Iterator<ProductRow> kept = StreamSupport.stream(
                            Spliterators.spliteratorUnknownSize(new CatalogGenerator(spec), 0), false)
                    .filter(row -> index[0]++ % SNAPSHOT_GAP != 0)
                    .iterator();
            CatalogFiles.writeProducerCsv(kept, file);
        });
    }

    /**
     * A stock feed for every SKU of a catalog as stored: a new level for each (one more than the catalog's, wrapping at
     * {@link #STOCK_LEVELS}), versioned at {@link #STOCK_FEED_VERSION}.
     */
    private static Iterator<ProductRow> stockFeed(CatalogSpec stored) {
        CatalogGenerator catalog = new CatalogGenerator(stored);
        Timestamp version = Timestamp.newBuilder()
                .setSeconds(STOCK_FEED_VERSION.getEpochSecond())
                .setNanos(STOCK_FEED_VERSION.getNano())
                .build();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return catalog.hasNext();
            }

            @Override
            public ProductRow next() {
                ProductRow row = catalog.next();
                return ProductRow.newBuilder()
                        .setSku(row.getSku())
                        .setStock((row.getStock() + 1) % STOCK_LEVELS)
                        .setUpdatedAt(version)
                        .build();
            }
        };
    }

    private static Path stockFeedCsv(Path dir, CatalogSpec stored) throws Exception {
        return generated(
                dir.resolve(stored.fileName() + ".stock.csv"),
                file -> CatalogFiles.writeStockFeedCsv(stockFeed(stored), file));
    }

    /** The stock levels of the feed, summed: what the table holds in all once the feed is loaded. */
    private static long stockFeedTotal(CatalogSpec stored) {
        long total = 0;
        for (Iterator<ProductRow> rows = stockFeed(stored); rows.hasNext(); ) {
            total += rows.next().getStock();
        }
        return total;
    }

    private static Path copyCsv(Path dir, CatalogSpec spec) throws Exception {
        return generated(
                dir.resolve(spec.fileName() + ".copy.csv"),
                file -> CatalogFiles.writeCopyCsv(new CatalogGenerator(spec), file));
    }

    private interface Writer {
        void write(Path file) throws Exception;
    }

    private static Path generated(Path file, Writer writer) throws Exception {
        if (!Files.exists(file)) {
            Bench.log("generating %s", file.getFileName());
            // Written aside and moved, so a run stopped halfway never leaves a short catalog behind.
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            writer.write(partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }

    private static long countChanged(CatalogSpec spec) {
        CatalogGenerator g = new CatalogGenerator(spec);
        g.forEachRemaining(row -> {});
        return g.changed();
    }
}
