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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL stopped and started again under a running server (its JVM, its pool): a load in progress, and a load that
 * starts while the database is down, both end exact once it is back.
 */
class DatabaseRestartIntegrationTest {
    private static final int ROWS = 40_000;

    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    private static ServerProcess server;
    private final List<String> retried = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start(
                Bench.repoRoot(), stores.url(), stores.redisUrl(), stores.dir().resolve("server.log"), "256m");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        Bench.truncate(stores.url());
    }

    @Test
    void aLoadThroughADatabaseRestartEndsExact() throws Exception {
        try (IngestClient client = client()) {
            CompletableFuture<IngestSummary> load = client.loadAsync(
                    IngestOptions.defaults().withJobId("through-restart"),
                    () -> RowSource.of(new PacedRows(new CatalogGenerator(CatalogSpec.of(ROWS, 3)), 2_000, 50)));
            Conditions.await(
                    "a part of the load commits", Duration.ofMinutes(1), () -> committed("through-restart") >= 10_000);

            stores.postgres().stop();
            Conditions.await(
                    "the producer is told the database is away", Duration.ofMinutes(1), () -> !retried.isEmpty());
            stores.postgres().startAgain();

            assertExact(load.get(3, TimeUnit.MINUTES));
        }
    }

    @Test
    void aLoadStartedWhileTheDatabaseIsDownRunsOnceItIsBack() throws Exception {
        try (IngestClient client = client()) {
            stores.postgres().stop();
            CompletableFuture<IngestSummary> load = client.loadAsync(
                    IngestOptions.defaults().withJobId("database-down"),
                    () -> RowSource.of(new CatalogGenerator(CatalogSpec.of(ROWS, 3))));
            Conditions.await(
                    "the producer is told the database is away", Duration.ofMinutes(1), () -> !retried.isEmpty());
            stores.postgres().startAgain();

            assertExact(load.get(3, TimeUnit.MINUTES));
        }
    }

    private IngestClient client() {
        return IngestClient.builder(server.target())
                .retry(RetryPolicy.defaults().withAttempts(30))
                .onRetry((attempt, attempts, failure, wait) -> retried.add(failure.getMessage()))
                .build();
    }

    private void assertExact(IngestSummary summary) throws Exception {
        assertThat(retried).anyMatch(message -> message.startsWith("UNAVAILABLE"));
        assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(summary.getReceived()).isEqualTo(ROWS);
        assertThat(summary.getInserted())
                .as("every row inserted once, none twice")
                .isEqualTo(ROWS);
        assertThat(new Checks(stores.url()).products()).isEqualTo(ROWS);
    }

    private static long committed(String jobId) {
        return Jdbi.create(stores.url())
                .withHandle(h -> h.createQuery("SELECT committed_offset FROM ingest_jobs WHERE job_id = :id")
                        .bind("id", jobId)
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(0L));
    }
}
