package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.redis.RedisKeys;
import dev.productingest.server.testing.CapturedLog;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestRedis;
import dev.productingest.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** What a REST caller gets when the server fails, and when it refuses a request: JSON, never the server's internals. */
class ErrorAnswersIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aFailureOfTheServerAnswersJsonWithAnErrorIdThatTheLogNamesItBy() {
        RedissonClient redis = redis();
        String key = new RedisKeys(server.namespace()).stats();
        try (CapturedLog log = CapturedLog.start()) {
            // Stats that are not stats: reading them fails inside the server.
            redis.getBucket(key, StringCodec.INSTANCE).set("not-stats from db-7.internal.example:5432");

            Rest.Response response = Rest.get(server.http() + "/stats");

            assertThat(response.status()).isEqualTo(500);
            String id = response.body().get("errorId").asText();
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(response.body().get("code").asInt()).isEqualTo(500);
            assertThat(response.body().get("message").asText()).contains("the server failed", "error id " + id)
                    .doesNotContain("db-7", "Redis", "CatalogStats", "Exception");
            assertThat(log.events()).filteredOn(event -> event.contains("error id " + id)).singleElement().asString()
                    .contains("not-stats from db-7.internal.example:5432", "IllegalStateException");
        } finally {
            redis.getBucket(key).delete();
            redis.shutdown();
        }
    }

    @Test
    void aRefusedRequestSaysWhatIsWrongWithNoErrorId() {
        Rest.Response refused = Rest.get(server.http() + "/products?limit=5000");
        Rest.Response unknown = Rest.get(server.http() + "/no-such-resource");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asInt()).isEqualTo(400);
        assertThat(refused.body().get("message").asText()).contains("limit 5000 is out of range");
        assertThat(refused.body().has("errorId")).isFalse();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("code").asInt()).isEqualTo(404);
    }

    private static RedissonClient redis() {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.server().url());
        return Redisson.create(config);
    }
}
