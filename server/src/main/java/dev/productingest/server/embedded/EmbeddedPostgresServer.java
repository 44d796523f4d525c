package dev.productingest.server.embedded;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from binaries shipped as a Maven artifact, so the service and its tests need nothing
 * installed. The data directory survives restarts. It listens on loopback only, and every connection gives the
 * superuser's password: a random one made with the directory and kept in it ({@link PostgresDataDirectory}), so other
 * users of the machine cannot get in.
 */
public final class EmbeddedPostgresServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String USER = "postgres";
    private static final String HOST = "127.0.0.1";
    private static final int ROLES_NAMED = 20;

    private final Path dataDirectory;
    private final String password;
    private final EmbeddedPostgres.Builder builder;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres.Builder builder, Path dataDirectory, String password) {
        this.builder = builder;
        this.dataDirectory = dataDirectory;
        this.password = password;
    }

    /**
     * A durable server: every commit reaches the disk, as data kept across restarts must.
     *
     * @param connectionProperties what each of this class's own connections to it carries (the check that it started,
     *     the setting of a password), as the service's sessions do
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, Map<String, String> connectionProperties)
            throws IOException {
        return start(dataDirectory, true, Map.of(), connectionProperties);
    }

    /**
     * @param durable false turns fsync and synchronous commit off (the embedded library's own defaults): for tests and
     *     benchmarks, whose data is thrown away and which must not wait on the disk for every commit
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) throws IOException {
        return start(dataDirectory, durable, Map.of());
    }

    /** @param settings more server settings, such as the statistics modules a benchmark preloads */
    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable, Map<String, String> settings)
            throws IOException {
        return start(dataDirectory, durable, settings, Map.of());
    }

    private static EmbeddedPostgresServer start(
            Path dataDirectory, boolean durable, Map<String, String> settings, Map<String, String> connectionProperties)
            throws IOException {
        Path dir = PrivateFiles.directory(dataDirectory.toAbsolutePath().normalize());
        PostgresDataDirectory data = new PostgresDataDirectory(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(PostgresBinaries.directory().toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", HOST)
                // Sized for ingest: large batches write much WAL; checkpoints every few seconds cost more than they
                // save.
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off");
        settings.forEach(builder::setServerConfig);
        connectionProperties.forEach(builder::setConnectConfig);

        EmbeddedPostgresServer server = switch (data.state()) {
            case NEW -> startNew(builder, data);
            case TRUSTING -> convert(builder, data, connectionProperties);
            case PROTECTED -> startProtected(builder, data, data.password());
        };
        LOG.info(
                "No database URL configured: started embedded PostgreSQL on {}:{} with data in {}, its password in {}",
                HOST,
                server.port(),
                dir,
                data.passwordFile());
        return server;
    }

    /**
     * initdb sets the password as it makes the directory (no moment passes without one), from a file of its own: the
     * password file cannot be in the directory yet, which initdb wants empty. zonky passes its "locale" settings to
     * initdb as {@code --key=value}.
     */
    private static EmbeddedPostgresServer startNew(EmbeddedPostgres.Builder builder, PostgresDataDirectory data)
            throws IOException {
        String password = PrivateFiles.newPassword();
        // A new temporary file is its owner's alone (POSIX 0600).
        Path initdbPassword = Files.createTempFile("product-ingest-initdb", ".password");
        try {
            Files.writeString(initdbPassword, password);
            builder.setLocaleConfig("pwfile", initdbPassword.toString());
            return startProtected(builder, data, password);
        } finally {
            Files.deleteIfExists(initdbPassword);
        }
    }

    private static EmbeddedPostgresServer startProtected(
            EmbeddedPostgres.Builder builder, PostgresDataDirectory data, String password) throws IOException {
        // zonky's start waits until it can connect as postgres, with these connection settings.
        builder.setConnectConfig("password", password)
                .setDataDirectoryCustomizer(dir -> data.allowPasswordsOnly(password));
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder, data.path(), password);
        server.postgres = builder.start();
        return server;
    }

    /**
     * A directory made without a password gets one before any postmaster runs on it (see
     * {@link PostgresDataDirectory#convert}): zonky calls the customizer with the directory locked and its programs
     * unpacked, just before it starts the postmaster. Every local user could do anything there until now, and what they
     * did stays: a warning says so, naming the roles besides postgres that can log in, which asking for the superuser's
     * password does not keep out.
     */
    private static EmbeddedPostgresServer convert(
            EmbeddedPostgres.Builder builder, PostgresDataDirectory data, Map<String, String> connectionProperties)
            throws IOException {
        String password = PrivateFiles.readOrCreatePassword(data.passwordFile());
        builder.setConnectConfig("password", password).setDataDirectoryCustomizer(dir -> data.convert(password));
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder, data.path(), password);
        try {
            server.postgres = builder.start();
        } catch (UncheckedIOException e) {
            throw new IOException(
                    "Could not set a password on the embedded PostgreSQL in " + data.path() + " ("
                            + e.getCause().getMessage()
                            + "): set right what it says and start again, or move the directory away to start with an empty database",
                    e.getCause());
        }
        LOG.warn(
                "The embedded PostgreSQL in {} let every local user in as its superuser until this start. It now asks for its password, "
                        + "but whatever another user did there meanwhile stays (roles, functions, settings, programs run through COPY ... TO PROGRAM). "
                        + "{} docs/security.md says how to check the rest; or move the directory away to start with an empty database",
                data.path(),
                server.otherLoginRoles());
        return server;
    }

    /**
     * The roles besides postgres that can log in, the first few by name as JSON strings (a name is anyone's text), and
     * how many.
     */
    private String otherLoginRoles() {
        String sql =
                "SELECT to_json(rolname)::text, count(*) OVER () FROM pg_roles WHERE rolcanlogin AND rolname <> 'postgres' "
                        + "ORDER BY rolname LIMIT " + ROLES_NAMED;
        try (Connection c = DriverManager.getConnection(address("postgres"), USER, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> names = new ArrayList<>();
            long count = 0;
            while (rs.next()) {
                names.add(rs.getString(1));
                count = rs.getLong(2);
            }
            if (names.isEmpty()) {
                return "No role besides postgres can log in.";
            }
            return "Roles besides postgres that can log in, which its password does not keep out: "
                    + String.join(", ", names)
                    + (count > names.size() ? " and " + (count - names.size()) + " more" : "")
                    + "; drop those you did not make (DROP ROLE).";
        } catch (SQLException e) {
            return "The roles that can log in could not be listed (" + e.getMessage() + ").";
        }
    }

    /** The JDBC URL of a database, with the user and password in it, as DATABASE_URL takes them. */
    public String jdbcUrl(String database) {
        return address(database) + "?user=" + USER + "&password=" + password;
    }

    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The JDBC URL of a database, without credentials: see {@link #user()} and {@link #password()}. */
    public String address(String database) {
        return address(port(), database);
    }

    private static String address(int port, String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void stop() throws IOException {
        postgres.close();
    }

    /**
     * Starts the stopped server again, on the same port and data: what a database restart looks like to its clients.
     */
    public synchronized void startAgain() throws IOException {
        builder.setPort(port());
        postgres = builder.start();
    }
}
