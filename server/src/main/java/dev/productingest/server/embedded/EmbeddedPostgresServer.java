package dev.productingest.server.embedded;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from binaries shipped as a Maven artifact, so the service and its
 * tests need nothing installed. The data directory survives restarts.
 */
public final class EmbeddedPostgresServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final Path dataDirectory;
    private final EmbeddedPostgres.Builder builder;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres.Builder builder, Path dataDirectory) throws IOException {
        this.builder = builder;
        this.dataDirectory = dataDirectory;
        this.postgres = builder.start();
    }

    /** A durable server: every commit reaches the disk, as data kept across restarts must. */
    public static EmbeddedPostgresServer start(Path dataDirectory) throws IOException {
        return start(dataDirectory, true);
    }

    /**
     * @param durable false turns fsync and synchronous commit off (the embedded library's own
     *     defaults): for tests and benchmarks, whose data is thrown away and which must not wait on
     *     the disk for every commit
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) throws IOException {
        return start(dataDirectory, durable, Map.of());
    }

    /** @param settings more server settings, such as the statistics modules a benchmark preloads */
    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable, Map<String, String> settings) throws IOException {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // Sized for ingest: large batches write much WAL; checkpoints every few seconds cost more than they save.
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off");
        settings.forEach(builder::setServerConfig);
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder, dir);
        LOG.info("No database URL configured: started embedded PostgreSQL on port {} with data in {}", server.port(), dir);
        return server;
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public String jdbcUrl() {
        return jdbcUrl("postgres");
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

    /** Starts the stopped server again, on the same port and data: what a database restart looks like to its clients. */
    public synchronized void startAgain() throws IOException {
        builder.setPort(port());
        postgres = builder.start();
    }
}
