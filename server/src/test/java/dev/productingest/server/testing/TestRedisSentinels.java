package dev.productingest.server.testing;

import dev.productingest.server.redis.RedisFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisSentinel;

/**
 * A master, its replica and three sentinels (quorum two) for a test class, from the embedded Redis binaries. A master
 * is down after a second of silence, so a killed one fails over in seconds. One password guards them all: the nodes and
 * the sentinels ask for it, and give it to each other.
 */
public final class TestRedisSentinels implements RedisTopology, BeforeAllCallback, AfterAllCallback {
    public static final String MASTER_NAME = "product-ingest";
    private static final String[] NODE_SETTINGS = {"save \"\"", "appendonly no"};

    private final String password = RedisNode.newPassword();
    private final List<RedisNode> nodes = new ArrayList<>();
    private final List<RedisSentinel> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        RedisNode master = RedisNode.start(password, NODE_SETTINGS);
        nodes.add(master);
        nodes.add(
                RedisNode.start(password, NODE_SETTINGS[0], NODE_SETTINGS[1], "replicaof 127.0.0.1 " + master.port()));
        for (int i = 0; i < 3; i++) {
            int port = RedisNode.freePortWithBus();
            RedisSentinel sentinel = RedisSentinel.newRedisSentinel()
                    .port(port)
                    .configFile(sentinelConfig(master.port()).toString())
                    .build();
            sentinel.start();
            sentinels.add(sentinel);
            sentinelPorts.add(port);
        }
        Conditions.await(
                "every sentinel knows the replica and the other sentinels",
                Duration.ofSeconds(60),
                () -> sentinelPorts.stream().allMatch(port -> {
                    try (Jedis sentinel = sentinel(port)) {
                        String info = sentinel.info("sentinel");
                        return info.contains("status=ok") && info.contains("slaves=1") && info.contains("sentinels=3");
                    }
                }));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (RedisSentinel sentinel : sentinels) {
            try {
                sentinel.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        nodes.forEach(RedisNode::stop);
    }

    /** The URL the server takes with {@code redis.sentinelMaster}: every sentinel's address, with the password. */
    public String url() {
        return sentinelPorts.stream()
                .map(port -> "redis://:" + password + "@127.0.0.1:" + port)
                .collect(Collectors.joining(","));
    }

    /** The node the sentinels name master now. */
    public RedisNode master() {
        int port;
        try (Jedis sentinel = sentinel(sentinelPorts.get(0))) {
            port = Integer.parseInt(
                    sentinel.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
        }
        return nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow();
    }

    /**
     * A sentinel's configuration, in a file only its owner reads (it holds the password; the sentinel rewrites it as it
     * learns the topology): the master to watch, how soon it is down, and the password it gives the nodes and the other
     * sentinels and asks of its own clients.
     */
    private Path sentinelConfig(int masterPort) throws IOException {
        Path file = Files.createTempFile("product-ingest-test-sentinel", ".conf");
        file.toFile().deleteOnExit();
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "bind 127.0.0.1",
                        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                        "sentinel failover-timeout " + MASTER_NAME + " 5000",
                        "sentinel parallel-syncs " + MASTER_NAME + " 1",
                        "sentinel auth-pass " + MASTER_NAME + " " + password,
                        "sentinel sentinel-pass " + password,
                        "requirepass " + password,
                        ""));
        return file;
    }

    private Jedis sentinel(int port) {
        Jedis sentinel = new Jedis("127.0.0.1", port);
        sentinel.auth(password);
        return sentinel;
    }

    @Override
    public RedisFactory redisConfig() {
        RedisFactory config = new RedisFactory();
        config.setUrl(url());
        config.setSentinelMaster(MASTER_NAME);
        return config;
    }

    /** Kills the master, whichever key is named: under Sentinel one master holds every key. */
    @Override
    public RedisNode killMasterOf(String key) {
        RedisNode killed = master();
        killed.kill();
        return killed;
    }

    /** Waits until the sentinels have promoted the replica and it takes writes. */
    @Override
    public void awaitFailover(RedisNode killed, String key) {
        Conditions.await("the sentinels promote the replica", Duration.ofSeconds(60), () -> {
            RedisNode now = master();
            try (Jedis jedis = now.connect()) {
                return now != killed && jedis.info("replication").contains("role:master");
            }
        });
    }
}
