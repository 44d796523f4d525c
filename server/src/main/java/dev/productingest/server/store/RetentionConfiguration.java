package dev.productingest.server.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * How long ended jobs, their rejected rows and deleted products' tombstones are kept, when a job no producer resumes is
 * given up, and how often both are looked for.
 */
public class RetentionConfiguration {
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    private Duration jobs = Duration.days(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    private Duration tombstones = Duration.days(30);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration interval = Duration.hours(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration abandonAfter = Duration.days(7);

    /** How long a RUNNING job may go without a stream holding it before it ends as FAILED, abandoned. */
    @JsonProperty
    public Duration getAbandonAfter() {
        return abandonAfter;
    }

    @JsonProperty
    public void setAbandonAfter(Duration abandonAfter) {
        this.abandonAfter = abandonAfter;
    }

    @JsonProperty
    public Duration getTombstones() {
        return tombstones;
    }

    @JsonProperty
    public void setTombstones(Duration tombstones) {
        this.tombstones = tombstones;
    }

    @JsonProperty
    public Duration getJobs() {
        return jobs;
    }

    @JsonProperty
    public void setJobs(Duration jobs) {
        this.jobs = jobs;
    }

    @JsonProperty
    public Duration getInterval() {
        return interval;
    }

    @JsonProperty
    public void setInterval(Duration interval) {
        this.interval = interval;
    }
}
