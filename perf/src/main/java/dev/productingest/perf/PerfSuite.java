package dev.productingest.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole benchmark suite in one run: every scenario end to end (CLI producers in their own JVMs, gRPC over a real
 * socket, the server jar in its own JVM), against COPY, PostgreSQL's own upsert (COPY into a temporary table, one
 * INSERT ... ON CONFLICT), a plain JDBI batch and a naive row-by-row upsert on the same database and table, alternating
 * within each run. Writes perf/RESULTS.md and a PNG chart, and fails if any load left the wrong rows behind.
 */
@Command(name = "perf-suite", mixinStandardHelpOptions = true)
public final class PerfSuite implements Callable<Integer> {
    @Option(
            names = "--quick",
            description = "small sizes (under 2 minutes): checks the harness, not the service's speed")
    boolean quick;

    @Option(names = "--rows", description = "rows per scenario (default 1,000,000; quick 20,000)")
    Long rows;

    @Option(names = "--runs", description = "runs of every scenario (default 3; quick 2)")
    Integer runs;

    @Option(names = "--big-rows", description = "rows of the memory scenario (default 10,000,000; quick 100,000)")
    Long bigRows;

    @Option(
            names = "--many-rows",
            description =
                    "rows each of the 64 producers of 2 KB rows sends in the many-producers scenario, ten times as many of 25 bytes (default 2,000; quick 200)")
    Integer manyRows;

    @Option(names = "--naive-rows", description = "rows the row-by-row baseline writes (default 20,000; quick 2,000)")
    Long naiveRows;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--server-heap", defaultValue = "256m", description = "the server's -Xmx")
    String serverHeap;

    @Option(names = "--client-heap", defaultValue = "128m", description = "each CLI producer's -Xmx")
    String clientHeap;

    @Option(names = "--big-client-heap", defaultValue = "64m", description = "the CLI's -Xmx in the memory scenario")
    String bigClientHeap;

    @Option(names = "--out", description = "the report (default perf/RESULTS.md); the chart goes beside it")
    Path out;

    @Option(
            names = "--work",
            description =
                    "generated catalogs, databases and logs (default perf/target/suite; with --soak, perf/target/soak)")
    Path work;

    @Option(
            names = "--soak",
            description =
                    "runs only the soak, for this long (30m, 2m, 90s): every kind of load, readers, watchers"
                            + " and page viewers at once, Redis and PostgreSQL restarted; its section of --out and soak.png beside it")
    String soak;

    @Spec
    CommandSpec spec;

    SuiteResult result;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PerfSuite()).execute(args));
    }

    /** The command that reproduces this run, for the report. */
    private String command() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "mvn -B install -DskipTests && mvn -q -B -pl perf exec:java"
                + (args.isEmpty() ? "" : " -Dexec.args=\"" + String.join(" ", args) + "\"");
    }

    @Override
    public Integer call() throws Exception {
        Path repo = Bench.repoRoot();
        if (soak != null) {
            return SoakCommand.run(
                            repo,
                            io.dropwizard.util.Duration.parse(soak).toJavaDuration(),
                            work,
                            out,
                            SoakCommand.command(
                                    spec.commandLine().getParseResult().originalArgs()))
                    ? 0
                    : 1;
        }
        long catalogRows = rows != null ? rows : quick ? 20_000 : 1_000_000;
        int runCount = runs != null ? runs : quick ? 2 : 3;
        long bigLoadRows = bigRows != null ? bigRows : quick ? 100_000 : 10_000_000;
        long naiveCount = Math.min(catalogRows, naiveRows != null ? naiveRows : quick ? 2_000 : 20_000);
        int manyProducerRows = manyRows != null ? manyRows : quick ? 200 : 2_000;
        Path dir = Files.createDirectories((work != null ? work : repo.resolve("perf/target/suite")).toAbsolutePath());
        Path report = (out != null ? out : repo.resolve("perf/RESULTS.md")).toAbsolutePath();
        result = new SuiteRun(
                        repo,
                        dir,
                        new SuiteSettings(
                                quick,
                                catalogRows,
                                runCount,
                                bigLoadRows,
                                naiveCount,
                                manyProducerRows,
                                seed,
                                serverHeap,
                                clientHeap,
                                bigClientHeap))
                .run();
        Path chart = report.resolveSibling("results.png");
        // The soak's section, from a run of its own, stays.
        String soakSection = Files.exists(report) ? SoakReport.sectionOf(Files.readString(report)) : "";
        String markdown =
                SuiteReport.markdown(result, command(), chart.getFileName().toString());
        Files.writeString(report, soakSection.isEmpty() ? markdown : SoakReport.withSection(markdown, soakSection));
        SuiteChart.write(result, chart);
        System.out.println(SuiteReport.summary(result));
        Bench.log("wrote %s and %s", report, chart);
        return result.failures().isEmpty() ? 0 : 1;
    }
}
