package dev.productingest.server.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The bounds of {@code /live/jobs}: how many viewers at once, and how long one may take no data. */
public class LiveJobsConfiguration {
    @Min(1)
    @Max(1000)
    private int maxViewers = 32;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration sendTimeout = Duration.seconds(10);

    @JsonProperty
    public int getMaxViewers() {
        return maxViewers;
    }

    @JsonProperty
    public void setMaxViewers(int maxViewers) {
        this.maxViewers = maxViewers;
    }

    @JsonProperty
    public Duration getSendTimeout() {
        return sendTimeout;
    }

    @JsonProperty
    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }
}
