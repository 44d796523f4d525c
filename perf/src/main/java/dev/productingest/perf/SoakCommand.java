package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The perf suite's {@code --soak}: the soak alone, on stores of its own; its section of the report, and its chart
 * beside it.
 */
final class SoakCommand {
    private SoakCommand() {}

    /**
     * The command that reproduces a soak, for the report: the modules built in the worktree and the main run on the
     * perf module's classpath, so that nothing is installed into the shared local repository.
     */
    static String command(List<String> args) {
        return "mvn -B -q -pl perf -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=$PWD/perf/target/classpath.txt"
                + " && java -cp perf/target/classes:$(cat perf/target/classpath.txt) dev.productingest.perf.PerfSuite "
                + String.join(" ", args);
    }

    /**
     * @param work the stores' data and the server's log (null: perf/target/soak)
     * @param out the report whose soak section the run writes (null: perf/RESULTS.md)
     * @return whether the soak passed
     */
    static boolean run(Path repo, Duration duration, Path work, Path out, String command) throws Exception {
        Path dir = Files.createDirectories((work != null ? work : repo.resolve("perf/target/soak")).toAbsolutePath());
        Path report = (out != null ? out : repo.resolve("perf/RESULTS.md")).toAbsolutePath();
        Bench.deleteRecursively(dir.resolve("pg"));
        Bench.deleteRecursively(dir.resolve("redis"));
        // Durable, as the embedded default is.
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), true);
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(dir.resolve("redis"));
        SoakResult result;
        try {
            result = new Soak(repo, dir, pg, redis, Bench.createDatabase(pg)).run(SoakPlan.lasting(duration));
        } finally {
            redis.stop();
            pg.stop();
        }
        Path chart = report.resolveSibling("soak.png");
        String section = SoakReport.section(result, command, chart.getFileName().toString());
        Files.writeString(
                report, SoakReport.withSection(Files.exists(report) ? Files.readString(report) : "", section));
        SoakChart.write(result, chart);
        System.out.println(section);
        Bench.log("wrote %s and %s", report, chart);
        return result.passed();
    }
}
