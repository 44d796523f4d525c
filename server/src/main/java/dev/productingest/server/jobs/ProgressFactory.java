package dev.productingest.server.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;

/** How long job progress stays in Redis, and where finished jobs are announced. */
public class ProgressFactory {
    // Refreshed by every batch: only a job nobody writes any more lets it lapse.
    @Min(1)
    private long runningTtlMinutes = 24 * 60;

    @Min(1)
    private long endedTtlMinutes = 60;

    /** Receives one POST with the JSON summary of each finished job; none when empty. */
    private String webhookUrl = "";

    @Min(1)
    @Max(20)
    private int webhookAttempts = 5;

    @Min(1)
    private long webhookFirstBackoffMs = 1000;

    @JsonProperty
    public long getRunningTtlMinutes() {
        return runningTtlMinutes;
    }

    @JsonProperty
    public void setRunningTtlMinutes(long runningTtlMinutes) {
        this.runningTtlMinutes = runningTtlMinutes;
    }

    @JsonProperty
    public long getEndedTtlMinutes() {
        return endedTtlMinutes;
    }

    @JsonProperty
    public void setEndedTtlMinutes(long endedTtlMinutes) {
        this.endedTtlMinutes = endedTtlMinutes;
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
    public long getWebhookFirstBackoffMs() {
        return webhookFirstBackoffMs;
    }

    @JsonProperty
    public void setWebhookFirstBackoffMs(long webhookFirstBackoffMs) {
        this.webhookFirstBackoffMs = webhookFirstBackoffMs;
    }

    public Duration runningTtl() {
        return Duration.ofMinutes(runningTtlMinutes);
    }

    public Duration endedTtl() {
        return Duration.ofMinutes(endedTtlMinutes);
    }

    /** The webhook, or null when none is configured. */
    public URI webhook() {
        return webhookUrl == null || webhookUrl.isBlank() ? null : URI.create(webhookUrl.strip());
    }

    public Duration webhookFirstBackoff() {
        return Duration.ofMillis(webhookFirstBackoffMs);
    }
}
