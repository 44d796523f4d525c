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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database vanishing mid-load as a failover or a lost host does (every open connection stays open and answers
 * nothing, new connections work): the batches in flight fail within the socket timeout, dead connections are dropped,
 * and the load resumes and ends with an exact table.
 */
class SilencedDatabaseIntegrationTest {
    private static final TcpProxy PROXY = TcpProxy.to(TestDatabase.server().port());

    @RegisterExtension
    static final TestServer server = TestServer.perClassThrough(
            PROXY,
            // Short, so the test is: config.yml's 30 s is the same mechanism.
            ConfigOverride.config("database.properties.socketTimeout", "3"),
            // The broken stream cannot release its job over a dead connection: the job waits for its
            // lease to run out (30 s by default, which the SDK's retries outlast) before a resume.
            ConfigOverride.config("ingest.lease", "5s"));

    @AfterAll
    static void closeProxy() throws Exception {
        PROXY.close();
    }

    @Test
    void aLoadWhoseDatabaseConnectionsFallSilentMidLoadResumesAndEndsExact() throws Exception {
        List<ProductRow> rows = catalog(20_000, 0);
        try (IngestClient client = IngestClient.builder(server.target()).build()) {
            CompletableFuture<IngestSummary> load = client.loadAsync(
                    IngestOptions.defaults().withJobId("through-silence"),
                    () -> RowSource.of(new PacedRows(rows.iterator(), 1_000, 100)));
            Conditions.await("some rows commit", () -> committed() >= 3_000);

            assertThat(PROXY.silenceOpenConnections())
                    .as("connections the server held")
                    .isPositive();
            IngestSummary summary = load.get(3, TimeUnit.MINUTES);

            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getReceived()).isEqualTo(20_000);
            assertThat(summary.getInserted() + summary.getUpdated() + summary.getUnchanged())
                    .isEqualTo(20_000);
            assertThat(ProductTable.read(server.jdbi())).hasSize(20_000);
        }
    }

    private static long committed() {
        return server.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT committed_offset FROM ingest_jobs WHERE job_id = 'through-silence'")
                                .mapTo(Long.class)
                                .findOne()
                                .orElse(0L));
    }
}
