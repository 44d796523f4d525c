package dev.productingest.server.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The limits every database session of the server carries (config.yml says why each has its value). */
public class DatabaseSessionsConfiguration {
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration idleInTransactionTimeout = Duration.seconds(10);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration lockTimeout = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration statementTimeout = Duration.seconds(25);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration keepAliveIdle = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration keepAliveInterval = Duration.seconds(10);

    @Min(1)
    @Max(100)
    private int keepAliveCount = 3;

    public SessionSettings settings() {
        return new SessionSettings(
                idleInTransactionTimeout.toJavaDuration(),
                lockTimeout.toJavaDuration(),
                statementTimeout.toJavaDuration(),
                keepAliveIdle.toJavaDuration(),
                keepAliveInterval.toJavaDuration(),
                keepAliveCount);
    }

    // A statement's lock wait counts towards its statement timeout: a lock timeout as long would never fire.
    @ValidationMethod(message = "lockTimeout must be shorter than statementTimeout")
    @JsonIgnore
    public boolean isLockTimeoutBelowStatementTimeout() {
        return lockTimeout == null
                || statementTimeout == null
                || lockTimeout.toNanoseconds() < statementTimeout.toNanoseconds();
    }

    @JsonProperty
    public Duration getIdleInTransactionTimeout() {
        return idleInTransactionTimeout;
    }

    @JsonProperty
    public void setIdleInTransactionTimeout(Duration idleInTransactionTimeout) {
        this.idleInTransactionTimeout = idleInTransactionTimeout;
    }

    @JsonProperty
    public Duration getLockTimeout() {
        return lockTimeout;
    }

    @JsonProperty
    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    @JsonProperty
    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    @JsonProperty
    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    @JsonProperty
    public Duration getKeepAliveIdle() {
        return keepAliveIdle;
    }

    @JsonProperty
    public void setKeepAliveIdle(Duration keepAliveIdle) {
        this.keepAliveIdle = keepAliveIdle;
    }

    @JsonProperty
    public Duration getKeepAliveInterval() {
        return keepAliveInterval;
    }

    @JsonProperty
    public void setKeepAliveInterval(Duration keepAliveInterval) {
        this.keepAliveInterval = keepAliveInterval;
    }

    @JsonProperty
    public int getKeepAliveCount() {
        return keepAliveCount;
    }

    @JsonProperty
    public void setKeepAliveCount(int keepAliveCount) {
        this.keepAliveCount = keepAliveCount;
    }
}
