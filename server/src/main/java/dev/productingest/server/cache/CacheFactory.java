package dev.productingest.server.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Sizes and ages of the read caches. */
public class CacheFactory {
    @Min(0)
    private long productEntries = 100_000;

    @Min(1)
    private long productTtlSeconds = 300;

    @Min(1)
    private long statsTtlSeconds = 60;

    @JsonProperty
    public long getProductEntries() {
        return productEntries;
    }

    @JsonProperty
    public void setProductEntries(long productEntries) {
        this.productEntries = productEntries;
    }

    @JsonProperty
    public long getProductTtlSeconds() {
        return productTtlSeconds;
    }

    @JsonProperty
    public void setProductTtlSeconds(long productTtlSeconds) {
        this.productTtlSeconds = productTtlSeconds;
    }

    @JsonProperty
    public long getStatsTtlSeconds() {
        return statsTtlSeconds;
    }

    @JsonProperty
    public void setStatsTtlSeconds(long statsTtlSeconds) {
        this.statsTtlSeconds = statsTtlSeconds;
    }

    public Duration productTtl() {
        return Duration.ofSeconds(productTtlSeconds);
    }

    public Duration statsTtl() {
        return Duration.ofSeconds(statsTtlSeconds);
    }
}
