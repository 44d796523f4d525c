package dev.productingest.perf;

import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.v1.ProductRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path snapshotCsv,
        long snapshotMissing,
        List<Path> disjoint,
        List<Path> overlapping,
        Path bigCsv) {
    static final int PRODUCERS = 4;
    // The nightly snapshot leaves out every 100th row of the catalog: 1% of the SKUs to retire.
    static final int SNAPSHOT_GAP = 100;

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
