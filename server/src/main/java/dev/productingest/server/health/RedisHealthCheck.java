package dev.productingest.server.health;

import com.codahale.metrics.health.HealthCheck;
import dev.productingest.server.redis.RedisKeys;
import org.redisson.api.RedissonClient;

/**
 * Healthy while Redis answers. Unhealthy means degraded, not down: ingest goes on and reads fall back to PostgreSQL,
 * but progress and caches are not shared between servers.
 */
public final class RedisHealthCheck extends HealthCheck {
    private final RedissonClient redis;
    private final String probeKey;

    public RedisHealthCheck(RedissonClient redis, RedisKeys keys) {
        this.redis = redis;
        this.probeKey = keys.health();
    }

    @Override
    protected Result check() {
        try {
            redis.getBucket(probeKey).isExists();
            return Result.healthy();
        } catch (RuntimeException e) {
            return Result.unhealthy(
                    "Redis does not answer (%s): ingest goes on and job reads come from PostgreSQL, but servers do not share progress or cache invalidations",
                    e.getMessage());
        }
    }
}
