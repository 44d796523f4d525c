package dev.productingest.server.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How SNAPSHOT jobs retire the products they did not carry. */
public class SnapshotConfiguration {
    // A nightly catalog loses a few products; a broken export loses a large part of it.
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    private double maxRetiredShare = 0.1;

    @Min(1)
    @Max(100_000)
    private int retireBatch = 1000;

    /** The largest share of the stored products in scope a snapshot may retire, unless its producer allows more. */
    @JsonProperty
    public double getMaxRetiredShare() {
        return maxRetiredShare;
    }

    @JsonProperty
    public void setMaxRetiredShare(double maxRetiredShare) {
        this.maxRetiredShare = maxRetiredShare;
    }

    /** How many products one retire transaction deletes: short enough never to hold locks for long. */
    @JsonProperty
    public int getRetireBatch() {
        return retireBatch;
    }

    @JsonProperty
    public void setRetireBatch(int retireBatch) {
        this.retireBatch = retireBatch;
    }
}
