package dev.productingest.server.testing;

import dev.productingest.server.redis.RedisFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster for a test class: three masters, each with a replica, every slot covered, from the embedded Redis
 * binaries. A second's node timeout, so a killed master fails over in seconds.
 */
public final class TestRedisCluster implements RedisTopology, BeforeAllCallback, AfterAllCallback {
    private static final int SLOTS = 16_384;
    private static final String[] NODE_SETTINGS = {
        "cluster-enabled yes",
        "cluster-config-file nodes.conf",
        "cluster-node-timeout 1000",
        "save \"\"",
        "appendonly no"
    };

    private final String password = RedisNode.newPassword();
    private final List<RedisNode> masters = new ArrayList<>();
    private final List<RedisNode> replicas = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        for (int i = 0; i < 3; i++) {
            masters.add(RedisNode.start(password, NODE_SETTINGS));
            replicas.add(RedisNode.start(password, NODE_SETTINGS));
        }
        RedisNode first = masters.get(0);
        for (int i = 0; i < masters.size(); i++) {
            try (Jedis master = masters.get(i).connect()) {
                if (i > 0) {
                    master.clusterMeet("127.0.0.1", first.port());
                }
                int from = i * SLOTS / masters.size();
                int to = (i + 1) * SLOTS / masters.size();
                master.clusterAddSlots(IntStream.range(from, to).toArray());
            }
        }
        for (int i = 0; i < replicas.size(); i++) {
            String masterId = nodeId(masters.get(i));
            try (Jedis replica = replicas.get(i).connect()) {
                replica.clusterMeet("127.0.0.1", first.port());
                Conditions.await(
                        "the replica on " + replicas.get(i).port() + " knows its master",
                        () -> replica.clusterNodes().contains(masterId));
                replica.clusterReplicate(masterId);
            }
        }
        Conditions.await(
                "every node sees the cluster whole, a replica behind each master",
                Duration.ofSeconds(60),
                () -> all().stream().allMatch(node -> {
                    try (Jedis jedis = node.connect()) {
                        return jedis.clusterInfo().contains("cluster_state:ok") && replicaCount(jedis) == 3;
                    }
                }));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        all().forEach(RedisNode::stop);
    }

    /** The URL the server takes: every master's address, each with the cluster's password. */
    public String url() {
        return masters.stream().map(RedisNode::address).collect(Collectors.joining(","));
    }

    /** The node serving {@code key} now. */
    public RedisNode masterOf(String key) {
        for (RedisNode node : all()) {
            try (Jedis jedis = node.connect()) {
                if (servesAsMaster(jedis, (int) (long) jedis.clusterKeySlot(key))) {
                    return node;
                }
            } catch (RuntimeException killed) {
                // a node killed by the test does not answer
            }
        }
        throw new IllegalStateException("no live master serves " + key);
    }

    @Override
    public RedisFactory redisConfig() {
        RedisFactory config = new RedisFactory();
        config.setUrl(url());
        return config;
    }

    @Override
    public RedisNode killMasterOf(String key) {
        RedisNode killed = masterOf(key);
        killed.kill();
        return killed;
    }

    /** Waits until a replica has taken over from the killed master and the cluster is whole again. */
    @Override
    public void awaitFailover(RedisNode killed, String key) {
        Conditions.await("a replica takes over " + key + " and the cluster is whole", Duration.ofSeconds(60), () -> {
            RedisNode now = masterOf(key);
            try (Jedis jedis = now.connect()) {
                return now != killed && jedis.clusterInfo().contains("cluster_state:ok");
            }
        });
    }

    private List<RedisNode> all() {
        List<RedisNode> all = new ArrayList<>(masters);
        all.addAll(replicas);
        return all;
    }

    private static String nodeId(RedisNode node) {
        try (Jedis jedis = node.connect()) {
            return jedis.clusterMyId();
        }
    }

    /** Live replicas, as this node sees them (CLUSTER NODES: id, address, flags, ...). */
    private static long replicaCount(Jedis jedis) {
        return jedis.clusterNodes()
                .lines()
                .map(line -> line.split(" ")[2])
                .filter(flags -> flags.contains("slave") && !flags.contains("fail"))
                .count();
    }

    /**
     * Whether this node is a master holding the slot (CLUSTER NODES: its own line's flags, then its slot ranges from
     * the ninth field).
     */
    private static boolean servesAsMaster(Jedis jedis, int slot) {
        return jedis.clusterNodes()
                .lines()
                .filter(line -> line.split(" ")[2].contains("myself"))
                .findFirst()
                .map(line -> {
                    String[] fields = line.split(" ");
                    if (!fields[2].contains("master")) {
                        return false;
                    }
                    for (int i = 8; i < fields.length; i++) {
                        String[] range = fields[i].split("-");
                        int from = Integer.parseInt(range[0]);
                        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                        if (slot >= from && slot <= to) {
                            return true;
                        }
                    }
                    return false;
                })
                .orElse(false);
    }
}
