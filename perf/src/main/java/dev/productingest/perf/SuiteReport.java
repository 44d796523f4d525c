package dev.productingest.perf;

import static dev.productingest.perf.SuiteResult.fmt;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** perf/RESULTS.md: what one suite run measured, with the command, the machine and the date. */
final class SuiteReport {
    private SuiteReport() {}

    static String markdown(SuiteResult r, String command, String chartFile) {
        List<String> md = new ArrayList<>();
        md.add("# Performance results");
        md.add("");
        md.add(
                "Written by the perf suite; run it again rather than editing this file. Earlier measurements, the profiles");
        md.add("behind the write path and the one-off benchmarks (upsert forms, reads, client memory) are in");
        md.add("[NOTES.md](NOTES.md).");
        md.add("");
        md.add("```sh");
        md.add(command);
        md.add("```");
        md.add("");
        md.add("- Date: " + LocalDate.now());
        md.add("- Machine: " + Machine.describe() + "; the server, the producers and PostgreSQL share it.");
        md.add(
                "- PostgreSQL " + r.postgres()
                        + " (the embedded default's binaries, durable like the default: `fsync` and"
                        + " `synchronous_commit` on for service and baselines alike), embedded Redis, the server jar with the default `config.yml`.");
        md.add(fmt(
                "- %,d rows per scenario, %d runs, baselines and scenarios alternating within each run; the memory scenario"
                        + " loads %,d rows once; the naive baseline writes the first %,d rows of the catalog (all of them would take"
                        + " minutes).",
                r.rows(), r.runs(), r.bigRows(), r.naiveRows()));
        if (r.quick()) {
            md.add("- **Quick mode**: each load is mostly JVM start-up at these sizes, so the ratios say nothing of the"
                    + " service; it checks that the harness runs and that every load leaves the right rows.");
        }
        md.add("");
        md.add("## Targets");
        md.add("");
        md.add("| target | goal | measured | met |");
        md.add("|---|---|---:|---|");
        for (SuiteResult.Target t : r.targets()) {
            md.add(fmt("| %s | %s | %s | %s |", t.what(), t.goal(), t.measured(), t.met() ? "yes" : "**no**"));
        }
        md.add("");
        md.add("## Rows per second");
        md.add("");
        md.add("![rows per second per scenario](" + chartFile + ")");
        md.add("");
        md.add(
                "Spread is the fastest run less the slowest, as a share of the median. The ratios divide medians; the targets"
                        + " take the median of the ratios within each run.");
        md.add("");
        md.add("| scenario | rows per run | median rows/s | runs | spread | vs COPY | vs naive |");
        md.add("|---|---:|---:|---|---:|---:|---:|");
        for (Scenario s : r.scenarios()) {
            md.add(fmt(
                    "| %s | %,d | %,.0f | %s | %s | %.2f | %.1fx |",
                    s.name,
                    s.rowsPerSecond.isEmpty() ? 0 : rowsPerRun(s, r),
                    s.median(),
                    runs(s.rowsPerSecond, "%,.0f"),
                    s.rowsPerSecond.size() < 2 ? "one run" : fmt("%.0f%%", 100 * s.spread()),
                    r.vsCopy(s),
                    r.vsNaive(s)));
        }
        md.add("");
        md.add("## Stock feed");
        md.add("");
        md.add(
                "Partial rows (`sku,stock,updated_at`, the stock group alone) for every SKU of the catalog the whole-row"
                        + " re-load left, against that re-load: the same SKUs, each row newer than the stored one, one server.");
        md.add("");
        md.add(
                "| load | median rows/s | runs | SQL / 1M rows | PostgreSQL CPU s per 1M rows | server CPU s per 1M rows |");
        md.add("|---|---:|---|---:|---:|---:|");
        for (String name : new String[] {SuiteResult.ALL_CHANGED, SuiteResult.STOCK_FEED}) {
            Scenario s = r.scenario(name);
            md.add(fmt(
                    "| %s | %,.0f | %s | %,.0f | %.1f | %.1f |",
                    s.name,
                    s.median(),
                    runs(s.rowsPerSecond, "%,.0f"),
                    s.perMillionRows(s.statements()),
                    s.cpuPerMillionRows(s.cpu.postgres()),
                    s.cpuPerMillionRows(s.cpu.servers())));
        }
        md.add(fmt(
                "| **stock feed / every row changed** (median of the ratios within each run) | **%.2f** | | | | |",
                r.medianRatio(SuiteResult.STOCK_FEED, SuiteResult.ALL_CHANGED)));
        md.add("");
        md.add("## Servers on one PostgreSQL");
        md.add("");
        md.add(
                "The same four producers (disjoint SKUs) through one, two and three servers sharing PostgreSQL and Redis, all on this"
                        + " machine's " + Machine.cores()
                        + " cores. Against one server, the median of the ratios within each run.");
        md.add("");
        md.add(
                "| servers | median rows/s | vs one server | PostgreSQL CPU s per 1M rows | servers' CPU s per 1M rows | busy |");
        md.add("|---:|---:|---:|---:|---:|---:|");
        String[] byServers = {SuiteResult.DISJOINT, SuiteResult.TWO_SERVERS, SuiteResult.THREE_SERVERS};
        for (int n = 0; n < byServers.length; n++) {
            Scenario s = r.scenario(byServers[n]);
            md.add(fmt(
                    "| %d | %,.0f | %.2f | %.1f | %.1f | %.0f%% |",
                    n + 1,
                    s.median(),
                    r.medianRatio(s.name, SuiteResult.DISJOINT),
                    s.cpuPerMillionRows(s.cpu.postgres()),
                    s.cpuPerMillionRows(s.cpu.servers()),
                    100 * s.machineBusy(Machine.cores())));
        }
        md.add("");
        md.add("## Reads");
        md.add("");
        if (r.reads() == null) {
            md.add("Not measured: wrk is not installed (`apt-get install wrk`).");
        } else {
            md.add(fmt(
                    "`wrk -t2 -c%d`, a round of %d s each per run, on the server and cores the loads used.",
                    ReadRounds.CONNECTIONS, r.reads().round.toSeconds()));
            md.add("");
            md.add("| | median requests/s | rounds | p50 ms | p99 ms |");
            md.add("|---|---:|---|---|---|");
            readRow(md, "cached `GET /products/{sku}`", r.reads().cached);
            readRow(md, "admin `/ping`", r.reads().ping);
            md.add(fmt(
                    "| **cached reads / `/ping`** (median of the ratios within each run) | **%.2f** | | | |",
                    r.reads().medianRatio()));
        }
        md.add("");
        md.add("## Per batch");
        md.add("");
        md.add("Counted by PostgreSQL (`pg_stat_statements`, every statement in the database while the load ran"
                + "), by Redis (`INFO commandstats`) and by the server (its `batch-latency` admin task, an"
                + " HdrHistogram of every batch write; over two servers the slower one's). A batch tried as inserts alone"
                + " that met a stored SKU and was written again counts twice in batches (once per attempt). pgjdbc sends"
                + " BEGIN in the same round trip as the first statement; PostgreSQL does not count COMMIT here.");
        md.add("");
        md.add("| scenario | batches | SQL statements / batch | without BEGIN | Redis commands / batch | SQL / 1M rows"
                + " | Redis / 1M rows | batch write p50 ms | p99 ms |");
        md.add("|---|---:|---:|---:|---:|---:|---:|---|---|");
        for (Scenario s : r.scenarios()) {
            if (s.kind == Scenario.Kind.SERVICE) {
                md.add(fmt(
                        "| %s | %,d | %.2f | %.2f | %.2f | %,.0f | %,.0f | %s | %s |",
                        s.name,
                        s.batches,
                        s.perBatch(s.statements()),
                        s.perBatch(s.workStatements()),
                        s.perBatch(s.redisCommands()),
                        s.perMillionRows(s.statements()),
                        s.perMillionRows(s.redisCommands()),
                        runs(s.p50Ms, "%.1f"),
                        runs(s.p99Ms, "%.1f")));
            }
        }
        md.add("");
        md.add(
                "The statements and commands of the fresh loads, per batch (those below 1 ran per load or by the clock):");
        md.add("");
        md.add("| per batch | SQL statement |");
        md.add("|---:|---|");
        Scenario fresh = r.scenario(SuiteResult.FRESH);
        fresh.statementsByText.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(12)
                .forEach(e -> md.add(fmt("| %.3f | `%s` |", fresh.perBatch(e.getValue()), shorten(e.getKey()))));
        md.add("");
        md.add("| per batch | Redis command |");
        md.add("|---:|---|");
        fresh.redisByCommand.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> md.add(fmt(
                        "| %.3f | `%s` |",
                        fresh.perBatch(e.getValue()), e.getKey().toUpperCase(Locale.ROOT))));
        md.add("");
        md.add("## CPU");
        md.add("");
        md.add(
                "CPU seconds per 1M rows while the loads ran, from `/proc`: PostgreSQL is the postmaster and its backends;"
                        + " producers are the CLI JVMs, each over its whole life (start, JIT and all); the rest is Redis's, the kernel's"
                        + " and the suite's own (the baselines' client, the SDK producers of the many-producers scenario)."
                        + " Busy is the share of the " + Machine.cores()
                        + " cores in use: near 100%, the cores are what limits the"
                        + " load, and a faster service is one that spends fewer of them.");
        md.add("");
        md.add("| scenario | machine | PostgreSQL | server(s) | producers | the rest | busy |");
        md.add("|---|---:|---:|---:|---:|---:|---:|");
        for (Scenario s : r.scenarios()) {
            if (s.cpu.machine() > 0) {
                md.add(fmt(
                        "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f%% |",
                        s.name,
                        s.cpuPerMillionRows(s.cpu.machine()),
                        s.cpuPerMillionRows(s.cpu.postgres()),
                        s.cpuPerMillionRows(s.cpu.servers()),
                        s.cpuPerMillionRows(s.cpu.producers()),
                        s.cpuPerMillionRows(s.cpu.others()),
                        100 * s.machineBusy(Machine.cores())));
            }
        }
        md.add("");
        md.add("## Memory");
        md.add("");
        md.add("From each JVM's own GC log (`-Xlog:gc`) and the kernel's peak resident set (`VmHWM`). Per scenario, the"
                + " servers' collections while its loads ran; the most heap after a collection includes garbage a young"
                + " collection leaves in the old generation, so it is an upper bound on what is live.");
        md.add("");
        md.add(
                "| scenario | server collections | full collections | server peak heap used | most heap after a collection"
                        + " | CLI peak heap used | CLI most heap after a collection |");
        md.add("|---|---:|---:|---:|---:|---:|---:|");
        for (Scenario s : r.scenarios()) {
            if (s.kind == Scenario.Kind.SERVICE) {
                md.add(fmt(
                        "| %s | %,d | %d | %d MB | %d MB | %d MB | %d MB |",
                        s.name,
                        s.serverHeap.collections(),
                        s.serverHeap.fullCollections(),
                        s.serverHeap.peakUsedMb(),
                        s.serverHeap.maxLiveMb(),
                        s.clientHeap.peakUsedMb(),
                        s.clientHeap.maxLiveMb()));
            }
        }
        md.add("");
        md.add(
                "| process, over its whole life | collections | full collections | peak heap used | most heap after a collection | peak RSS |");
        md.add("|---|---:|---:|---:|---:|---:|");
        for (SuiteResult.Memory m : r.memory()) {
            md.add(fmt(
                    "| %s | %,d | %d | %d MB | %d MB | %s |",
                    m.process(),
                    m.heap().collections(),
                    m.heap().fullCollections(),
                    m.heap().peakUsedMb(),
                    m.heap().maxLiveMb(),
                    m.peakRssMb() == 0 ? "" : m.peakRssMb() + " MB"));
        }
        md.add("");
        md.add("## Checks");
        md.add("");
        md.add(fmt(
                "After every load the suite reads the jobs and the table back: %d checks passed, %d failed.",
                r.checksPassed(), r.failures().size()));
        r.failures().forEach(f -> md.add("- **" + f + "**"));
        md.add("");
        md.add("## The scenarios");
        md.add("");
        md.add(
                "- Every service scenario is end to end: the CLI jar in its own JVM reads a CSV file and streams it over gRPC to the"
                        + " server jar in its own JVM, which writes PostgreSQL and Redis. The time is the producers' wall clock.");
        md.add("- **" + SuiteResult.COPY
                + "**: pgjdbc's `CopyManager` into the emptied table, the same rows; the physical limit.");
        md.add("- **" + SuiteResult.JDBI
                + "**: one JDBI prepared batch per 5,000 rows, `INSERT ... ON CONFLICT DO UPDATE`, no service.");
        md.add("- **" + SuiteResult.NAIVE + "**: one `INSERT ... ON CONFLICT` per row, autocommit, no service.");
        md.add("- **" + SuiteResult.UPSERT + "**: the catalog COPYed in untimed, then its every-row-changed revision"
                + " in one transaction: COPY into a temporary table and one `INSERT ... ON CONFLICT DO UPDATE ... WHERE`"
                + " newer; PostgreSQL's own speed for what **" + SuiteResult.ALL_CHANGED + "** does, no service.");
        md.add("- **" + SuiteResult.FRESH + "**: the catalog into the emptied table.");
        md.add("- **" + SuiteResult.PLAIN_FRESH + "** and **" + SuiteResult.PLAIN_COPY
                + "**: the same rows without attributes, nine" + " short columns, the catalog most feeds are.");
        md.add("- **Reads**: after each fresh load, wrk asks server A for random products among the first "
                + fmt("%,d", ReadRounds.HOT_SKUS)
                + " SKUs (`GET /products/{sku}`, answered from its near cache), then for the admin"
                + " port's `/ping`, the HTTP stack with nothing behind it; " + ReadRounds.CONNECTIONS
                + " connections, wrk's 2 threads,"
                + " unmeasured rounds of both first.");
        md.add(
                "- **Re-loads**: the same SKUs again, over the fresh load: unchanged; a revision with 10% of rows newer and"
                        + " different; a revision with every row newer.");
        md.add(
                "- **" + SuiteResult.STOCK_FEED
                        + "**: after the re-load with every row changed, a stock feed (`sku,stock,updated_at`) for every one of"
                        + " its SKUs, each with a new level and a version newer than the stored one: every row updated, the"
                        + " stock written, the content and price left as they were (checked by a digest of them before and after).");
        md.add(
                "- **4 producers**: four CLIs at once, a quarter of the rows each: disjoint SKU ranges; or the same quarter"
                        + " of the SKUs in four revisions, where the newest must win every SKU whatever the order.");
        md.add(
                "- **" + SuiteResult.SNAPSHOT
                        + "**: the catalog stored by COPY (outside the timing), then the same catalog less every"
                        + " 100th row loaded with `--snapshot`: 99% unchanged, and the missing 1% retired (deleted) when the job completes."
                        + " Its time includes recording the SKUs it carried and the retire; compare it with the unchanged re-load.");
        md.add("- **" + SuiteResult.TWO_SERVERS + "** and **" + SuiteResult.THREE_SERVERS
                + "**: the disjoint producers spread over"
                + " two and three servers sharing PostgreSQL and Redis (producer k to server k mod n).");
        md.add("- **" + SuiteResult.COLD
                + "**: the first load a freshly started server takes (once, not in the runs).");
        md.add("- **" + SuiteResult.BIG + "**: one large catalog through a server of its own, for memory.");
        md.add(
                "- **" + SuiteResult.MANY
                        + "**: 64 producers at once through the SDK, a connection each, on a server of its own"
                        + " with a 256 MB heap and its default configuration; rows with 2 KB descriptions; half on SKUs of their own, half"
                        + " sending revisions of the same SKUs (the newest must win). Producers beyond the per-client stream limit retry."
                        + " Its rows are twice the suite catalog's size, so its rate is not comparable with COPY's; it is here for memory.");
        md.add(
                "- **" + SuiteResult.TINY
                        + "**: the same with rows of about 25 bytes (a SKU, a one-letter name, a currency, a"
                        + " version time), ten times as many each: rows that cost the server tens of times their size in the heap.");
        md.add("");
        return String.join("\n", md);
    }

    /** The targets as plain lines, for the console. */
    static String summary(SuiteResult r) {
        List<String> lines = new ArrayList<>();
        for (SuiteResult.Target t : r.targets()) {
            lines.add(fmt("%-60s %-22s %-18s %s", t.what(), t.goal(), t.measured(), t.met() ? "met" : "NOT MET"));
        }
        lines.add(fmt(
                "%d checks passed, %d failed%s",
                r.checksPassed(),
                r.failures().size(),
                r.failures().isEmpty() ? "" : ": " + String.join("; ", r.failures())));
        return String.join("\n", lines);
    }

    private static void readRow(List<String> md, String what, List<Wrk.Round> rounds) {
        md.add(fmt(
                "| %s | %,.0f | %s | %s | %s |",
                what,
                Wrk.medianRate(rounds),
                runs(rounds.stream().map(Wrk.Round::perSecond).toList(), "%,.0f"),
                runs(rounds.stream().map(w -> w.p50Micros() / 1000).toList(), "%.1f"),
                runs(rounds.stream().map(w -> w.p99Micros() / 1000).toList(), "%.1f")));
    }

    private static long rowsPerRun(Scenario s, SuiteResult r) {
        return s.rows == 0
                ? (s.name.equals(SuiteResult.NAIVE) ? r.naiveRows() : r.rows())
                : s.rows / s.rowsPerSecond.size();
    }

    private static String runs(List<Double> values, String format) {
        return String.join(", ", values.stream().map(v -> fmt(format, v)).toList());
    }

    private static String shorten(String sql) {
        String oneLine = sql.replace('|', '/');
        return oneLine.length() <= 110 ? oneLine : oneLine.substring(0, 107) + "...";
    }
}
