package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RetryPolicy;
import dev.productingest.client.RowSource;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.health.HeapExhaustionTask;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.PacedRows;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server JVM that runs out of memory in the middle of a load does not linger, wedged, with its ports open: it exits
 * with a non-zero status within seconds (-XX:+ExitOnOutOfMemoryError, as every documented run command starts it), and
 * the producer's load resumes and ends exact on its replacement, as after a SIGKILL.
 */
class OutOfMemoryExitIntegrationTest {
    private static final int ROWS = 40_000;

    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    @Test
    void aServerThatRunsOutOfMemoryExitsAndItsLoadEndsExactOnItsReplacement() throws Exception {
        // A short lease, so the replacement may take the job over soon after the exit; the same port, as a restart
        // takes.
        String port = String.valueOf(ServerProcess.freePort());
        Map<String, String> env = Map.of("GRPC_PORT", port, "INGEST_LEASE", "3s");
        Map<String, String> exhaustible = Map.of(
                "GRPC_PORT",
                port,
                "INGEST_LEASE",
                "3s",
                "JAVA_TOOL_OPTIONS",
                "-D" + HeapExhaustionTask.ENABLED + "=true");
        Jdbi jdbi = Jdbi.create(stores.url());
        ServerProcess doomed = ServerProcess.start(
                Bench.repoRoot(),
                stores.url(),
                stores.redisUrl(),
                stores.dir().resolve("doomed.log"),
                "128m",
                exhaustible);
        ServerProcess replacement = null;
        try (IngestClient client = IngestClient.builder(doomed.target())
                .retry(RetryPolicy.defaults().withAttempts(30))
                .build()) {
            CompletableFuture<IngestSummary> load = client.loadAsync(
                    IngestOptions.defaults().withJobId("out-of-memory"),
                    () -> RowSource.of(new PacedRows(new CatalogGenerator(CatalogSpec.of(ROWS, 11)), 2_000, 50)));
            Conditions.await("a part of the load commits", Duration.ofMinutes(1), () -> committed(jdbi) >= 4_000);

            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + doomed.adminPort() + "/tasks/exhaust-heap"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            OptionalInt status = doomed.exitStatus(Duration.ofSeconds(30));
            assertThat(status).as("the JVM exited").isPresent();
            assertThat(status.getAsInt()).as("with a failure status").isNotZero();
            replacement = ServerProcess.start(
                    Bench.repoRoot(),
                    stores.url(),
                    stores.redisUrl(),
                    stores.dir().resolve("replacement.log"),
                    "256m",
                    env);
            IngestSummary summary = load.get(3, TimeUnit.MINUTES);

            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getReceived()).isEqualTo(ROWS);
            assertThat(summary.getInserted())
                    .as("every row inserted once, none twice")
                    .isEqualTo(ROWS);
            assertThat(new Checks(stores.url()).products()).isEqualTo(ROWS);
        } finally {
            doomed.close();
            if (replacement != null) {
                replacement.close();
            }
        }
    }

    private static long committed(Jdbi jdbi) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT committed_offset FROM ingest_jobs WHERE job_id = 'out-of-memory'")
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(0L));
    }
}
