package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The CLI loading a large generated catalog with its heap capped far below the file's size: that
 * it completes, and the most heap it held after any collection (its own GC log), show whether its
 * memory stays flat.
 */
@Command(name = "client-memory", mixinStandardHelpOptions = true)
public final class ClientMemoryBenchmark implements Callable<Integer> {
    // G1's log line per collection: "... 45M->7M(64M) 3.1ms".
    private static final Pattern AFTER_GC = Pattern.compile("\\d+M->(\\d+)M\\((\\d+)M\\)");

    @Option(names = "--rows", defaultValue = "5000000")
    long rows;

    @Option(names = "--client-heap", defaultValue = "64m", description = "the CLI's -Xmx")
    String clientHeap;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClientMemoryBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path repo = Bench.repoRoot();
        Path work = Files.createDirectories(repo.resolve("perf/target/bench"));
        Path csv = work.resolve("catalog-" + rows + "-" + seed + ".csv");
        if (!Files.exists(csv)) {
            Bench.log("generating %,d rows (seed %d)", rows, seed);
            CatalogFiles.writeProducerCsv(new CatalogGenerator(rows, seed), csv);
        }
        Bench.deleteRecursively(work.resolve("memory-pg"));
        Bench.deleteRecursively(work.resolve("memory-redis"));
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work.resolve("memory-pg"), false);
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(work.resolve("memory-redis"));
        Path gcLog = work.resolve("client-gc.log");
        String report;
        try (ServerProcess server = ServerProcess.start(repo, Bench.createDatabase(pg), redis.url(), work.resolve("memory-server.log"), "1g")) {
            long started = System.nanoTime();
            Process cli = new ProcessBuilder("java", "-Xmx" + clientHeap, "-Xlog:gc:file=" + gcLog, "-jar",
                    repo.resolve("client-sdk/target/product-ingest-cli.jar").toString(), "load", csv.toString(),
                    "--server", "localhost:" + server.grpcPort(), "--job-id", "memory-" + rows)
                    .redirectErrorStream(true).redirectOutput(work.resolve("memory-cli.log").toFile()).start();
            int exit = cli.waitFor();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException("the CLI exited " + exit + ": " + Files.readString(work.resolve("memory-cli.log")));
            }
            long maxAfterGc = 0;
            long collections = 0;
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = AFTER_GC.matcher(line);
                if (m.find()) {
                    collections++;
                    maxAfterGc = Math.max(maxAfterGc, Long.parseLong(m.group(1)));
                }
            }
            report = String.join("\n", List.of(
                    "### Client memory: the CLI loading " + String.format(Locale.ROOT, "%,d", rows) + " rows with -Xmx" + clientHeap + ", "
                            + LocalDate.now(),
                    "",
                    "| file | completed in | rows/s | collections | most heap after a collection |",
                    "|---:|---:|---:|---:|---:|",
                    String.format(Locale.ROOT, "| %,d MB | %.1f s | %,.0f | %d | %d MB |", Files.size(csv) / 1_000_000, seconds, rows / seconds,
                            collections, maxAfterGc), ""));
        } finally {
            redis.stop();
            pg.stop();
        }
        Files.writeString(work.resolve("client-memory.md"), report + "\n");
        System.out.println(report);
        return 0;
    }
}
