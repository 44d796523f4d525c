package dev.productingest.server.embedded;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server run from binaries shipped as a Maven artifact, bound to localhost on a free
 * port, with its snapshot under the data directory so progress survives a restart.
 */
public final class EmbeddedRedisServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final Path dataDirectory;
    private final int port;
    private RedisServer redis;

    private EmbeddedRedisServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static EmbeddedRedisServer start(Path dataDirectory) throws IOException {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        EmbeddedRedisServer server = new EmbeddedRedisServer(dir, freePort());
        server.restart();
        LOG.info("No Redis URL configured: started embedded Redis on port {} with data in {}", server.port, dir);
        return server;
    }

    /** Starts redis-server (again, after {@link #stop()}) on the same port and data. */
    public synchronized void restart() throws IOException {
        redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dataDirectory)
                .setting("save 60 1")
                // Progress and the stats carry a TTL and may be evicted first; nothing here is the only copy.
                .setting("maxmemory 256mb")
                .setting("maxmemory-policy volatile-lru")
                .build();
        redis.start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void stop() throws IOException {
        redis.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
