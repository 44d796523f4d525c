package dev.productingest.server.cache;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.productingest.server.api.Product;
import dev.productingest.server.jobs.CommitChannel;
import dev.productingest.server.jobs.CommitListener;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.ProductQueries;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Products by SKU, as the JSON a reader is sent, in a near cache in this JVM (bounded in size and age): a hit is
 * written out as it is, with no object mapping per request, kept true across servers by the {@link CommitChannel}:
 * every committed batch tells every server the SKUs it wrote, once, and each drops them. A read that misses loads from
 * PostgreSQL and keeps the row only if no invalidation arrived while it loaded, so a load racing a commit cannot put an
 * old version back. A SKU with no product is not kept. With a size of 0 every read goes to PostgreSQL (the cache is
 * off).
 */
public final class ProductCache implements CommitListener, CommitChannel.WrittenSkusListener {
    private final ProductQueries products;
    private final ObjectWriter productJson;
    private final Cache<String, Optional<byte[]>> near;
    private final AtomicLong invalidationCount = new AtomicLong();
    private final Meter hits;
    private final Meter misses;
    private final Timer loads;
    private final boolean disabled;

    /** @param json the application's object mapper, which writes every other JSON answer */
    public ProductCache(
            ProductQueries products, ObjectMapper json, long maxProducts, Duration ttl, MetricRegistry metrics) {
        this.products = products;
        this.productJson = json.writerFor(Product.class);
        this.disabled = maxProducts == 0;
        this.near = Caffeine.newBuilder()
                .maximumSize(maxProducts)
                .expireAfterWrite(ttl)
                .build();
        this.hits = metrics.meter(MetricRegistry.name("cache", "products", "hits"));
        this.misses = metrics.meter(MetricRegistry.name("cache", "products", "misses"));
        this.loads = metrics.timer(MetricRegistry.name("cache", "products", "load"));
        metrics.gauge(MetricRegistry.name("cache", "products", "size"), () -> near::estimatedSize);
    }

    /** Drops what any server writes, as the channel tells it. */
    public ProductCache listenTo(CommitChannel commits) {
        if (!disabled) {
            commits.addWrittenSkusListener(this);
        }
        return this;
    }

    /** The product's JSON, as {@code GET /products/{sku}} answers it; empty when there is no such product. */
    public Optional<byte[]> json(String sku) {
        if (disabled) {
            misses.mark();
            return load(sku);
        }
        Optional<byte[]> cached = near.getIfPresent(sku);
        if (cached != null) {
            hits.mark();
            return cached;
        }
        misses.mark();
        long before = invalidationCount.get();
        Optional<byte[]> loaded = load(sku);
        // Misses are not kept: requests for SKUs that do not exist must not push real products out.
        if (loaded.isPresent() && invalidationCount.get() == before) {
            near.put(sku, loaded);
        }
        return loaded;
    }

    /**
     * The product's JSON when this server holds it now, counted as a hit; empty otherwise, counting nothing and loading
     * nothing: the caller then asks {@link #json}, which counts the miss.
     */
    public Optional<byte[]> cachedJson(String sku) {
        Optional<byte[]> cached = disabled ? null : near.getIfPresent(sku);
        if (cached == null) {
            return Optional.empty();
        }
        hits.mark();
        return cached;
    }

    private Optional<byte[]> load(String sku) {
        try (Timer.Context ignored = loads.time()) {
            Optional<Product> product = products.find(sku).map(Product::of);
            return product.isEmpty() ? Optional.empty() : Optional.of(productJson.writeValueAsBytes(product.get()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("product " + sku + " cannot be written as JSON", e);
        }
    }

    /** This server's own writes are dropped at once; other servers drop them when the channel tells them. */
    @Override
    public void batchCommitted(JobRecord job, List<String> writtenSkus) {
        if (!writtenSkus.isEmpty() && !disabled) {
            written(writtenSkus);
        }
    }

    @Override
    public void written(List<String> skus) {
        invalidationCount.incrementAndGet();
        // A server nobody reads from holds nothing to drop, and looking up every SKU of every batch
        // anyway showed in a fresh load's profile (perf/NOTES.md). A read loading now is kept out by the count.
        if (near.estimatedSize() > 0) {
            near.invalidateAll(skus);
        }
    }

    /** A server that lost Redis may have missed invalidations: start again from PostgreSQL. */
    @Override
    public void mayHaveMissed() {
        invalidationCount.incrementAndGet();
        near.invalidateAll();
    }
}
