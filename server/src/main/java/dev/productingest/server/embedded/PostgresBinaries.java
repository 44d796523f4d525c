package dev.productingest.server.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the PostgreSQL programs are unpacked. zonky's own choice is {@code embedded-pg} in the
 * system's temporary directory, which it makes writable by every user: another user of the machine
 * could put a program of theirs there for this server to run. Here they go in a directory only this
 * user can enter, in the user's cache, where every later start finds them unpacked.
 */
final class PostgresBinaries {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);

    private PostgresBinaries() {
    }

    /** A directory for zonky to unpack into: inside a private one, since zonky opens the one it is given to every user. */
    static Path directory() throws IOException {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "product-ingest");
        try {
            return PrivateFiles.directory(cache).resolve("postgres");
        } catch (IOException e) {
            Path fallback = Files.createTempDirectory("product-ingest-postgres");
            LOG.warn("Could not use {} for the embedded PostgreSQL's programs ({}); unpacking them into {}", cache, e.getMessage(), fallback);
            return fallback.resolve("postgres");
        }
    }
}
