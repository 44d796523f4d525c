package dev.productingest.server.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the PostgreSQL programs are unpacked. zonky's own choice is {@code embedded-pg} in the system's temporary
 * directory, which it makes writable by every user: another user of the machine could put a program of theirs there for
 * this server to run. Here they go in a directory only this user can enter, in the user's cache, where every later
 * start finds them unpacked.
 */
final class PostgresBinaries {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String POSTGRES =
            System.getProperty("os.name").startsWith("Windows") ? "postgres.exe" : "postgres";
    private static final Pattern VERSION = Pattern.compile("\\) (\\d+)\\.(\\d+)");
    private static Path directory;

    private PostgresBinaries() {}

    /**
     * A directory for zonky to unpack into: inside a private one, since zonky opens the one it is given to every user.
     * The same for every start in this JVM, so that {@link #postgresFor} looks where zonky unpacked.
     */
    static synchronized Path directory() throws IOException {
        if (directory == null) {
            Path cache = Path.of(System.getProperty("user.home"), ".cache", "product-ingest");
            try {
                directory = PrivateFiles.directory(cache).resolve("postgres");
            } catch (IOException e) {
                Path fallback = Files.createTempDirectory("product-ingest-postgres");
                LOG.warn(
                        "Could not use {} for the embedded PostgreSQL's programs ({}); unpacking them into {}",
                        cache,
                        e.getMessage(),
                        fallback);
                directory = fallback.resolve("postgres");
            }
        }
        return directory;
    }

    /**
     * The postgres program, among those unpacked, that runs the data directory: of its major version (the file
     * PG_VERSION), the newest. zonky keeps to itself which one it unpacked last, and unpacks each version it is given
     * beside the others; any of the directory's major version reads it.
     */
    static Path postgresFor(Path dataDirectory) throws IOException {
        String major = Files.readString(dataDirectory.resolve("PG_VERSION"), StandardCharsets.UTF_8)
                .strip();
        List<Path> programs;
        try (Stream<Path> unpacked = Files.list(directory())) {
            programs = unpacked.map(dir -> dir.resolve("bin").resolve(POSTGRES))
                    .filter(Files::isExecutable)
                    .toList();
        }
        return programs.stream()
                .flatMap(program -> Unpacked.of(program).stream())
                .filter(unpacked -> unpacked.major().equals(major))
                .max(Comparator.comparingInt(Unpacked::minor))
                .map(Unpacked::program)
                .orElseThrow(() -> new IOException(
                        "The embedded PostgreSQL in " + dataDirectory + " was made by PostgreSQL " + major
                                + ", and no program of that version is unpacked in " + directory
                                + ": start it with the version of product-ingest "
                                + "that made it, or move the directory away to start with an empty database"));
    }

    private record Unpacked(Path program, String major, int minor) {
        /**
         * Its version from {@code postgres --version} ("postgres (PostgreSQL) 17.11"), which runs even as root; none if
         * that fails.
         */
        static Optional<Unpacked> of(Path program) {
            try {
                Process process = new ProcessBuilder(program.toString(), "--version")
                        .redirectErrorStream(true)
                        .start();
                Matcher version =
                        VERSION.matcher(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                return process.waitFor() == 0 && version.find()
                        ? Optional.of(new Unpacked(program, version.group(1), Integer.parseInt(version.group(2))))
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
