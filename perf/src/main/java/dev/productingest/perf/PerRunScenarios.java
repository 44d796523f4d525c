package dev.productingest.perf;

import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The scenarios of every run, in the order they run: the baselines on the emptied table, then the service's loads, each
 * followed by the checks of the jobs and the table it left. Most load through server A; the two- and three-server ones
 * spread over A, B and C.
 */
final class PerRunScenarios {
    private final SuiteStores stores;
    private final ServerProcess a;
    private final ServerProcess b;
    private final ServerProcess c;
    private final CliLoads loads;
    private final SuiteCatalogs catalogs;

    PerRunScenarios(
            SuiteStores stores,
            ServerProcess a,
            ServerProcess b,
            ServerProcess c,
            CliLoads loads,
            SuiteCatalogs catalogs) {
        this.stores = stores;
        this.a = a;
        this.b = b;
        this.c = c;
        this.loads = loads;
        this.catalogs = catalogs;
    }

    /**
     * @param reads the read rounds, after each fresh load; null to leave reads out
     * @param batchRows the server's batch size, which the JDBI baseline writes in too
     * @param naiveCount rows the row-by-row baseline writes
     */
    List<MeasuredScenario> all(ReadRounds reads, int batchRows, long naiveCount, long seed) {
        String url = stores.url();
        Checks checks = stores.checks();
        long rows = catalogs.rows();
        long fourShares = catalogs.fourShares();
        Jdbi jdbi = Jdbi.create(url);
        List<MeasuredScenario> table = new ArrayList<>();
        table.add(new MeasuredScenario(SuiteResult.COPY, Scenario.Kind.BASELINE, copy(catalogs.copyCsv(), rows)));
        table.add(new MeasuredScenario(SuiteResult.JDBI, Scenario.Kind.BASELINE, (scenario, run) -> {
            Bench.truncate(url);
            CpuUse.Meter cpu = CpuUse.start(stores.postmaster(), serverPids());
            double rate =
                    UpsertForms.measure(new CatalogGenerator(catalogs.first()), batchRows, UpsertForms.jdbiBatch(jdbi));
            scenario.addRun(rows, rows / rate);
            scenario.addCpu(cpu.stop());
        }));
        table.add(new MeasuredScenario(SuiteResult.NAIVE, Scenario.Kind.BASELINE, (scenario, run) -> {
            Bench.truncate(url);
            double rate = UpsertForms.measure(
                    new CatalogGenerator(CatalogSpec.of(naiveCount, seed)), batchRows, UpsertForms.rowByRow(url));
            scenario.addRun(naiveCount, naiveCount / rate);
        }));
        // The every-row-changed catalog over the one it changes, by PostgreSQL alone: the limit of the changed path.
        table.add(new MeasuredScenario(SuiteResult.UPSERT, Scenario.Kind.BASELINE, (scenario, run) -> {
            Bench.truncate(url);
            Bench.copy(url, catalogs.copyCsv());
            settle(url);
            CpuUse.Meter cpu = CpuUse.start(stores.postmaster(), serverPids());
            long started = System.nanoTime();
            long written = Bench.upsert(url, catalogs.everyRowCopyCsv());
            scenario.addRun(rows, (System.nanoTime() - started) / 1e9);
            scenario.addCpu(cpu.stop());
            checks.expect(SuiteResult.UPSERT + ": rows overwritten", rows, written);
            checks.expect(
                    SuiteResult.UPSERT + ": products of revision 2",
                    rows,
                    checks.productsUpdatedSince(CatalogGenerator.revisionStart(2)));
        }));
        table.add(new MeasuredScenario(SuiteResult.FRESH, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            String job = loads.run(scenario, List.of(a), "fresh-" + run, List.of(catalogs.firstCsv()), rows)
                    .get(0);
            loads.expectJobs(SuiteResult.FRESH, List.of(job), rows, rows, 0, 0);
            checks.expect(SuiteResult.FRESH + ": products", rows, checks.products());
            // Reads of what the load left, outside its window: every SKU the rounds ask for is stored, and the
            // autovacuum and checkpoint a million new rows call for are done first rather than during the rounds.
            if (reads != null) {
                settle(url);
                reads.measure(a);
            }
        }));
        // The re-loads run on the table the fresh load left.
        table.add(new MeasuredScenario(SuiteResult.UNCHANGED, Scenario.Kind.SERVICE, (scenario, run) -> {
            String job = loads.run(scenario, List.of(a), "unchanged-" + run, List.of(catalogs.firstCsv()), rows)
                    .get(0);
            loads.expectJobs(SuiteResult.UNCHANGED, List.of(job), rows, 0, 0, rows);
        }));
        table.add(new MeasuredScenario(SuiteResult.TEN_PERCENT, Scenario.Kind.SERVICE, (scenario, run) -> {
            String job = loads.run(scenario, List.of(a), "ten-" + run, List.of(catalogs.tenPercentCsv()), rows)
                    .get(0);
            long changed = catalogs.tenPercentChanged();
            loads.expectJobs(SuiteResult.TEN_PERCENT, List.of(job), rows, 0, changed, rows - changed);
        }));
        table.add(new MeasuredScenario(SuiteResult.ALL_CHANGED, Scenario.Kind.SERVICE, (scenario, run) -> {
            settle(url);
            String job = loads.run(scenario, List.of(a), "all-" + run, List.of(catalogs.everyRowCsv()), rows)
                    .get(0);
            loads.expectJobs(SuiteResult.ALL_CHANGED, List.of(job), rows, 0, rows, 0);
            checks.expect(
                    SuiteResult.ALL_CHANGED + ": products of revision 2",
                    rows,
                    checks.productsUpdatedSince(CatalogGenerator.revisionStart(2)));
        }));
        // A stock level for every SKU of the catalog the re-load left, each newer than the stored one: partial rows
        // that carry the stock group alone, against the whole rows of the re-load before.
        table.add(new MeasuredScenario(SuiteResult.STOCK_FEED, Scenario.Kind.SERVICE, (scenario, run) -> {
            long contentBefore = checks.contentAndPriceDigest();
            String job = loads.run(scenario, List.of(a), "stock-" + run, List.of(catalogs.stockFeedCsv()), rows)
                    .get(0);
            loads.expectJobs(SuiteResult.STOCK_FEED, List.of(job), rows, 0, rows, 0);
            checks.expect(
                    SuiteResult.STOCK_FEED + ": products whose stock is the feed's version",
                    rows,
                    checks.productsWithStockVersion(SuiteCatalogs.STOCK_FEED_VERSION));
            checks.expect(
                    SuiteResult.STOCK_FEED + ": the feed's stock levels, summed",
                    catalogs.stockFeedTotal(),
                    checks.stockTotal());
            checks.expect(
                    SuiteResult.STOCK_FEED + ": content and price (names, versions and all) as the re-load left them",
                    contentBefore,
                    checks.contentAndPriceDigest());
        }));
        // Nine short columns, no attributes: the catalog most feeds are, against COPY of the same rows.
        table.add(new MeasuredScenario(
                SuiteResult.PLAIN_COPY, Scenario.Kind.BASELINE, copy(catalogs.plainCopyCsv(), rows)));
        table.add(new MeasuredScenario(SuiteResult.PLAIN_FRESH, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            String job = loads.run(scenario, List.of(a), "plain-" + run, List.of(catalogs.plainCsv()), rows)
                    .get(0);
            loads.expectJobs(SuiteResult.PLAIN_FRESH, List.of(job), rows, rows, 0, 0);
            checks.expect(
                    SuiteResult.PLAIN_FRESH + ": products without attributes",
                    rows,
                    checks.productsWithoutAttributes());
        }));
        table.add(new MeasuredScenario(SuiteResult.DISJOINT, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            List<String> jobs = loads.run(scenario, List.of(a), "disjoint-" + run, catalogs.disjoint(), fourShares);
            loads.expectJobs(SuiteResult.DISJOINT, jobs, fourShares, fourShares, 0, 0);
            checks.expect(SuiteResult.DISJOINT + ": products", fourShares, checks.products());
        }));
        table.add(new MeasuredScenario(SuiteResult.OVERLAPPING, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            List<String> jobs = loads.run(scenario, List.of(a), "overlap-" + run, catalogs.overlapping(), fourShares);
            Checks.Counts counts = checks.jobs(jobs);
            checks.expect(SuiteResult.OVERLAPPING + ": rows received", fourShares, counts.received());
            checks.expect(
                    SuiteResult.OVERLAPPING + ": every row counted once",
                    fourShares,
                    counts.inserted() + counts.updated() + counts.unchanged() + counts.stale() + counts.rejected());
            checks.expect(SuiteResult.OVERLAPPING + ": SKUs inserted", catalogs.share(), counts.inserted());
            checks.expect(
                    SuiteResult.OVERLAPPING + ": the newest revision wins every SKU",
                    catalogs.share(),
                    checks.productsUpdatedSince(CatalogGenerator.revisionStart(SuiteCatalogs.PRODUCERS - 1)));
        }));
        // The disjoint producers again over two and three servers on the same PostgreSQL: what more servers buy.
        table.add(
                new MeasuredScenario(SuiteResult.TWO_SERVERS, Scenario.Kind.SERVICE, spreadOver(List.of(a, b), "two")));
        table.add(new MeasuredScenario(
                SuiteResult.THREE_SERVERS, Scenario.Kind.SERVICE, spreadOver(List.of(a, b, c), "three")));
        // Last night's catalog stored (by COPY, outside the measured window), then tonight's: the same
        // rows less 1%, as the whole catalog.
        table.add(new MeasuredScenario(SuiteResult.SNAPSHOT, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            Bench.copy(url, catalogs.copyCsv());
            // As last night's catalog would be by now. Without this the load met autovacuum on a million
            // new rows, and its runs spread by 160%.
            settle(url);
            long sent = rows - catalogs.snapshotMissing();
            String job = loads.run(
                            scenario,
                            List.of(a),
                            "snapshot-" + run,
                            List.of(catalogs.snapshotCsv()),
                            sent,
                            // The export is taken now, after every version the generator wrote: it speaks for all of
                            // them.
                            "--snapshot",
                            "--as-of",
                            Instant.now().toString())
                    .get(0);
            loads.expectJobs(SuiteResult.SNAPSHOT, List.of(job), sent, 0, 0, sent);
            checks.expect(
                    SuiteResult.SNAPSHOT + ": retired",
                    catalogs.snapshotMissing(),
                    checks.jobs(List.of(job)).retired());
            checks.expect(SuiteResult.SNAPSHOT + ": products left", sent, checks.products());
        }));
        return table;
    }

    /** The disjoint producers into the emptied table, producer k to server k mod servers. */
    private MeasuredScenario.RunStep spreadOver(List<ServerProcess> over, String jobPrefix) {
        long fourShares = catalogs.fourShares();
        Checks checks = stores.checks();
        return (scenario, run) -> {
            Bench.truncate(stores.url());
            List<String> jobs = loads.run(scenario, over, jobPrefix + "-" + run, catalogs.disjoint(), fourShares);
            loads.expectJobs(scenario.name, jobs, fourShares, fourShares, 0, 0);
            checks.expect(scenario.name + ": servers that took its jobs", over.size(), checks.owners(jobs));
            checks.expect(scenario.name + ": products", fourShares, checks.products());
        };
    }

    /** PostgreSQL's own COPY of a catalog into the emptied table: the limit a load is measured against. */
    private MeasuredScenario.RunStep copy(Path copyCsv, long rows) {
        return (scenario, run) -> {
            Bench.truncate(stores.url());
            CpuUse.Meter cpu = CpuUse.start(stores.postmaster(), serverPids());
            long started = System.nanoTime();
            Bench.copy(stores.url(), copyCsv);
            scenario.addRun(rows, (System.nanoTime() - started) / 1e9);
            scenario.addCpu(cpu.stop());
        };
    }

    private List<Long> serverPids() {
        return List.of(a.pid(), b.pid(), c.pid());
    }

    /**
     * The catalog vacuumed, analysed and on disk before timing what follows. The changed re-load and PostgreSQL's own
     * upsert both start here, so both pay alike for a checkpoint's full-page images (the first change to each page
     * after a checkpoint writes the whole page to the WAL) and neither meets autovacuum.
     */
    private static void settle(String url) throws Exception {
        Bench.execute(url, "VACUUM ANALYZE products");
        Bench.execute(url, "CHECKPOINT");
    }
}
