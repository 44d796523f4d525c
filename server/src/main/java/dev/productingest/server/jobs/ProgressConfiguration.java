package dev.productingest.server.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** How long job progress stays in Redis, and where finished jobs are announced. */
public class ProgressConfiguration {
    // Refreshed by every batch: only a job nobody writes any more lets it lapse.
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration runningTtl = Duration.hours(24);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration endedTtl = Duration.hours(1);

    /** Receives one POST with the JSON summary of each finished job; none when empty. */
    private String webhookUrl = "";

    @Min(1)
    @Max(20)
    private int webhookAttempts = 5;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration webhookFirstBackoff = Duration.seconds(1);

    /** Progress waiting for Redis longer than this makes the progress-redis health check unhealthy. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration unsentLimit = Duration.minutes(1);

    @JsonProperty
    public Duration getRunningTtl() {
        return runningTtl;
    }

    @JsonProperty
    public void setRunningTtl(Duration runningTtl) {
        this.runningTtl = runningTtl;
    }

    @JsonProperty
    public Duration getEndedTtl() {
        return endedTtl;
    }

    @JsonProperty
    public void setEndedTtl(Duration endedTtl) {
        this.endedTtl = endedTtl;
    }

    @JsonProperty
    public String getWebhookUrl() {
        return webhookUrl;
    }

    @JsonProperty
    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    @JsonProperty
    public int getWebhookAttempts() {
        return webhookAttempts;
    }

    @JsonProperty
    public void setWebhookAttempts(int webhookAttempts) {
        this.webhookAttempts = webhookAttempts;
    }

    @JsonProperty
    public Duration getWebhookFirstBackoff() {
        return webhookFirstBackoff;
    }

    @JsonProperty
    public void setWebhookFirstBackoff(Duration webhookFirstBackoff) {
        this.webhookFirstBackoff = webhookFirstBackoff;
    }

    @JsonProperty
    public Duration getUnsentLimit() {
        return unsentLimit;
    }

    @JsonProperty
    public void setUnsentLimit(Duration unsentLimit) {
        this.unsentLimit = unsentLimit;
    }

    /** How long a running and an ended job's progress stay in Redis. */
    public ProgressSettings settings() {
        return new ProgressSettings(runningTtl.toJavaDuration(), endedTtl.toJavaDuration());
    }

    /** Where finished jobs are posted (no URL when no webhook is configured), and how their events are retried. */
    public WebhookSettings webhook() {
        URI url = webhookUrl == null || webhookUrl.isBlank() ? null : URI.create(webhookUrl.strip());
        return new WebhookSettings(url, webhookAttempts, webhookFirstBackoff.toJavaDuration());
    }
}
