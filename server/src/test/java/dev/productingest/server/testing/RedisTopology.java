package dev.productingest.server.testing;

import dev.productingest.server.redis.RedisFactory;

/** A Redis of several nodes that a test starts: how servers reach it, and the failover of a master. */
public interface RedisTopology {
    /** The Redis configuration a server takes to reach it. */
    RedisFactory redisConfig();

    /**
     * Kills the master holding {@code key} with SIGKILL, as a crashed host would; returns it, for
     * {@link RedisNode#restart()}.
     */
    RedisNode killMasterOf(String key);

    /** Waits until another node has taken over from the killed master and takes writes. */
    void awaitFailover(RedisNode killed, String key);
}
