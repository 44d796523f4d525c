package dev.productingest.server.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Sizes and ages of the read caches. */
public class CacheConfiguration {
    @Min(0)
    private long productEntries = 100_000;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration productTtl = Duration.minutes(5);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration statsTtl = Duration.minutes(1);

    private boolean productHitsBeforeJersey = true;

    @JsonProperty
    public long getProductEntries() {
        return productEntries;
    }

    @JsonProperty
    public void setProductEntries(long productEntries) {
        this.productEntries = productEntries;
    }

    @JsonProperty
    public Duration getProductTtl() {
        return productTtl;
    }

    @JsonProperty
    public void setProductTtl(Duration productTtl) {
        this.productTtl = productTtl;
    }

    @JsonProperty
    public Duration getStatsTtl() {
        return statsTtl;
    }

    @JsonProperty
    public void setStatsTtl(Duration statsTtl) {
        this.statsTtl = statsTtl;
    }

    /** Whether a cached product is answered before Jersey, by the application port's filter; false: by Jersey. */
    @JsonProperty
    public boolean isProductHitsBeforeJersey() {
        return productHitsBeforeJersey;
    }

    @JsonProperty
    public void setProductHitsBeforeJersey(boolean productHitsBeforeJersey) {
        this.productHitsBeforeJersey = productHitsBeforeJersey;
    }
}
