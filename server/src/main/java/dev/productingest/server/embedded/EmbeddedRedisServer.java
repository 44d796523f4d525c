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

    private final RedisServer redis;
    private final int port;

    private EmbeddedRedisServer(RedisServer redis, int port) {
        this.redis = redis;
        this.port = port;
    }

    public static EmbeddedRedisServer start(Path dataDirectory) throws IOException {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        int port = freePort();
        RedisServer redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("save 60 1")
                .setting("maxmemory 256mb")
                .setting("maxmemory-policy volatile-lru")
                .build();
        redis.start();
        LOG.info("No Redis URL configured: started embedded Redis on port {} with data in {}", port, dir);
        return new EmbeddedRedisServer(redis, port);
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void stop() throws IOException {
        redis.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
