package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RetryPolicy;
import dev.productingest.client.RowSource;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.PacedRows;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's JVM killed with SIGKILL mid-load (no shutdown hook, batches in flight, the job still leased) and a new
 * one started in its place: the SDK resumes once the dead server's lease expires, and the job ends with exact counts
 * and table.
 */
class ServerKilledIntegrationTest {
    private static final int ROWS = 60_000;

    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    @Test
    void aLoadWhoseServerIsKilledMidLoadResumesOnItsReplacementAndEndsExact() throws Exception {
        // A short lease, so the replacement may take the job over a few seconds after the kill.
        Map<String, String> env = Map.of("GRPC_PORT", String.valueOf(ServerProcess.freePort()), "INGEST_LEASE", "3s");
        CatalogSpec spec = CatalogSpec.of(ROWS, 7);
        Jdbi jdbi = Jdbi.create(stores.url());
        ServerProcess first = ServerProcess.start(
                Bench.repoRoot(), stores.url(), stores.redisUrl(), stores.dir().resolve("first.log"), "256m", env);
        ServerProcess second = null;
        try (IngestClient client = IngestClient.builder(first.target())
                .retry(RetryPolicy.defaults().withAttempts(30))
                .build()) {
            CompletableFuture<IngestSummary> load = client.loadAsync(
                    IngestOptions.defaults().withJobId("killed"),
                    () -> RowSource.of(new PacedRows(new CatalogGenerator(spec), 2_000, 50)));
            Conditions.await("a part of the load commits", Duration.ofMinutes(1), () -> committed(jdbi) >= 10_000);

            first.kill();
            second = ServerProcess.start(
                    Bench.repoRoot(),
                    stores.url(),
                    stores.redisUrl(),
                    stores.dir().resolve("second.log"),
                    "256m",
                    env);
            IngestSummary summary = load.get(3, TimeUnit.MINUTES);

            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getReceived()).isEqualTo(ROWS);
            assertThat(summary.getInserted())
                    .as("every row inserted once, none twice")
                    .isEqualTo(ROWS);
            assertThat(summary.getRejected()).isZero();
            assertThat(new Checks(stores.url()).products()).isEqualTo(ROWS);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static long committed(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT committed_offset FROM ingest_jobs WHERE job_id = 'killed'")
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }
}
