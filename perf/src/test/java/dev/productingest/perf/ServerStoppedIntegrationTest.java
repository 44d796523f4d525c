package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RowSource;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.PacedRows;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM to the server a load is streaming to, with a second server beside it: the stopping server ends the stream at
 * once as UNAVAILABLE, saying so, lets the job go after the batch it is writing, and the producer resumes on the other
 * server and ends with exact counts and table.
 */
class ServerStoppedIntegrationTest {
    private static final int ROWS = 60_000;

    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    @Test
    void aLoadWhoseServerIsStoppedResumesOnTheOtherServerAndEndsExact() throws Exception {
        Jdbi jdbi = Jdbi.create(stores.url());
        List<String> retried = new CopyOnWriteArrayList<>();
        try (ServerProcess a = ServerProcess.start(
                        Bench.repoRoot(),
                        stores.url(),
                        stores.redisUrl(),
                        stores.dir().resolve("a.log"),
                        "256m");
                ServerProcess b = ServerProcess.start(
                        Bench.repoRoot(),
                        stores.url(),
                        stores.redisUrl(),
                        stores.dir().resolve("b.log"),
                        "256m");
                IngestClient client = IngestClient.builder(a.target() + "," + b.target())
                        .onRetry((attempt, attempts, failure, wait) -> retried.add(failure.getMessage()))
                        .build()) {
            CompletableFuture<IngestSummary> load = client.loadAsync(
                    IngestOptions.defaults().withJobId("stopped"),
                    () -> RowSource.of(new PacedRows(new CatalogGenerator(CatalogSpec.of(ROWS, 11)), 2_000, 50)));
            Conditions.await("a part of the load commits", Duration.ofMinutes(1), () -> committed(jdbi) >= 10_000);

            String owner = jdbi.withHandle(h -> h.createQuery("SELECT owner FROM ingest_jobs WHERE job_id = 'stopped'")
                    .mapTo(String.class)
                    .one());
            (owner.startsWith(a.pid() + "@") ? a : b).close(); // SIGTERM, then waits for the JVM to exit
            IngestSummary summary = load.get(3, TimeUnit.MINUTES);

            assertThat(retried)
                    .anyMatch(message -> message.contains("UNAVAILABLE") && message.contains("shutting down"));
            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getReceived()).isEqualTo(ROWS);
            assertThat(summary.getInserted())
                    .as("every row inserted once, none twice")
                    .isEqualTo(ROWS);
            assertThat(new Checks(stores.url()).products()).isEqualTo(ROWS);
        }
    }

    private static long committed(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT committed_offset FROM ingest_jobs WHERE job_id = 'stopped'")
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }
}
