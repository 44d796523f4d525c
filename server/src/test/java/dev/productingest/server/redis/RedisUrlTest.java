package dev.productingest.server.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.config.Config;

class RedisUrlTest {
    @Test
    void aServerWithoutPasswordIsItsAddress() {
        RedisUrl url = RedisUrl.parse("redis://cache.internal:6379");
        assertThat(url.nodes()).containsExactly("redis://cache.internal:6379");
        assertThat(url.password()).isNull();
        assertThat(url.username()).isNull();
    }

    @Test
    void thePasswordIsTakenOutOfTheAddress() {
        RedisUrl url = RedisUrl.parse("redis://:s3cret@cache.internal:6380");
        assertThat(url.nodes()).containsExactly("redis://cache.internal:6380");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.username()).isNull();
    }

    @Test
    void anAclUserComesWithItsPassword() {
        RedisUrl url = RedisUrl.parse("rediss://ingest:s3cret@cache.internal:6380");
        assertThat(url.nodes()).containsExactly("rediss://cache.internal:6380");
        assertThat(url.username()).isEqualTo("ingest");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void aPercentEncodedPasswordIsDecodedAndAPlusIsKept() {
        assertThat(RedisUrl.parse("redis://:a%40b%3Ac+d@h:1").password()).isEqualTo("a@b:c+d");
    }

    @Test
    void aPasswordOnTheFirstNodeServesEveryNode() {
        RedisUrl url = RedisUrl.parse("redis://:pw@h1:7000, redis://h2:7001,redis://:pw@h3:7002");
        assertThat(url.nodes()).containsExactly("redis://h1:7000", "redis://h2:7001", "redis://h3:7002");
        assertThat(url.password()).isEqualTo("pw");
    }

    @Test
    void nodesWithDifferentPasswordsAreRefused() {
        assertThatThrownBy(() -> RedisUrl.parse("redis://:one@h1:7000,redis://:two@h2:7001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one user and password")
                .hasMessageNotContaining("one@")
                .hasMessageNotContaining("two");
    }

    @Test
    void aPortLeftOutIsRedisDefault() {
        assertThat(RedisUrl.parse("redis://h").nodes()).containsExactly("redis://h:6379");
    }

    @Test
    void aMalformedUrlIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> RedisUrl.parse("http://:s3cret@h:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://:password@host:port")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisUrl.parse("redis://:s3c ret@h:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encoded")
                .hasMessageNotContaining("s3c");
    }

    @Test
    void itsTextNeverShowsThePassword() {
        assertThat(RedisUrl.parse("redis://:s3cret@h:1").toString())
                .doesNotContain("s3cret")
                .contains("h:1");
    }

    @Test
    void redissonGetsThePasswordForEveryTopology() {
        RedisFactory factory = new RedisFactory();
        Config single = factory.config("redis://:pw@h:6379");
        assertThat(single.useSingleServer().getAddress()).isEqualTo("redis://h:6379");
        assertThat(single.getPassword()).isEqualTo("pw");

        Config cluster = factory.config("redis://:pw@h1:7000,redis://h2:7001");
        assertThat(cluster.useClusterServers().getNodeAddresses())
                .isEqualTo(List.of("redis://h1:7000", "redis://h2:7001"));
        assertThat(cluster.getPassword()).isEqualTo("pw");

        factory.setSentinelMaster("main");
        Config sentinels = factory.config("redis://:pw@s1:26379,redis://:pw@s2:26379");
        assertThat(sentinels.useSentinelServers().getSentinelAddresses())
                .isEqualTo(List.of("redis://s1:26379", "redis://s2:26379"));
        assertThat(sentinels.getPassword()).isEqualTo("pw");
    }
}
