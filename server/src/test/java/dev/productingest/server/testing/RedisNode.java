package dev.productingest.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * One redis-server of a test topology, from the embedded Redis binaries, on loopback with a data directory of its own
 * (a cluster node keeps its identity there across a kill and restart). Like the embedded Redis, it asks every client
 * for a password: the topology's, which its replicas also give their masters.
 */
public final class RedisNode {
    private final int port;
    private final Path dir;
    private final String password;
    private final List<String> settings;
    private RedisServer server;

    private RedisNode(int port, Path dir, String password, List<String> settings) {
        this.port = port;
        this.dir = dir;
        this.password = password;
        this.settings = settings;
    }

    /** Starts a node on a free port whose cluster bus port (the port + 10000) is free too. */
    public static RedisNode start(String password, String... settings) {
        try {
            RedisNode node = new RedisNode(
                    freePortWithBus(),
                    Files.createTempDirectory("product-ingest-test-redis-node"),
                    password,
                    List.of(settings));
            node.restart();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the node again, after {@link #kill()}, on its port and data. */
    public synchronized void restart() {
        RedisServerBuilder builder = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("requirepass " + password)
                .setting("masterauth " + password);
        settings.forEach(builder::setting);
        try {
            server = builder.build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the process with SIGKILL, as a crashed host would. */
    public void kill() {
        Kill.redisOnPort(port);
    }

    public synchronized void stop() {
        try {
            server.stop();
        } catch (IOException | RuntimeException alreadyGone) {
            // killed by the test
        }
    }

    public int port() {
        return port;
    }

    /** The node's URL, with the password in it. */
    public String address() {
        return "redis://:" + password + "@127.0.0.1:" + port;
    }

    /** A plain connection to this node, signed in, for setting up the topology and looking at it. */
    public Jedis connect() {
        Jedis jedis = new Jedis("127.0.0.1", port);
        jedis.auth(password);
        return jedis;
    }

    /** A password for the nodes of a new topology. */
    public static String newPassword() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A free loopback port whose cluster bus port (the port + 10000) is free too. */
    static int freePortWithBus() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try (ServerSocket s = new ServerSocket(port, 1, loopback);
                    ServerSocket bus = new ServerSocket(port + 10_000, 1, loopback)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port with a free cluster bus port between 20000 and 30000");
    }
}
