package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.PacedRows;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TcpProxy;
import dev.productingest.server.testing.TestDatabase;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's database connections fall silent just after a batch's COPY of new rows, while PostgreSQL's side of them
 * stays open (a partition, a NAT or firewall change): that batch's session sits idle in its transaction holding the new
 * rows, and every resumed COPY of the same SKUs waits for it. PostgreSQL ends the session after its idle-in-transaction
 * timeout, the resumes' waits time out meanwhile and are retried, and the load ends exact.
 */
class OrphanedSessionIntegrationTest {
    // PostgreSQL's CommandComplete of a COPY: 'C', the message's length, "COPY <rows>".
    private static final Pattern COPY_DONE = Pattern.compile("C\u0000\u0000\u0000.COPY \\d+\u0000", Pattern.DOTALL);
    private static final TcpProxy PROXY = TcpProxy.to(TestDatabase.server().port());

    @RegisterExtension
    static final TestServer server = TestServer.perClassThrough(
            PROXY,
            // The server gives up on its silent connection in 3 s (config.yml: 30 s) and the job's
            // lease runs out in 5, so the load resumes while the silenced session still holds its rows.
            ConfigOverride.config("database.properties.socketTimeout", "3"),
            ConfigOverride.config("ingest.lease", "5s"),
            // It holds them for 20 s (config.yml: 10 s), over many of the resumes' lock waits of 1 s.
            ConfigOverride.config("databaseSessions.idleInTransactionTimeout", "20s"),
            ConfigOverride.config("databaseSessions.lockTimeout", "1s"));

    @AfterAll
    static void closeProxy() throws Exception {
        PROXY.close();
    }

    @Test
    void aSessionLeftHoldingABatchsRowsIsEndedAndTheResumedLoadEndsExact() throws Exception {
        List<ProductRow> rows = catalog(20_000, 0);
        try (IngestClient client = IngestClient.builder(server.target()).build()) {
            CompletableFuture<IngestSummary> load = client.loadAsync(
                    IngestOptions.defaults().withJobId("orphaned"),
                    () -> RowSource.of(new PacedRows(rows.iterator(), 1_000, 100)));
            Conditions.await("some rows commit", () -> committed() >= 3_000);

            assertThat(PROXY.silenceOpenConnectionsWhenTargetSends(COPY_DONE).get(30, TimeUnit.SECONDS))
                    .as("connections the server held")
                    .isPositive();
            Conditions.await(
                    "the silenced batch's session sits idle in its transaction",
                    () -> sessions("state = 'idle in transaction'") > 0);
            Conditions.await(
                    "a resumed batch waits for the rows it holds", () -> sessions("wait_event_type = 'Lock'") > 0);
            IngestSummary summary = load.get(2, TimeUnit.MINUTES);

            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getReceived()).isEqualTo(20_000);
            assertThat(summary.getInserted() + summary.getUpdated() + summary.getUnchanged())
                    .isEqualTo(20_000);
            assertThat(ProductTable.read(server.jdbi())).hasSize(20_000);
            assertThat(sessions("state = 'idle in transaction'"))
                    .as("no session left holding rows")
                    .isZero();
        }
    }

    private static long committed() {
        return server.jdbi()
                .withHandle(h -> h.createQuery("SELECT committed_offset FROM ingest_jobs WHERE job_id = 'orphaned'")
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(0L));
    }

    /** The server's sessions on the test's database in this state, the test's own aside. */
    private static long sessions(String condition) {
        return server.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                        + " AND pid <> pg_backend_pid() AND " + condition)
                                .mapTo(Long.class)
                                .one());
    }
}
