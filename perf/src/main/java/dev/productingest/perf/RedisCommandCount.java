package dev.productingest.perf;

import java.util.Map;
import java.util.TreeMap;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

/** Redis's own count of the commands it ran ({@code INFO commandstats}), per command. */
final class RedisCommandCount implements AutoCloseable {
    private final RedissonClient redis;

    RedisCommandCount(String url) {
        Config config = new Config();
        config.useSingleServer().setAddress(url);
        this.redis = Redisson.create(config);
    }

    /** Calls per command since Redis started, without the INFO calls of this counter. */
    Map<String, Long> now() {
        Map<String, Long> calls = new TreeMap<>();
        redis.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.COMMANDSTATS).forEach((key, value) -> {
            String command = key.replace("cmdstat_", "");
            for (String part : value.split(",")) {
                if (part.startsWith("calls=") && !command.equals("info")) {
                    calls.put(command, Long.parseLong(part.substring("calls=".length())));
                }
            }
        });
        return calls;
    }

    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((command, calls) -> {
            long more = calls - before.getOrDefault(command, 0L);
            if (more > 0) {
                diff.put(command, more);
            }
        });
        return diff;
    }

    @Override
    public void close() {
        redis.shutdown();
    }
}
