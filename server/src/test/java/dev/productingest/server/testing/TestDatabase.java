package dev.productingest.server.testing;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL per test JVM, and a fresh database on it for each server a test starts. */
public final class TestDatabase {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestDatabase() {}

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("product-ingest-test-pg");
                server = StopOnExit.register(EmbeddedPostgresServer.start(dir.resolve("data"), false));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** A new, empty database; its JDBC URL. */
    public static String createDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server().jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return server().jdbcUrl(name);
    }
}
