package dev.productingest.server.jobs;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.TestRedis;
import dev.productingest.server.testing.TestServer;
import dev.productingest.server.testing.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * One completion event per finished job: on the Redis topic, and one accepted webhook POST, retried after a failure.
 */
class CompletionEventsIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> POSTS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    // Fails every other request with 503, so each job's first POST is retried.
    private static final WebhookReceiver WEBHOOK = WebhookReceiver.answering(body -> {
        boolean fail = REQUESTS.incrementAndGet() % 2 == 1;
        if (!fail) {
            POSTS.add(read(body));
        }
        return fail ? 503 : 204;
    });

    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("progress.webhookUrl", WEBHOOK.url()),
            ConfigOverride.config("progress.webhookFirstBackoff", "20ms"));

    @AfterAll
    static void stopWebhook() {
        WEBHOOK.close();
    }

    @Test
    void eachFinishedJobIsAnnouncedOnceOnTheTopicAndAcceptedOnceByTheWebhook() throws Exception {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.server().url());
        RedissonClient redis = Redisson.create(config);
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        try {
            redis.getTopic(server.namespace() + ":jobs-completed", StringCodec.INSTANCE)
                    .addListener(String.class, (channel, message) -> events.add(read(message)));

            IngestCall.load(server.asyncStub(), "announced-1", catalog(2_500, 0));
            IngestCall.load(server.asyncStub(), "announced-2", catalog(10, 1));

            JsonNode first = events.poll(10, TimeUnit.SECONDS);
            JsonNode second = events.poll(10, TimeUnit.SECONDS);
            assertThat(first.get("jobId").asText()).isEqualTo("announced-1");
            assertThat(first.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(first.get("inserted").asLong()).isEqualTo(2_500);
            assertThat(second.get("jobId").asText()).isEqualTo("announced-2");
            assertThat(second.get("updated").asLong()).isEqualTo(10);
            assertThat(events.poll(500, TimeUnit.MILLISECONDS))
                    .as("no event per batch")
                    .isNull();
        } finally {
            redis.shutdown();
        }

        Conditions.await("both jobs' webhook posts arrive", () -> POSTS.size() >= 2);
        assertThat(POSTS)
                .extracting(p -> p.get("jobId").asText())
                .containsExactlyInAnyOrder("announced-1", "announced-2");
        assertThat(REQUESTS.get())
                .as("each job: one refused POST, one accepted retry")
                .isEqualTo(4);
    }

    private static JsonNode read(String message) {
        try {
            return JSON.readTree(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
