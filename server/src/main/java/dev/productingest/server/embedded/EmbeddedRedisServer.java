package dev.productingest.server.embedded;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server run from binaries shipped as a Maven artifact, bound to loopback on a free port, with its
 * snapshot under the data directory so progress survives a restart. Every client gives a password (requirepass): a
 * random one made with the directory and kept in it, in the file {@code password} that only its owner reads, so other
 * users of the machine cannot get in.
 */
public final class EmbeddedRedisServer implements Managed {
    static final String PASSWORD_FILE = "password";
    private static final String SETTINGS_FILE = "redis-server.conf";
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
        LOG.info(
                "No Redis URL configured: started embedded Redis on {}:{} with data in {}, its password in {}",
                HOST,
                server.port,
                dir,
                dir.resolve(PASSWORD_FILE));
        return server;
    }

    /**
     * Starts redis-server (again, after {@link #stop()}) on the same port, data and password. The settings reach it in
     * a file, never on its command line, which every user can list; the file is made in the data directory, which only
     * its owner enters, and deleted once redis-server has read it (it reads it once, at start): the password stays in
     * its own file only, and a server killed at any moment leaves no copy of it outside the data directory.
     */
    public synchronized void restart() throws IOException {
        Path settings = dataDirectory.resolve(SETTINGS_FILE);
        Files.deleteIfExists(settings);
        PrivateFiles.write(
                settings,
                String.join(
                                "\n",
                                "port " + port,
                                "bind " + HOST,
                                "requirepass " + password,
                                "dir " + dataDirectory,
                                "save 60 1",
                                // Progress and the stats carry a TTL and may be evicted first; nothing here is the only
                                // copy.
                                "maxmemory 256mb",
                                "maxmemory-policy volatile-lru")
                        + "\n");
        try {
            redis = new RedisServer(
                    port,
                    List.of(ExecutableProvider.newJarResourceProvider().get().getAbsolutePath(), settings.toString()),
                    false);
            redis.start();
        } finally {
            Files.delete(settings);
        }
    }

    /**
     * The URL clients connect with, the password in it: {@code redis://:password@127.0.0.1:port}, as REDIS_URL takes
     * it.
     */
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
