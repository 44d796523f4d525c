package dev.productingest.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisFactoryTest {

    @Test
    void everyTopologyGetsTheSameFewEventLoopThreads() {
        RedisFactory factory = new RedisFactory();
        assertThat(factory.config("redis://127.0.0.1:6379").getNettyThreads())
                .isEqualTo(RedisFactory.EVENT_LOOP_THREADS);
        assertThat(factory.config("redis://127.0.0.1:7000,redis://127.0.0.1:7001")
                        .getNettyThreads())
                .isEqualTo(RedisFactory.EVENT_LOOP_THREADS);
        factory.setSentinelMaster("primary");
        assertThat(factory.config("redis://127.0.0.1:26379").getNettyThreads())
                .isEqualTo(RedisFactory.EVENT_LOOP_THREADS);
        assertThat(RedisFactory.EVENT_LOOP_THREADS)
                .as("fewer than Redisson's default of 32")
                .isLessThan(32);
    }
}
