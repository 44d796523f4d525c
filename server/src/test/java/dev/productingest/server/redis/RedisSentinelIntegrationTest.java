package dev.productingest.server.redis;

import dev.productingest.server.testing.RedisTopology;
import dev.productingest.server.testing.ServerPair;
import dev.productingest.server.testing.TestRedisSentinels;
import io.dropwizard.testing.ConfigOverride;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two servers over a master and its replica watched by three sentinels ({@code redis.url} lists the sentinels). */
class RedisSentinelIntegrationTest extends RedisTopologyScenarios {
    @RegisterExtension
    @Order(1)
    static final TestRedisSentinels sentinels = new TestRedisSentinels();

    @RegisterExtension
    @Order(2)
    static final ServerPair servers = ServerPair.perClassOver(
            sentinels::url, ConfigOverride.config("redis.sentinelMaster", TestRedisSentinels.MASTER_NAME));

    @Override
    ServerPair servers() {
        return servers;
    }

    @Override
    RedisTopology redis() {
        return sentinels;
    }
}
