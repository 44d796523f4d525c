package dev.productingest.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Ends a local server process with SIGKILL, as a crash or the OOM killer would: nothing is saved, nothing is closed
 * cleanly.
 */
public final class Kill {
    private Kill() {}

    /**
     * The redis-server listening on this port: Redis writes {@code host:port} into its process title, followed by
     * {@code [cluster]} or {@code [sentinel]} in those modes.
     */
    public static void redisOnPort(int port) {
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").contains("redis-server") && listensOn(title(p), port))
                .toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no redis-server on port " + port);
        }
        for (ProcessHandle redis : found) {
            redis.destroyForcibly();
            redis.onExit().join();
        }
    }

    private static boolean listensOn(String title, int port) {
        return List.of(title.strip().split(" ")).stream().anyMatch(word -> word.endsWith(":" + port));
    }

    /** The process's title as ps shows it: its command line as the process rewrote it. */
    private static String title(ProcessHandle process) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }
}
