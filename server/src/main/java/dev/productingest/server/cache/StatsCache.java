package dev.productingest.server.cache;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.api.CatalogStats;
import dev.productingest.server.jobs.CommitListener;
import dev.productingest.server.logging.LogText;
import dev.productingest.server.redis.RedisKeys;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.server.store.ProductQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalog stats cached in Redis for every server, with a TTL, and dropped when a job completes. Computing them scans
 * the products table, so on a miss the callers of this server share one computation however many ask at once. Without
 * Redis they are computed, one at a time, each call.
 */
public final class StatsCache implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(StatsCache.class);

    private final ProductQueries products;
    private final ObjectMapper json;
    private final RBucket<String> cached;
    private final Duration ttl;
    private final Meter hits;
    private final Meter misses;
    private final Timer loads;
    private final AtomicLong drops = new AtomicLong();
    private CompletableFuture<CatalogStats> computing;

    public StatsCache(
            ProductQueries products,
            ObjectMapper json,
            RedissonClient redis,
            RedisKeys keys,
            Duration ttl,
            MetricRegistry metrics) {
        this.products = products;
        this.json = json;
        this.cached = redis.getBucket(keys.stats(), StringCodec.INSTANCE);
        this.ttl = ttl;
        this.hits = metrics.meter(MetricRegistry.name("cache", "stats", "hits"));
        this.misses = metrics.meter(MetricRegistry.name("cache", "stats", "misses"));
        this.loads = metrics.timer(MetricRegistry.name("cache", "stats", "load"));
    }

    public CatalogStats get() {
        CatalogStats stats = readCached();
        if (stats != null) {
            hits.mark();
            return stats;
        }
        misses.mark();
        CompletableFuture<CatalogStats> mine = new CompletableFuture<>();
        CompletableFuture<CatalogStats> shared = claimComputation(mine);
        if (shared != mine) {
            return shared.join();
        }
        // This caller computes, outside the lock, on its own request thread; the others wait on its future.
        try {
            long dropsBefore = drops.get();
            CatalogStats computed = compute();
            // Stats computed across a job's completion may miss its rows: answer with them, do not keep them.
            if (drops.get() == dropsBefore) {
                store(computed);
            }
            mine.complete(computed);
            return computed;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            finished(mine);
        }
    }

    /** The computation in progress, or {@code mine} when there is none and this caller is to run it. */
    private synchronized CompletableFuture<CatalogStats> claimComputation(CompletableFuture<CatalogStats> mine) {
        if (computing != null) {
            return computing;
        }
        // A computation may have finished and stored its result since this caller looked.
        CatalogStats stored = readCached();
        if (stored != null) {
            return CompletableFuture.completedFuture(stored);
        }
        computing = mine;
        return mine;
    }

    private synchronized void finished(CompletableFuture<CatalogStats> done) {
        if (computing == done) {
            computing = null;
        }
    }

    private CatalogStats compute() {
        try (Timer.Context ignored = loads.time()) {
            ProductQueries.Counts counts = products.counts();
            return new CatalogStats(counts.products(), counts.active(), counts.byCategory(), Instant.now());
        }
    }

    @Override
    public void jobChanged(JobRecord job) {
        if (job.state() == JobStatus.COMPLETED) {
            drops.incrementAndGet();
            try {
                // Before the job's summary is sent, so a client that saw its job complete sees it in the stats.
                cached.delete();
            } catch (RedisException e) {
                LOG.warn(
                        "Could not drop the cached stats after job {} completed: {}",
                        LogText.of(job.jobId()),
                        e.toString());
            }
        }
    }

    private CatalogStats readCached() {
        String value;
        try {
            value = cached.get();
        } catch (RedisException e) {
            return null;
        }
        try {
            return value == null ? null : json.readValue(value, CatalogStats.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stats in Redis are not CatalogStats: " + value, e);
        }
    }

    private void store(CatalogStats stats) {
        String value;
        try {
            value = json.writeValueAsString(stats);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stats cannot be written as JSON", e);
        }
        try {
            cached.set(value, ttl);
        } catch (RedisException e) {
            LOG.warn("Could not keep the stats in Redis: {}", e.toString());
        }
    }
}
