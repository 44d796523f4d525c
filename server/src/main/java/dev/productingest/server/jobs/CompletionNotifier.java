package dev.productingest.server.jobs;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.productingest.server.redis.RedisKeys;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event per finished job: its summary on a Redis topic, and when a webhook is configured, one
 * POST of the same JSON, retried with doubling backoff a bounded number of times. The server that
 * ends a job is the one that tells, so each job is told once; never per batch or per row.
 */
public final class CompletionNotifier implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionNotifier.class);

    private final RedissonClient redis;
    private final ProgressJson progressJson;
    private final String topic;
    private final WebhookSettings webhook; // null: events go to the topic only
    private final ScheduledExecutorService timer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Meter delivered;
    private final Meter undelivered;

    public CompletionNotifier(RedissonClient redis, ProgressJson progressJson, RedisKeys keys, WebhookSettings webhook,
            ScheduledExecutorService timer, MetricRegistry metrics) {
        this.redis = redis;
        this.progressJson = progressJson;
        this.topic = keys.jobsCompleted();
        this.webhook = webhook;
        this.timer = timer;
        this.delivered = metrics.meter(MetricRegistry.name("completion", "webhook", "delivered"));
        this.undelivered = metrics.meter(MetricRegistry.name("completion", "webhook", "undelivered"));
    }

    /** The topic every finished job's summary is published on. */
    public String topic() {
        return topic;
    }

    @Override
    public void batchCommitted(JobRecord job, List<String> writtenSkus) {
    }

    @Override
    public void jobChanged(JobRecord job) {
        if (job.state() == JobStatus.RUNNING) {
            return;
        }
        String summary = progressJson.write(JobProgress.of(job));
        redis.getTopic(topic, StringCodec.INSTANCE).publishAsync(summary).whenComplete((receivers, error) -> {
            if (error != null) {
                LOG.warn("The completion of job {} was not published to Redis: {}", job.jobId(), error.toString());
            }
        });
        if (webhook != null) {
            post(job.jobId(), summary, 1);
        }
    }

    private void post(String jobId, String summary, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(summary))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.mark();
                return;
            }
            String why = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (attempt >= webhook.attempts()) {
                undelivered.mark();
                LOG.warn("The completion webhook for job {} failed {} times, giving up: {}", jobId, attempt, why);
                return;
            }
            long delay = webhook.firstBackoff().toMillis() << (attempt - 1);
            timer.schedule(() -> post(jobId, summary, attempt + 1), delay, TimeUnit.MILLISECONDS);
        });
    }
}
