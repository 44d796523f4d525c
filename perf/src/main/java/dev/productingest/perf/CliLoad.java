package dev.productingest.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line tool loading a CSV file, in its own JVM with a capped heap and a GC log, as a producer runs it.
 * Several start together for concurrent producers.
 */
final class CliLoad {
    private final Process process;
    private final Path log;
    private final Path gcLog;

    private CliLoad(Process process, Path log, Path gcLog) {
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
    }

    /** @param options more options of {@code load}, such as {@code --snapshot} */
    static CliLoad start(Path repo, Path work, String server, Path csv, String jobId, String heap, List<String> options)
            throws IOException {
        Path jar = repo.resolve("client-sdk/target/product-ingest-cli.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with mvn -B install -DskipTests");
        }
        Path log = work.resolve("cli-" + jobId + ".log");
        Path gcLog = work.resolve("cli-" + jobId + ".gc");
        List<String> command = Bench.java(heap, gcLog);
        command.addAll(List.of("-jar", jar.toString(), "load", csv.toString(), "--server", server, "--job-id", jobId));
        command.addAll(options);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new CliLoad(p, log, gcLog);
    }

    /** Waits for every load; fails with the tool's own output if one did not succeed. */
    static GcLog awaitAll(List<CliLoad> loads) throws IOException, InterruptedException {
        GcLog heap = GcLog.NONE;
        List<String> failures = new ArrayList<>();
        for (CliLoad load : loads) {
            if (load.process.waitFor() != 0) {
                failures.add("the CLI exited " + load.process.exitValue() + ": " + Files.readString(load.log));
            } else {
                heap = heap.max(GcLog.read(load.gcLog));
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("\n", failures));
        }
        return heap;
    }
}
