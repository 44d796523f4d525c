package dev.productingest.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin task over the batch-write timer: what it prints agrees with the metrics page, and reset empties it. */
class BatchLatencyIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void theTaskCountsEveryBatchWrittenSinceTheLastReset() throws Exception {
        IngestCall.load(server.asyncStub(), "latency-0", Products.catalog(3_000, 10));
        task("?reset=true");
        long before = timerCount();
        IngestCall.load(server.asyncStub(), "latency-1", Products.catalog(12_000, 20));

        String printed = task("");
        long written = timerCount() - before;
        assertThat(written).isPositive();
        assertThat(printed)
                .as("the task counts since the reset, the metrics page since the start")
                .startsWith("batches " + written + "\n")
                .contains("p99_ms ");

        task("?reset=true");
        assertThat(task("")).startsWith("batches 0\n");
    }

    private static long timerCount() {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("timers")
                .get("ingest.batch.write")
                .get("count")
                .asLong();
    }

    private static String task(String query) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + server.adminPort() + "/tasks/batch-latency" + query))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
