package dev.productingest.server.embedded;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's single-user mode: one backend on the data directory and no postmaster, so nothing listens and no one
 * else can connect while it runs. The statement reaches it on its standard input, never on its command line, which
 * every user of the machine can list.
 */
final class PostgresSingleUser {
    private PostgresSingleUser() {}

    /** Runs one statement, on one line, as the postgres superuser in the database postgres. */
    static void run(Path postgres, Path dataDirectory, String statement) throws IOException {
        if (statement.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("single-user mode ends a statement at a line's end");
        }
        List<String> command = new ArrayList<>();
        // As zonky runs its programs: PostgreSQL refuses to run as root, and root in a new user namespace is no one.
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(
                postgres.toString(),
                "--single",
                "-D",
                dataDirectory.toString(),
                // An error fails the exit code, not only the output, and the statement is never written to the output.
                "-c",
                "exit_on_error=on",
                "-c",
                "log_min_error_statement=panic",
                "postgres"));
        Process backend = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = backend.getOutputStream()) {
            in.write((statement + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(backend.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit;
        try {
            exit = backend.waitFor();
        } catch (InterruptedException e) {
            backend.destroy();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while PostgreSQL worked on " + dataDirectory);
        }
        if (exit != 0) {
            throw new IOException("PostgreSQL, run on " + dataDirectory + " alone, failed with exit code " + exit + ": "
                    + output.strip());
        }
    }
}
