package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.server.testing.PacedRows;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A load that outlives its deadline ends its job as CANCELLED, with what was committed kept and reported. */
class DeadlineIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aPassedDeadlineEndsTheJobAsCancelledKeepingWhatWasCommitted() {
        List<ProductRow> rows = catalog(30_000, 0);
        IngestSummary summary;
        try (IngestClient client = IngestClient.builder(server.target())
                .deadline(Duration.ofMillis(1_500))
                .build()) {
            summary = client.load(
                    IngestOptions.defaults().withJobId("too-slow"),
                    RowSource.of(new PacedRows(rows.iterator(), 1_000, 150)));

            assertThat(summary.getState()).isEqualTo(JobState.CANCELLED);
            assertThat(summary.getError()).contains("deadline");
            assertThat(summary.getCommittedOffset()).isBetween(1L, 29_999L);
            assertThat(summary.getReceived()).isEqualTo(summary.getCommittedOffset());
            assertThat(ProductTable.read(server.jdbi())).hasSize((int) summary.getInserted());

            IngestException again = catchThrowableOfType(
                    IngestException.class,
                    () -> client.load(IngestOptions.defaults().withJobId("too-slow"), RowSource.of(rows.iterator())));
            assertThat(again.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(again.getMessage()).contains("CANCELLED");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
