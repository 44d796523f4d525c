package dev.productingest.server.redis;

import dev.productingest.server.testing.RedisTopology;
import dev.productingest.server.testing.ServerPair;
import dev.productingest.server.testing.TestRedisCluster;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two servers over a Redis Cluster of three masters with a replica each ({@code redis.url} lists the masters). */
class RedisClusterIntegrationTest extends RedisTopologyScenarios {
    @RegisterExtension
    @Order(1)
    static final TestRedisCluster cluster = new TestRedisCluster();

    @RegisterExtension
    @Order(2)
    static final ServerPair servers = ServerPair.perClassOver(cluster::url);

    @Override
    ServerPair servers() {
        return servers;
    }

    @Override
    RedisTopology redis() {
        return cluster;
    }
}
