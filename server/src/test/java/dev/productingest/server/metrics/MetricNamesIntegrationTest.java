package dev.productingest.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The names operators find on the admin port's /metrics: every thread pool's, and none a format string. */
class MetricNamesIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void noMetricNameIsAFormatStringAndEveryScheduledPoolIsNamed() {
        JsonNode metrics = Rest.ok("http://localhost:" + server.adminPort() + "/metrics");
        List<String> names = new ArrayList<>();
        for (String kind : List.of("gauges", "counters", "histograms", "meters", "timers")) {
            metrics.path(kind).fieldNames().forEachRemaining(names::add);
        }

        assertThat(names).isNotEmpty().noneMatch(name -> name.contains("%"));
        assertThat(names)
                .contains(
                        "ingest-timer.created",
                        "redis-retry.created",
                        "completion-events.created",
                        "retention.created");
    }
}
