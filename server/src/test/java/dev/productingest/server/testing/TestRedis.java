package dev.productingest.server.testing;

import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** One embedded Redis per test JVM; servers of different tests keep apart by namespace. */
public final class TestRedis {
    private static EmbeddedRedisServer server;

    private TestRedis() {}

    public static synchronized EmbeddedRedisServer server() {
        if (server == null) {
            try {
                server = StopOnExit.register(
                        EmbeddedRedisServer.start(Files.createTempDirectory("product-ingest-test-redis")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }
}
