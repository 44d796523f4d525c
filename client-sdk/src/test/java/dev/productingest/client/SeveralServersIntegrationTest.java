package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.ServerPair;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One client over several servers: loads go round them, and an address that is down is passed over. */
class SeveralServersIntegrationTest {
    @RegisterExtension
    static final ServerPair servers = ServerPair.perClass();

    static final TestServer a = servers.a();
    static final TestServer b = servers.b();

    @Test
    void withOneAddressDownEveryLoadCompletesOnTheOthers() throws Exception {
        String down = "localhost:" + unusedPort();
        List<ProductRow> rows = catalog(5_000, 0);
        Set<String> servers = new HashSet<>();
        try (IngestClient client =
                IngestClient.builder(down + "," + a.target() + "," + b.target()).build()) {
            for (int i = 0; i < 6; i++) {
                IngestSummary summary =
                        client.load(IngestOptions.defaults().withJobId("spread-" + i), RowSource.of(rows.iterator()));
                assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
                assertThat(summary.getReceived()).isEqualTo(5_000);
                servers.add(client.job("spread-" + i).orElseThrow().getServer());
            }
        }
        assertThat(servers).as("loads went to both live servers").containsExactlyInAnyOrder("server-a", "server-b");
        assertThat(ProductTable.read(a.jdbi())).hasSize(5_000);
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
