package dev.productingest.server.cache;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.productingest.server.api.Product;
import dev.productingest.server.ingest.CommitListener;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.ProductQueries;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Products by SKU in a near cache in this JVM (bounded in size and age), kept true across servers
 * through one Redis channel: every committed batch publishes the SKUs it wrote, once, and every
 * server drops them. A read that misses loads from PostgreSQL and keeps the row only if no
 * invalidation arrived while it loaded, so a load racing a commit cannot put an old version back.
 * With a size of 0 every read goes to PostgreSQL (the cache is off).
 */
public final class ProductCache implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProductCache.class);
    private static final long INVALIDATION_TIMEOUT_MS = 2000;
    // After a failed publish, later batches publish without waiting for a while: with Redis down,
    // ingest must not pay the timeout on every batch.
    private static final long UNWAITED_AFTER_FAILURE_MS = 10_000;

    private final ProductQueries products;
    private final Cache<String, Optional<Product>> near;
    private final RTopic invalidations;
    private final AtomicLong invalidationCount = new AtomicLong();
    private final Meter hits;
    private final Meter misses;
    private final Timer loads;
    private final boolean disabled;
    private volatile long waitAgainAt;

    public ProductCache(ProductQueries products, RedissonClient redis, String namespace, long maxProducts, Duration ttl,
            MetricRegistry metrics) {
        this.products = products;
        this.disabled = maxProducts == 0;
        this.near = Caffeine.newBuilder().maximumSize(maxProducts).expireAfterWrite(ttl).build();
        this.invalidations = redis.getTopic(namespace + ":products-invalidated", StringCodec.INSTANCE);
        this.hits = metrics.meter(MetricRegistry.name("cache", "products", "hits"));
        this.misses = metrics.meter(MetricRegistry.name("cache", "products", "misses"));
        this.loads = metrics.timer(MetricRegistry.name("cache", "products", "load"));
        metrics.gauge(MetricRegistry.name("cache", "products", "size"), () -> near::estimatedSize);
    }

    /** Starts listening for other servers' invalidations. */
    public ProductCache subscribe() {
        invalidations.addListener(String.class, (channel, skus) -> drop(List.of(skus.split("\n"))));
        // A server that lost Redis may have missed invalidations: start again from PostgreSQL.
        invalidations.addListener(new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                dropAll();
            }

            @Override
            public void onUnsubscribe(String channel) {
                dropAll();
            }
        });
        return this;
    }

    public Optional<Product> get(String sku) {
        if (disabled) {
            misses.mark();
            return load(sku);
        }
        Optional<Product> cached = near.getIfPresent(sku);
        if (cached != null) {
            hits.mark();
            return cached;
        }
        misses.mark();
        long before = invalidationCount.get();
        Optional<Product> loaded = load(sku);
        if (invalidationCount.get() == before) {
            near.put(sku, loaded);
        }
        return loaded;
    }

    private Optional<Product> load(String sku) {
        try (Timer.Context ignored = loads.time()) {
            return products.find(sku);
        }
    }

    @Override
    public void batchCommitted(JobRecord job, List<String> writtenSkus) {
        if (writtenSkus.isEmpty() || disabled) {
            return;
        }
        drop(writtenSkus);
        // SKUs hold no whitespace (the row rules), so a newline separates them.
        CompletableFuture<Long> told = invalidations.publishAsync(String.join("\n", writtenSkus)).toCompletableFuture();
        if (System.currentTimeMillis() < waitAgainAt) {
            return;
        }
        try {
            // Waited for, so the batch is acknowledged only after every server was told.
            told.get(INVALIDATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            waitAgainAt = System.currentTimeMillis() + UNWAITED_AFTER_FAILURE_MS;
            LOG.warn("Could not tell other servers to drop {} cached products ({}); their copies expire within the cache's TTL",
                    writtenSkus.size(), e.toString());
        }
    }

    @Override
    public void jobChanged(JobRecord job) {
    }

    private void drop(List<String> skus) {
        invalidationCount.incrementAndGet();
        near.invalidateAll(skus);
    }

    private void dropAll() {
        invalidationCount.incrementAndGet();
        near.invalidateAll();
    }
}
