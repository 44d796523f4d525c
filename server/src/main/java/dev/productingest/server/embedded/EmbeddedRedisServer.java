package dev.productingest.server.embedded;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server run from binaries shipped as a Maven artifact, bound to loopback on a free
 * port, with its snapshot under the data directory so progress survives a restart. Every client
 * gives a password (requirepass): a random one made with the directory and kept in it, in the file
 * {@code password} that only its owner reads, so other users of the machine cannot get in.
 */
public final class EmbeddedRedisServer implements Managed {
    static final String PASSWORD_FILE = "password";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);
    private static final String HOST = "127.0.0.1";

    private final Path dataDirectory;
    private final int port;
    private final String password;
    private RedisServer redis;

    private EmbeddedRedisServer(Path dataDirectory, int port, String password) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.password = password;
    }

    public static EmbeddedRedisServer start(Path dataDirectory) throws IOException {
        // The snapshot holds cached products and job progress: the directory is its owner's alone.
        Path dir = PrivateFiles.directory(dataDirectory.toAbsolutePath().normalize());
        String password = PrivateFiles.readOrCreatePassword(dir.resolve(PASSWORD_FILE));
        EmbeddedRedisServer server = new EmbeddedRedisServer(dir, freePort(), password);
        server.restart();
        LOG.info("No Redis URL configured: started embedded Redis on {}:{} with data in {}, its password in {}",
                HOST, server.port, dir, dir.resolve(PASSWORD_FILE));
        return server;
    }

    /** Starts redis-server (again, after {@link #stop()}) on the same port, data and password. */
    public synchronized void restart() throws IOException {
        // The settings go to redis-server in a temporary file only its owner reads, never on its command line.
        redis = RedisServer.newRedisServer()
                .port(port)
                .bind(HOST)
                .setting("requirepass " + password)
                .setting("dir " + dataDirectory)
                .setting("save 60 1")
                // Progress and the stats carry a TTL and may be evicted first; nothing here is the only copy.
                .setting("maxmemory 256mb")
                .setting("maxmemory-policy volatile-lru")
                .build();
        redis.start();
    }

    /** The URL clients connect with, the password in it: {@code redis://:password@127.0.0.1:port}, as REDIS_URL takes it. */
    public String url() {
        return "redis://:" + password + "@" + HOST + ":" + port;
    }

    public String password() {
        return password;
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
