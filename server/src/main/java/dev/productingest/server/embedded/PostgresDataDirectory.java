package dev.productingest.server.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The embedded PostgreSQL's data directory as far as who may connect: its superuser's password,
 * kept in the file {@code password} (owner only), and the client authentication file
 * ({@code pg_hba.conf}), which the server writes anew at every start.
 */
final class PostgresDataDirectory {
    static final String PASSWORD_FILE = "password";

    /** Where a directory stands, read before the server starts. */
    enum State {
        /** Not initialized yet: initdb sets the password as it makes the directory. */
        NEW,
        /** Made by a version that let every local user in without a password: converted at this start. */
        TRUSTING,
        /** Asks every connection for the password. */
        PROTECTED
    }

    private static final String PASSWORDS_ONLY = """
            # Written by product-ingest at every start of its embedded PostgreSQL: every connection, over
            # loopback TCP or this machine's Unix socket, gives the password kept in the file "password"
            # beside this one. Edits here are overwritten.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    // zonky's start checks readiness by connecting as postgres to the database postgres; nothing else gets in meanwhile.
    private static final String CONVERTING = """
            # Written by product-ingest while it sets a password on a directory made without one: the
            # postgres user, on loopback, to the postgres database, until the password is set.
            host postgres postgres 127.0.0.1/32 trust
            host postgres postgres ::1/128 trust
            """;

    private final Path dir;

    PostgresDataDirectory(Path dir) {
        this.dir = dir;
    }

    State state() throws IOException {
        // zonky runs initdb when postgresql.conf is missing; the same test here agrees with it.
        if (!Files.exists(dir.resolve("postgresql.conf"))) {
            return State.NEW;
        }
        Path hba = dir.resolve("pg_hba.conf");
        boolean trusting = Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .anyMatch(rule -> Arrays.asList(rule.split("\\s+")).contains("trust"));
        return trusting ? State.TRUSTING : State.PROTECTED;
    }

    Path path() {
        return dir;
    }

    Path passwordFile() {
        return dir.resolve(PASSWORD_FILE);
    }

    /** The password of a protected directory; fails, saying what to do, when its file is gone. */
    String password() throws IOException {
        if (!Files.exists(passwordFile())) {
            throw new IOException("The embedded PostgreSQL in " + dir + " asks for a password, and the file that kept it, "
                    + passwordFile() + ", is gone: put the file back, or move the directory away to start with an empty database");
        }
        return PrivateFiles.readPassword(passwordFile());
    }

    /** Keeps the password (initdb set it on a new directory) and lets only connections that give it in. */
    void allowPasswordsOnly(String password) {
        try {
            if (!Files.exists(passwordFile())) {
                PrivateFiles.writePassword(passwordFile(), password);
            }
            Files.writeString(dir.resolve("pg_hba.conf"), PASSWORDS_ONLY, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the postgres user in on loopback without a password, for the start that sets it. */
    void allowConversion() {
        try {
            Files.writeString(dir.resolve("pg_hba.conf"), CONVERTING, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
