package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.grpc.Status;
import java.time.Duration;
import java.util.Iterator;
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
        try (IngestClient client = IngestClient.builder(server.target()).deadline(Duration.ofMillis(1_500)).build()) {
            summary = client.load(IngestOptions.defaults().withJobId("too-slow"), RowSource.of(slowly(rows.iterator())));

            assertThat(summary.getState()).isEqualTo(JobState.CANCELLED);
            assertThat(summary.getError()).contains("deadline");
            assertThat(summary.getCommittedOffset()).isBetween(1L, 29_999L);
            assertThat(summary.getReceived()).isEqualTo(summary.getCommittedOffset());
            assertThat(ProductTable.read(server.jdbi())).hasSize((int) summary.getInserted());

            IngestException again = catchThrowableOfType(IngestException.class,
                    () -> client.load(IngestOptions.defaults().withJobId("too-slow"), RowSource.of(rows.iterator())));
            assertThat(again.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(again.getMessage()).contains("CANCELLED");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A pause every 1000 rows: about 4.5 s for the whole catalog. */
    private static Iterator<ProductRow> slowly(Iterator<ProductRow> rows) {
        return new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public ProductRow next() {
                if (++n % 1_000 == 0) {
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return rows.next();
            }
        };
    }
}
