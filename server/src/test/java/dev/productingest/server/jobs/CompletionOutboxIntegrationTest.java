package dev.productingest.server.jobs;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.TestRedis;
import dev.productingest.server.testing.TestServer;
import dev.productingest.server.testing.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Completion events are owed from the moment a job ends and paid by whichever server is alive: an event its server
 * never sent (it died right after the job's end) is delivered, and a webhook receiver that was down gets the event once
 * it is back.
 */
class CompletionOutboxIntegrationTest {
    private static final List<String> ACCEPTED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static volatile boolean receiverDown;
    // Answers 503 while down; otherwise takes the event and keeps the job id it names.
    private static final WebhookReceiver WEBHOOK = WebhookReceiver.answering(body -> {
        if (receiverDown) {
            REFUSED.incrementAndGet();
            return 503;
        }
        ACCEPTED.add(jobIdOf(body));
        return 204;
    });

    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("progress.webhookUrl", WEBHOOK.url()),
            ConfigOverride.config("progress.webhookAttempts", "20"),
            ConfigOverride.config("progress.webhookFirstBackoff", "20ms"));

    @AfterAll
    static void stopWebhook() {
        WEBHOOK.close();
    }

    @BeforeEach
    void receiverUp() {
        receiverDown = false;
        ACCEPTED.clear();
        REFUSED.set(0);
    }

    private static String jobIdOf(String event) {
        try {
            return ProgressJsonTest.MAPPER.readTree(event).get("jobId").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anEventTheEndingServerNeverSentIsDeliveredByALiveServer() {
        IngestCall.load(server.asyncStub(), "owed", catalog(100, 0));
        Conditions.await("the webhook takes the job's event", () -> ACCEPTED.contains("owed"));
        Conditions.await("the event is recorded as sent", () -> owedEvents("owed") == 0);

        List<String> published = new CopyOnWriteArrayList<>();
        RedissonClient redis = redis();
        try {
            redis.getTopic(server.namespace() + ":jobs-completed", StringCodec.INSTANCE)
                    .addListener(String.class, (channel, message) -> published.add(message));
            // What a server that died between ending the job and telling anyone leaves behind.
            server.jdbi()
                    .useHandle(
                            h -> h.execute("UPDATE ingest_jobs SET event_published_at = NULL, event_posted_at = NULL,"
                                    + " event_attempts = 0, event_not_before = NULL WHERE job_id = 'owed'"));

            Conditions.await(
                    "the owed event reaches the webhook again",
                    () -> ACCEPTED.stream().filter("owed"::equals).count() == 2);
            Conditions.await("and the topic", () -> published.stream().anyMatch(m -> m.contains("\"jobId\":\"owed\"")));
            Conditions.await("and is recorded as sent", () -> owedEvents("owed") == 0);
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void aWebhookReceiverThatWasDownGetsTheEventWhenItIsBack() {
        receiverDown = true;
        IngestCall.load(server.asyncStub(), "while-down", catalog(10, 0));
        Conditions.await("the receiver refuses the event twice", () -> REFUSED.get() >= 2);
        assertThat(owedEvents("while-down")).isEqualTo(1);

        receiverDown = false;
        Conditions.await("the receiver takes the event", () -> ACCEPTED.contains("while-down"));
        Conditions.await("the event is recorded as sent", () -> owedEvents("while-down") == 0);
        assertThat(ACCEPTED).containsOnlyOnce("while-down");
    }

    private static long owedEvents(String jobId) {
        return server.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM ingest_jobs WHERE job_id = :id"
                                + " AND (event_published_at IS NULL OR event_posted_at IS NULL)")
                        .bind("id", jobId)
                        .mapTo(Long.class)
                        .one());
    }

    private static RedissonClient redis() {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.server().url());
        return Redisson.create(config);
    }
}
