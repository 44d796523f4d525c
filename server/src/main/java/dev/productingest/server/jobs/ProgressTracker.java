package dev.productingest.server.jobs;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.productingest.server.redis.RedisKeys;
import dev.productingest.server.store.JobRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job progress in Redis: one key per job holding its {@link JobProgress} as JSON, and every change on the
 * {@link CommitChannel}, with the SKUs a batch wrote, for watchers and near caches on any server. Each committed batch
 * costs one round trip of two commands (a script that writes the progress unless Redis holds a newer state of the job,
 * and a PUBLISH); so a late or resent older state, from this server or another, never replaces a newer one, and an
 * ended job stays ended. It is waited for only when the batch wrote SKUs, so that the batch is acknowledged after every
 * server was told to drop them; with Redis down ingest never stalls on it, and the reads fall back to PostgreSQL.
 */
public final class ProgressTracker implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

    private static final long INVALIDATION_TIMEOUT_MS = 2000;
    // After a failed send, later batches send without waiting for a while: with Redis down, ingest
    // must not pay the timeout on every batch.
    private static final long UNWAITED_AFTER_FAILURE_MS = 10_000;

    /**
     * SET with expiry (KEYS[1], ARGV[1], ARGV[2] ms) unless the key holds a newer state of the job: the rule of
     * {@link JobProgress#isNewerThan}. Sent whole each time (a few hundred bytes), so a restarted Redis, whose script
     * cache is empty, needs nothing loaded first. Times are ISO-8601 UTC with 0 to 9 fraction digits; padded to 9 they
     * compare as text.
     */
    static final String SET_IF_NOT_OLDER = """
            local function at(t)
              if type(t) ~= 'string' then return '' end
              local base, fraction = string.match(t, '^(.-)%.?(%d*)Z$')
              if not base then return t end
              return base .. fraction .. string.rep('0', 9 - string.len(fraction))
            end
            local stored = redis.call('GET', KEYS[1])
            if stored then
              local old = cjson.decode(stored)
              local new = cjson.decode(ARGV[1])
              if old.state ~= 'RUNNING' then return 0 end
              if new.state == 'RUNNING' then
                if old.committedOffset > new.committedOffset then return 0 end
                if old.committedOffset == new.committedOffset and at(old.updatedAt) > at(new.updatedAt) then return 0 end
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    private final RedissonClient redis;
    private final CommitChannel channel;
    private final ProgressJson progressJson;
    private final RedisKeys keys;
    private final ProgressSettings settings;
    private final Meter failures;
    private final Timer roundTrips;
    // The latest progress of each job that did not reach Redis, sent again once Redis answers, so
    // that Redis never keeps an older state of a job than PostgreSQL after an outage.
    private final Map<String, JobProgress> unsent = new ConcurrentHashMap<>();
    private volatile boolean failing;
    // Since when Redis has been refusing progress (System.nanoTime), while failing.
    private volatile long failingSince;
    private volatile long waitAgainAt;

    public ProgressTracker(
            RedissonClient redis,
            CommitChannel channel,
            ProgressJson progressJson,
            RedisKeys keys,
            ProgressSettings settings,
            MetricRegistry metrics) {
        this.redis = redis;
        this.channel = channel;
        this.progressJson = progressJson;
        this.keys = keys;
        this.settings = settings;
        this.failures = metrics.meter(MetricRegistry.name("progress", "redis", "failures"));
        this.roundTrips = metrics.timer(MetricRegistry.name("progress", "redis", "round-trip"));
        metrics.gauge(MetricRegistry.name("progress", "redis", "unsent"), () -> unsent::size);
    }

    /** Retries what did not reach Redis every {@code period}. */
    public void retryUnsent(ScheduledExecutorService timer, Duration period) {
        timer.scheduleWithFixedDelay(this::sendUnsent, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendUnsent() {
        for (JobProgress progress : unsent.values()) {
            // Removed only if no newer state came meanwhile; publish puts it back if Redis is still away.
            if (unsent.remove(progress.jobId(), progress)) {
                publish(progress, List.of());
            }
        }
    }

    @Override
    public void batchCommitted(JobRecord job, List<String> writtenSkus) {
        CompletableFuture<?> sent = publish(JobProgress.of(job), writtenSkus);
        if (writtenSkus.isEmpty() || System.currentTimeMillis() < waitAgainAt) {
            return;
        }
        try {
            sent.get(INVALIDATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            waitAgainAt = System.currentTimeMillis() + UNWAITED_AFTER_FAILURE_MS;
            LOG.warn(
                    "Could not tell other servers to drop {} cached products ({}); their copies expire within the cache's TTL",
                    writtenSkus.size(),
                    e.toString());
        }
    }

    @Override
    public void jobChanged(JobRecord job) {
        publish(JobProgress.of(job), List.of());
    }

    private CompletableFuture<?> publish(JobProgress progress, List<String> writtenSkus) {
        String value = progressJson.write(progress);
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        Duration ttl = progress.isEnded() ? settings.endedTtl() : settings.runningTtl();
        batch.getScript(StringCodec.INSTANCE)
                .evalAsync(
                        RScript.Mode.READ_WRITE,
                        SET_IF_NOT_OLDER,
                        RScript.ReturnType.LONG,
                        List.of(keys.job(progress.jobId())),
                        value,
                        String.valueOf(ttl.toMillis()));
        channel.publish(batch, progress.jobId(), value, writtenSkus);
        Timer.Context roundTrip = roundTrips.time();
        return batch.executeAsync().toCompletableFuture().whenComplete((result, error) -> {
            roundTrip.stop();
            if (error != null) {
                failures.mark();
                unsent.merge(progress.jobId(), progress, ProgressTracker::newer);
                if (!failing) {
                    failingSince = System.nanoTime();
                    failing = true;
                    LOG.warn(
                            "Job progress is not reaching Redis ({}); PostgreSQL keeps it and serves the reads",
                            error.toString());
                }
            } else {
                // What failed earlier is older than what just arrived: nothing to resend for this job.
                unsent.computeIfPresent(
                        progress.jobId(), (jobId, waiting) -> newer(waiting, progress) == progress ? null : waiting);
                if (failing) {
                    failing = false;
                    LOG.info("Job progress reaches Redis again");
                }
            }
        });
    }

    /**
     * How long progress has been waiting for Redis: since sending it started failing, while some waits; zero otherwise.
     */
    public Duration unsentFor() {
        return failing && !unsent.isEmpty() ? Duration.ofNanos(System.nanoTime() - failingSince) : Duration.ZERO;
    }

    public int unsentJobs() {
        return unsent.size();
    }

    /** The later of two states of a job; on a tie, {@code b}, the one that came last. */
    private static JobProgress newer(JobProgress a, JobProgress b) {
        return a.isNewerThan(b) ? a : b;
    }

    /** The job's progress as Redis holds it; empty when Redis has none or cannot be reached. */
    public Optional<JobProgress> find(String jobId) {
        String value;
        try {
            value = redis.<String>getBucket(keys.job(jobId), StringCodec.INSTANCE)
                    .get();
        } catch (RedisException e) {
            failures.mark();
            return Optional.empty();
        }
        return value == null ? Optional.empty() : Optional.of(progressJson.read(value, "Redis key " + keys.job(jobId)));
    }
}
