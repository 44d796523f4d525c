package dev.productingest.perf;

import dev.productingest.client.IngestOptions;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of load the soak runs, each on SKUs of its own (a prefix and a category), so that each kind's loads, run
 * one after another, leave a table the {@link ExpectedCatalog} predicts whatever the other kinds do meanwhile. Load
 * {@code i} of a kind is dated {@code i} seconds after a base two days back: never ahead of the server's clock, always
 * newer than the load before.
 */
final class SoakLoadPlans {
    private SoakLoadPlans() {}

    /** One load as planned: its job, options, rows and the counts it must end with. */
    record PlannedLoad(String jobId, IngestOptions options, List<ProductRow> rows, JobCounts expected, int breakAfter) {
        boolean broken() {
            return breakAfter > 0;
        }
    }

    /** A kind of load: the next load of it, planned against the catalog as it stands. */
    interface Kind {
        String name();

        PlannedLoad next(int load, ExpectedCatalog catalog);
    }

    static Instant base() {
        return Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    static ProductRow product(String prefix, String category, int j, int revision, Instant at) {
        String sku = sku(prefix, j);
        return ProductRow.newBuilder()
                .setSku(sku)
                .setName("Soak product " + sku + " revision " + revision)
                .setDescription("Loaded by the soak, revision " + revision + " of " + sku + ".")
                .setCategory(category)
                .setPriceMinor(100 + (j * 31L + revision * 7L) % 100_000)
                .setCurrency("EUR")
                .setStock((j + revision) % 500)
                .setActive(true)
                .setUpdatedAt(ExpectedCatalog.timestamp(at))
                .build();
    }

    static String sku(String prefix, int j) {
        return String.format("%s-%06d", prefix, j);
    }

    /** Upserts: a quarter of the products changed each load, the rest sent again as stored. */
    record Upserts(String name, int rows, Instant base) implements Kind {
        @Override
        public PlannedLoad next(int load, ExpectedCatalog catalog) {
            List<ProductRow> sent = new ArrayList<>(rows);
            for (int j = 0; j < rows; j++) {
                ProductRow stored = catalog.stored(sku(name, j));
                sent.add(
                        stored == null || (j + load) % 4 == 0
                                ? product(name, name, j, load, base.plusSeconds(load))
                                : stored);
            }
            return new PlannedLoad(
                    name + "-" + load, IngestOptions.defaults().withSource(name), sent, catalog.load(sent), 0);
        }
    }

    /**
     * Deletes: each load deletes a fifth of the products (tombstones) and brings back the fifth the load before
     * deleted; the rest are sent again as stored.
     */
    record Deletes(String name, int rows, Instant base) implements Kind {
        @Override
        public PlannedLoad next(int load, ExpectedCatalog catalog) {
            Instant at = base.plusSeconds(load);
            List<ProductRow> sent = new ArrayList<>(rows);
            for (int j = 0; j < rows; j++) {
                ProductRow stored = catalog.stored(sku(name, j));
                if ((j + load) % 5 == 0) {
                    sent.add(ExpectedCatalog.tombstone(sku(name, j), at));
                } else if (stored == null || stored.getDeleted()) {
                    sent.add(product(name, name, j, load, at));
                } else {
                    sent.add(stored);
                }
            }
            return new PlannedLoad(
                    name + "-" + load, IngestOptions.defaults().withSource(name), sent, catalog.load(sent), 0);
        }
    }

    /**
     * Snapshots of their category as of the moment each starts: each leaves out a 25th of the products (retired at its
     * end, 4%: within the server's 10% guard) and carries again, dated at its time, the 25th the snapshot before
     * retired.
     */
    record Snapshots(String name, int rows) implements Kind {
        private static final int GAP = 25;

        @Override
        public PlannedLoad next(int load, ExpectedCatalog catalog) {
            // Microseconds: what PostgreSQL stores of a version time.
            Instant asOf = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<ProductRow> sent = new ArrayList<>(rows);
            for (int j = 0; j < rows; j++) {
                if ((j + load) % GAP == 0) {
                    continue;
                }
                ProductRow stored = catalog.stored(sku(name, j));
                sent.add(stored == null || stored.getDeleted() ? product(name, name, j, load, asOf) : stored);
            }
            IngestOptions options = IngestOptions.defaults()
                    .withSource(name)
                    .withSnapshot(new IngestOptions.Snapshot(name, null, asOf));
            return new PlannedLoad(name + "-" + load, options, sent, catalog.snapshot(sent, name, asOf), 0);
        }
    }

    /**
     * Every product changed, sent by a stream that breaks after its first quarter has committed, then resumed by the
     * SDK.
     */
    record Broken(String name, int rows, Instant base) implements Kind {
        @Override
        public PlannedLoad next(int load, ExpectedCatalog catalog) {
            List<ProductRow> sent = new ArrayList<>(rows);
            for (int j = 0; j < rows; j++) {
                sent.add(product(name, name, j, load, base.plusSeconds(load)));
            }
            return new PlannedLoad(
                    name + "-" + load, IngestOptions.defaults().withSource(name), sent, catalog.load(sent), rows / 4);
        }
    }
}
