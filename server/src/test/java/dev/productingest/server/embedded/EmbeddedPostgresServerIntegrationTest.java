package dev.productingest.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.productingest.server.testing.CapturedLog;
import dev.productingest.server.testing.Conditions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL lets in only connections that give its password, on loopback: nobody else on the machine gets
 * the superuser (and with it COPY ... TO PROGRAM) for the asking.
 */
class EmbeddedPostgresServerIntegrationTest {
    private static Path dir;
    private static EmbeddedPostgresServer server;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("product-ingest-embedded-pg-test");
        server = EmbeddedPostgresServer.start(dir.resolve("data"), false);
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop();
        deleteRecursively(dir);
    }

    @Test
    void aConnectionWithoutThePasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(server.address("postgres"), "postgres", null)
                        .close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
    }

    @Test
    void aConnectionWithAWrongPasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                                server.address("postgres"), "postgres", "not-" + server.password())
                        .close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("28P01");
    }

    @Test
    void aConnectionWithThePasswordIsAccepted() throws SQLException {
        assertThat(query(server.address("postgres"), server.password(), "SELECT current_user"))
                .isEqualTo("postgres");
        assertThat(query(server.jdbcUrl(), null, "SELECT 1")).isEqualTo("1");
    }

    @Test
    void itListensOnLoopbackOnly() throws SQLException {
        assertThat(query(server.jdbcUrl(), null, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
    }

    @Test
    void thePasswordIsARandomSecretKeptInAFileOnlyItsOwnerReads() throws IOException {
        Path file = server.dataDirectory().resolve("password");
        assertThat(Files.readString(file).strip()).isEqualTo(server.password()).hasSize(64);
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.dataDirectory())))
                .isEqualTo("rwx------");
    }

    @Test
    void aRestartOverTheSameDirectoryKeepsThePassword(@TempDir Path temp) throws Exception {
        EmbeddedPostgresServer first = EmbeddedPostgresServer.start(temp.resolve("data"), false);
        String password = first.password();
        first.stop();

        EmbeddedPostgresServer again = EmbeddedPostgresServer.start(temp.resolve("data"), false);
        try {
            assertThat(again.password()).isEqualTo(password);
            assertThat(query(again.address("postgres"), password, "SELECT 1")).isEqualTo("1");
        } finally {
            again.stop();
        }
    }

    @Test
    void aDirectoryMadeWithoutAPasswordGetsOneAndKeepsItsData(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");
        madeByAnEarlierVersion(data, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before')");

        EmbeddedPostgresServer converted = EmbeddedPostgresServer.start(data, false);
        try {
            assertThat(Files.readString(data.resolve("password")).strip()).isEqualTo(converted.password());
            assertThat(query(converted.address("postgres"), converted.password(), "SELECT v FROM kept"))
                    .isEqualTo("before");
            assertThat(query(
                            converted.address("postgres"),
                            converted.password(),
                            "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres'"))
                    .isEqualTo("t");
            assertThatThrownBy(() -> DriverManager.getConnection(converted.address("postgres"), "postgres", null)
                            .close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(converted.address("postgres"), "postgres", "wrong")
                            .close())
                    .isInstanceOf(SQLException.class);
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain(" trust");
        } finally {
            converted.stop();
        }
    }

    @Test
    void noConnectionWithoutThePasswordGetsInWhileADirectoryMadeWithoutOneIsConverted(@TempDir Path temp)
            throws Exception {
        Path data = temp.resolve("data");
        madeByAnEarlierVersion(data, "SELECT 1");

        EmbeddedPostgresServer converted;
        try (Intruder intruder = Intruder.watching(data)) {
            converted = EmbeddedPostgresServer.start(data, false);
            Conditions.await("the intruder has reached the converted server", () -> intruder.refusals() > 0);
            intruder.close();
            assertThat(intruder.admissions())
                    .as("connections let in without a password")
                    .isZero();
        }
        try {
            assertThat(query(
                            converted.address("postgres"),
                            converted.password(),
                            "SELECT count(*) FROM pg_roles WHERE rolname = 'intruder'"))
                    .isEqualTo("0");
        } finally {
            converted.stop();
        }
    }

    @Test
    void theRolesBesidesPostgresThatCanLogInToAConvertedDirectoryAreNamedInAWarning(@TempDir Path temp)
            throws Exception {
        Path data = temp.resolve("data");
        madeByAnEarlierVersion(
                data,
                "CREATE ROLE planted LOGIN SUPERUSER PASSWORD 'chosen-by-another-user';"
                        + "CREATE ROLE \"two\nlines\" LOGIN; CREATE ROLE group_only NOLOGIN");

        try (CapturedLog log = CapturedLog.start()) {
            EmbeddedPostgresServer converted = EmbeddedPostgresServer.start(data, false);
            converted.stop();
            assertThat(log.events())
                    .filteredOn(event -> event.contains(" WARN "))
                    .singleElement()
                    .asString()
                    .contains(data.toString())
                    .contains("\"planted\"")
                    .contains("\"two\\nlines\"")
                    .doesNotContain("group_only")
                    .doesNotContain("\"postgres\"");
            assertThat(log.text()).doesNotContain(converted.password());
        }
    }

    @Test
    void aDirectoryThatAskedForThePasswordAlreadyStartsWithoutAWarning(@TempDir Path temp) throws Exception {
        EmbeddedPostgresServer.start(temp.resolve("data"), false).stop();

        try (CapturedLog log = CapturedLog.start()) {
            EmbeddedPostgresServer.start(temp.resolve("data"), false).stop();
            assertThat(log.events()).noneMatch(event -> event.contains(" WARN "));
        }
    }

    @Test
    void aStatementThatFailsInSingleUserModeFailsTheRunWithPostgresqlsReasonAndWithoutTheStatement(@TempDir Path temp)
            throws Exception {
        Path data = temp.resolve("data");
        madeByAnEarlierVersion(data, "SELECT 1");

        assertThatThrownBy(() -> PostgresSingleUser.run(
                        PostgresBinaries.postgresFor(data), data, "ALTER ROLE nobody_here PASSWORD 'not-to-be-shown'"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("role \"nobody_here\" does not exist")
                .hasMessageNotContaining("not-to-be-shown");
    }

    @Test
    void aDirectoryWhosePasswordFileIsGoneIsNotStartedAndSaysWhatToDo(@TempDir Path temp) throws Exception {
        EmbeddedPostgresServer.start(temp.resolve("data"), false).stop();
        Files.delete(temp.resolve("data").resolve("password"));

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(temp.resolve("data"), false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("put the file back");
    }

    /**
     * What earlier versions made: zonky's defaults, every local connection trusted; the statements run as any local
     * user could.
     */
    private static void madeByAnEarlierVersion(Path data, String statements) throws IOException, SQLException {
        try (EmbeddedPostgres trusting = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .start();
                Connection c = trusting.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    private static String query(String url, String password, String sql) throws SQLException {
        try (Connection c = password == null
                        ? DriverManager.getConnection(url)
                        : DriverManager.getConnection(url, "postgres", password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Another local user, who finds the port of every postmaster that runs on the data directory (here from its
     * postmaster.pid; a real one would scan the ports) and tries, again and again, to get in without a password and
     * make a superuser of their own.
     */
    private static final class Intruder extends Thread implements AutoCloseable {
        private final Path pidFile;
        private final AtomicInteger admissions = new AtomicInteger();
        private final AtomicInteger refusals = new AtomicInteger();
        private volatile boolean stopped;

        private Intruder(Path data) {
            super("intruder");
            setDaemon(true);
            this.pidFile = data.resolve("postmaster.pid");
        }

        static Intruder watching(Path data) {
            Intruder intruder = new Intruder(data);
            intruder.start();
            return intruder;
        }

        int admissions() {
            return admissions.get();
        }

        /** Attempts a listening server turned down. */
        int refusals() {
            return refusals.get();
        }

        @Override
        public void run() {
            while (!stopped) {
                int port = postmasterPort();
                if (port > 0) {
                    tryToGetIn(port);
                }
                // An attacker's pace: often enough to meet a window that lasts a fraction of a second.
                LockSupport.parkNanos(1_000_000);
            }
        }

        private void tryToGetIn(int port) {
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2", "postgres", null);
                    Statement s = c.createStatement()) {
                admissions.incrementAndGet();
                s.execute("CREATE ROLE intruder LOGIN SUPERUSER PASSWORD 'chosen-by-the-intruder'");
            } catch (SQLException e) {
                // 08001: nothing listens (yet); anything else is a server's answer.
                if (!"08001".equals(e.getSQLState())) {
                    refusals.incrementAndGet();
                }
            }
        }

        /**
         * The port of a running postmaster; a single-user backend writes its process id negative and listens on
         * nothing.
         */
        private int postmasterPort() {
            try {
                String[] lines = Files.readString(pidFile).split("\n");
                return lines.length > 3 && Long.parseLong(lines[0].strip()) > 0
                        ? Integer.parseInt(lines[3].strip())
                        : 0;
            } catch (IOException | RuntimeException notThereOrHalfWritten) {
                return 0;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            join();
        }
    }
}
