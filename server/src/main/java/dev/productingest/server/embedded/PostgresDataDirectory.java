package dev.productingest.server.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.postgresql.util.PasswordUtil;

/**
 * The embedded PostgreSQL's data directory as far as who may connect: its superuser's password, kept in the file
 * {@code password} (owner only), and the client authentication file ({@code pg_hba.conf}), which the server writes anew
 * at every start; and the conversion of a directory made without a password.
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
            throw new IOException("The embedded PostgreSQL in " + dir
                    + " asks for a password, and the file that kept it, " + passwordFile()
                    + ", is gone: put the file back, or move the directory away to start with an empty database");
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

    /**
     * Sets the superuser's password on a directory that trusted every local connection, then lets only connections that
     * give it in. PostgreSQL sets it in single-user mode, listening on nothing, from a SCRAM-SHA-256 verifier made
     * here: no moment passes with a port open to a connection without the password, and the password itself reaches no
     * process, argument or log. Runs with the directory locked, before its postmaster starts. The password is set
     * first: a crash before pg_hba.conf is written leaves a directory the next start converts again, never one that
     * asks for a password it does not hold. A directory converted already gets its pg_hba.conf only.
     */
    void convert(String password) {
        try {
            if (state() == State.TRUSTING) {
                String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
                PostgresSingleUser.run(
                        PostgresBinaries.postgresFor(dir), dir, "ALTER ROLE postgres PASSWORD '" + verifier + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        allowPasswordsOnly(password);
    }
}
