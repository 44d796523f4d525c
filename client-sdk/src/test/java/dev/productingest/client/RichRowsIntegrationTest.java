package dev.productingest.client;

import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.rules.RowValidator;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rows at the proto's stated limits load with the SDK's defaults; a row too large for any message is rejected alone.
 */
class RichRowsIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    /** A row at every stated limit but the attribute count: 8 KB of description, 30 attributes of 500 characters. */
    private static ProductRow rich(int i) {
        ProductRow.Builder row = row(String.format("RICH-%05d", i), 0).toBuilder()
                .setDescription("d".repeat(RowValidator.MAX_DESCRIPTION))
                .setName("n".repeat(RowValidator.MAX_NAME));
        for (int a = 0; a < 30; a++) {
            row.putAttributes("attribute-" + a, Integer.toString(i % 10).repeat(500));
        }
        return row.build();
    }

    @Test
    void aCatalogOfRowsAtTheStatedLimitsLoadsWithTheDefaults() throws Exception {
        List<ProductRow> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            rows.add(rich(i));
        }

        IngestSummary summary;
        try (IngestClient client = IngestClient.builder(server.target()).build()) {
            summary = client.load(IngestOptions.defaults().withJobId("rich"), RowSource.of(rows.iterator()));
        }

        assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(summary.getInserted()).isEqualTo(3_000);
        assertThat(summary.getRejected()).isZero();
        Map<String, ProductRow> table = ProductTable.read(server.jdbi());
        assertThat(table).hasSize(3_000);
        assertThat(table.get("RICH-01234")).isEqualTo(rows.get(1234));
    }

    @Test
    void aRowTooLargeForAnyMessageIsRejectedAndTheLoadGoesOn() throws Exception {
        List<ProductRow> rows = new ArrayList<>(List.of(
                row("BEFORE", 0),
                row("HUGE", 0).toBuilder()
                        .setDescription("x".repeat(5 * 1024 * 1024))
                        .build(),
                row("AFTER", 0)));

        IngestSummary summary;
        try (IngestClient client = IngestClient.builder(server.target()).build()) {
            summary = client.load(IngestOptions.defaults().withJobId("huge"), RowSource.of(rows.iterator()));
        }

        assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(summary.getInserted()).isEqualTo(2);
        assertThat(summary.getRejected()).isEqualTo(1);
        assertThat(summary.getFirstRejects(0).getOffset()).isEqualTo(1);
        assertThat(summary.getFirstRejects(0).getSku()).isEqualTo("HUGE");
        assertThat(summary.getFirstRejects(0).getReason()).contains("more than fits in one message");
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("BEFORE", "AFTER");
    }
}
