package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One client over several servers: loads go round them, and an address that is down is passed over. */
class SeveralServersIntegrationTest {
    @RegisterExtension
    static final TestServer a = TestServer.perClass(ConfigOverride.config("ingest.instanceId", "a"));
    private static TestServer b;

    @BeforeAll
    static void startSecond() throws Exception {
        b = a.startAnother(ConfigOverride.config("ingest.instanceId", "b"));
    }

    @AfterAll
    static void stopSecond() throws Exception {
        b.close();
    }

    @Test
    void withOneAddressDownEveryLoadCompletesOnTheOthers() throws Exception {
        String down = "localhost:" + unusedPort();
        List<ProductRow> rows = catalog(5_000, 0);
        Set<String> owners = new HashSet<>();
        try (IngestClient client = IngestClient.builder(down + "," + a.target() + "," + b.target()).build()) {
            for (int i = 0; i < 6; i++) {
                IngestSummary summary = client.load(IngestOptions.defaults().withJobId("spread-" + i), RowSource.of(rows.iterator()));
                assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
                assertThat(summary.getReceived()).isEqualTo(5_000);
                owners.add(client.job("spread-" + i).orElseThrow().getOwner());
            }
        }
        assertThat(owners).as("loads went to both live servers").containsExactlyInAnyOrder("a", "b");
        assertThat(ProductTable.read(a.jdbi())).hasSize(5_000);
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
