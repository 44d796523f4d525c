package dev.productingest.server.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.util.Map;
import java.util.Set;

/**
 * Whether the ingest service can do its work, from the same checks as {@code /healthcheck}: all of them healthy, but
 * for those whose failure only degrades it (Redis: progress and caches wait, ingest goes on).
 */
public final class IngestServing {
    private final HealthCheckRegistry checks;
    private final Set<String> degradingOnly;

    public IngestServing(HealthCheckRegistry checks, Set<String> degradingOnly) {
        this.checks = checks;
        this.degradingOnly = degradingOnly;
    }

    public boolean check() {
        for (Map.Entry<String, HealthCheck.Result> result :
                checks.runHealthChecks().entrySet()) {
            if (!result.getValue().isHealthy() && !degradingOnly.contains(result.getKey())) {
                return false;
            }
        }
        return true;
    }
}
