package dev.productingest.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL lets in only connections that give its password, on loopback: nobody else
 * on the machine gets the superuser (and with it COPY ... TO PROGRAM) for the asking.
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
        assertThatThrownBy(() -> DriverManager.getConnection(server.address("postgres"), "postgres", null).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
    }

    @Test
    void aConnectionWithAWrongPasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(server.address("postgres"), "postgres", "not-" + server.password()).close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aConnectionWithThePasswordIsAccepted() throws SQLException {
        assertThat(query(server.address("postgres"), server.password(), "SELECT current_user")).isEqualTo("postgres");
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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.dataDirectory()))).isEqualTo("rwx------");
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
        // What earlier versions made: zonky's defaults, every local connection trusted.
        try (EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
             Connection c = trusting.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before')");
        }

        EmbeddedPostgresServer converted = EmbeddedPostgresServer.start(data, false);
        try {
            assertThat(Files.readString(data.resolve("password")).strip()).isEqualTo(converted.password());
            assertThat(query(converted.address("postgres"), converted.password(), "SELECT v FROM kept")).isEqualTo("before");
            assertThatThrownBy(() -> DriverManager.getConnection(converted.address("postgres"), "postgres", null).close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(converted.address("postgres"), "postgres", "wrong").close())
                    .isInstanceOf(SQLException.class);
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain(" trust");
        } finally {
            converted.stop();
        }
    }

    @Test
    void aDirectoryWhosePasswordFileIsGoneIsNotStartedAndSaysWhatToDo(@TempDir Path temp) throws Exception {
        EmbeddedPostgresServer.start(temp.resolve("data"), false).stop();
        Files.delete(temp.resolve("data").resolve("password"));

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(temp.resolve("data"), false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("put the file back");
    }

    private static String query(String url, String password, String sql) throws SQLException {
        try (Connection c = password == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, "postgres", password);
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
}
