package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RetryPolicy;
import dev.productingest.client.RowSource;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.Products;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot's server killed with SIGKILL while it retires the products the snapshot did not carry: the producer's
 * resumed stream, on the replacement, finishes the retire, and every missing product is retired exactly once.
 */
class SnapshotServerKilledIntegrationTest {
    private static final int STORED = 20_000;
    private static final int SENT = 10_000;
    private static final String ADMIN_TOKEN = "admin-kill-test-token";

    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    @Test
    void aRetireCutShortByAKilledServerIsFinishedByTheResumedStream() throws Exception {
        // One product per retire transaction: the retire takes long enough to be killed in the middle.
        // Retiring half the catalog is above the server's guard: the administrator's to allow.
        Map<String, String> env = Map.of(
                "GRPC_PORT",
                String.valueOf(ServerProcess.freePort()),
                "INGEST_LEASE",
                "3s",
                "SNAPSHOT_RETIRE_BATCH",
                "1",
                "ADMIN_TOKEN",
                ADMIN_TOKEN);
        Jdbi jdbi = Jdbi.create(stores.url());
        List<ProductRow> stored = Products.catalog(STORED, 0);
        ServerProcess first = ServerProcess.start(
                Bench.repoRoot(), stores.url(), stores.redisUrl(), stores.dir().resolve("first.log"), "256m", env);
        ServerProcess second = null;
        try (IngestClient client = IngestClient.builder(first.target())
                .bearerToken(ADMIN_TOKEN)
                .retry(RetryPolicy.defaults().withAttempts(30))
                .build()) {
            assertThat(client.load(IngestOptions.defaults().withJobId("stored"), () -> RowSource.of(stored.iterator()))
                            .getInserted())
                    .isEqualTo(STORED);
            CompletableFuture<IngestSummary> snapshot = client.loadAsync(
                    IngestOptions.defaults().withJobId("snapshot").withSnapshot(new IngestOptions.Snapshot(null, 1.0)),
                    () -> RowSource.of(stored.subList(0, SENT).iterator()));
            Conditions.await(
                    "the snapshot retires its first products", Duration.ofMinutes(1), () -> retired(jdbi) >= 200);

            first.kill();
            long retiredBeforeTheKill = retired(jdbi);
            second = ServerProcess.start(
                    Bench.repoRoot(),
                    stores.url(),
                    stores.redisUrl(),
                    stores.dir().resolve("second.log"),
                    "256m",
                    env);
            IngestSummary summary = snapshot.get(3, TimeUnit.MINUTES);

            assertThat(retiredBeforeTheKill)
                    .as("killed in the middle of the retire")
                    .isLessThan(STORED - SENT);
            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getUnchanged()).isEqualTo(SENT);
            assertThat(summary.getRetired())
                    .as("every missing product retired once")
                    .isEqualTo(STORED - SENT);
            assertThat(count(jdbi, "SELECT count(*) FROM products WHERE deleted_at IS NULL"))
                    .isEqualTo(SENT);
            assertThat(count(
                            jdbi,
                            "SELECT count(*) FROM products WHERE deleted_at IS NOT NULL AND sku >= '"
                                    + Products.sku(SENT) + "'"))
                    .isEqualTo(STORED - SENT);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static long retired(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT retired FROM ingest_jobs WHERE job_id = 'snapshot'")
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
