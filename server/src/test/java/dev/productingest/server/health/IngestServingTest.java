package dev.productingest.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestServingTest {
    private final HealthCheckRegistry checks = new HealthCheckRegistry();
    private final IngestServing serving = new IngestServing(checks, Set.of("redis"));

    @Test
    void servingWhileEveryCheckButTheDegradingOnesPasses() {
        checks.register("postgresql", check(true));
        checks.register("redis", check(false));

        assertThat(serving.check())
                .as("Redis down degrades ingest, it does not stop it")
                .isTrue();

        checks.register("writer-backlog", check(false));

        assertThat(serving.check()).isFalse();
    }

    private static HealthCheck check(boolean healthy) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                return healthy ? Result.healthy() : Result.unhealthy("failing on purpose");
            }
        };
    }
}
