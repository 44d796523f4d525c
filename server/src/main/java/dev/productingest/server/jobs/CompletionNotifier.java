package dev.productingest.server.jobs;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.productingest.server.logging.LogText;
import dev.productingest.server.redis.RedisKeys;
import dev.productingest.server.store.CompletionOutbox;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event per finished job: its summary on a Redis topic, and when a webhook is configured, a POST of the same JSON.
 * At least once: the event is owed from the moment the job ends (the {@link CompletionOutbox}, in the job's own row),
 * and any live server delivers what is owed, a part at a time, so the event survives the server that ended the job
 * dying right after. A receiver may see an event twice (a server that died mid-delivery) and de-duplicates by job id.
 * The webhook is tried {@code attempts} times with doubling waits; the topic until Redis takes it.
 */
public final class CompletionNotifier implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionNotifier.class);
    private static final int EVENTS_PER_SWEEP = 100;
    // Longer than one delivery can take (the webhook's connect and request timeouts), so no other
    // server takes an event this one is still delivering.
    private static final Duration HOLD = Duration.ofSeconds(30);
    private static final Duration SWEEP = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private final RedissonClient redis;
    private final ProgressJson progressJson;
    private final String topic;
    private final CompletionOutbox outbox;
    private final WebhookSettings webhook;
    private final ScheduledExecutorService timer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Meter delivered;
    private final Meter undelivered;
    private volatile boolean sweepFailing;

    /** @param timer where owed events are taken and marked (database work) and sweeps run */
    public CompletionNotifier(
            RedissonClient redis,
            ProgressJson progressJson,
            RedisKeys keys,
            CompletionOutbox outbox,
            WebhookSettings webhook,
            ScheduledExecutorService timer,
            MetricRegistry metrics) {
        this.redis = redis;
        this.progressJson = progressJson;
        this.topic = keys.jobsCompleted();
        this.outbox = outbox;
        this.webhook = webhook;
        this.timer = timer;
        this.delivered = metrics.meter(MetricRegistry.name("completion", "webhook", "delivered"));
        this.undelivered = metrics.meter(MetricRegistry.name("completion", "webhook", "undelivered"));
    }

    /** Delivers what is owed every second, whichever server ended the jobs. */
    public CompletionNotifier start() {
        timer.scheduleWithFixedDelay(this::deliverOwed, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The topic every finished job's summary is published on. */
    public String topic() {
        return topic;
    }

    /** A job this server ended: its event is owed already; deliver it now rather than at the next sweep. */
    @Override
    public void jobChanged(JobRecord job) {
        if (job.state() != JobStatus.RUNNING) {
            timer.execute(this::deliverOwed);
        }
    }

    private void deliverOwed() {
        List<CompletionOutbox.OwedEvent> owed;
        try {
            owed = outbox.take(EVENTS_PER_SWEEP, HOLD);
            sweepFailing = false;
        } catch (RuntimeException e) {
            if (!sweepFailing) {
                sweepFailing = true;
                LOG.warn("Cannot read the completion events owed ({}); they wait in PostgreSQL", e.toString());
            }
            return;
        }
        owed.forEach(this::deliver);
    }

    private void deliver(CompletionOutbox.OwedEvent event) {
        String jobId = event.job().jobId();
        String summary = progressJson.write(JobProgress.of(event.job()));
        CompletableFuture<Boolean> published =
                event.publish() ? publish(jobId, summary) : CompletableFuture.completedFuture(true);
        boolean posting = event.post() && webhook.url() != null;
        CompletableFuture<Boolean> posted = posting ? post(jobId, summary) : CompletableFuture.completedFuture(true);
        published.thenAcceptBothAsync(
                posted,
                (topicDone, webhookDone) -> {
                    try {
                        record(event, topicDone, posting, webhookDone);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "Cannot record the completion event of job {} as sent ({}); it may be sent again",
                                LogText.of(jobId),
                                e.toString());
                    }
                },
                timer);
    }

    private void record(CompletionOutbox.OwedEvent event, boolean topicDone, boolean posting, boolean webhookDone) {
        String jobId = event.job().jobId();
        if (event.publish() && topicDone) {
            outbox.published(jobId);
        }
        boolean givenUp = posting && !webhookDone && event.attempt() >= webhook.attempts();
        if (event.post() && (webhookDone || givenUp)) {
            outbox.posted(jobId);
        }
        if (posting && webhookDone) {
            delivered.mark();
        }
        if (givenUp) {
            undelivered.mark();
            LOG.warn(
                    "The completion webhook for job {} failed {} times, giving up", LogText.of(jobId), event.attempt());
        }
        if (!topicDone || (posting && !webhookDone && !givenUp)) {
            long wait = Math.min(
                    LONGEST_WAIT.toMillis(), webhook.firstBackoff().toMillis() << Math.min(event.attempt() - 1, 20));
            outbox.retryAfter(jobId, Duration.ofMillis(wait));
        }
    }

    private CompletableFuture<Boolean> publish(String jobId, String summary) {
        return redis.getTopic(topic, StringCodec.INSTANCE)
                .publishAsync(summary)
                .toCompletableFuture()
                .handle((receivers, error) -> {
                    if (error != null) {
                        LOG.warn(
                                "The completion of job {} was not published to Redis ({}); it will be again",
                                LogText.of(jobId),
                                error.toString());
                        return false;
                    }
                    return true;
                });
    }

    private CompletableFuture<Boolean> post(String jobId, String summary) {
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(summary))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                return true;
            }
            LOG.info(
                    "The completion webhook for job {} answered {}; it will be tried again",
                    LogText.of(jobId),
                    error != null ? error.toString() : "HTTP " + response.statusCode());
            return false;
        });
    }
}
