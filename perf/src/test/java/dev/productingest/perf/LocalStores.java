package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL (with the schema) and a Redis of a test class's own, in a temporary directory, for server JVMs the class
 * starts: {@code @RegisterExtension static final LocalStores stores = new LocalStores();}.
 */
final class LocalStores implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private EmbeddedPostgresServer postgres;
    private EmbeddedRedisServer redis;
    private String url;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("product-ingest-perf-test");
        postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), false);
        redis = EmbeddedRedisServer.start(dir.resolve("redis"));
        url = Bench.createDatabase(postgres);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        redis.stop();
        postgres.stop();
        Bench.deleteRecursively(dir);
    }

    /** Where logs and other files of the class go. */
    Path dir() {
        return dir;
    }

    EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** The JDBC URL of the database, schema applied. */
    String url() {
        return url;
    }

    String redisUrl() {
        return redis.url();
    }

    EmbeddedRedisServer redis() {
        return redis;
    }
}
