package dev.productingest.server.ingest;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RejectsIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    /** One bad row per rule, each with the field it names and a phrase of its reason. */
    private static Map<ProductRow, String[]> badRows() {
        Map<ProductRow, String[]> bad = new LinkedHashMap<>();
        bad.put(row("", 0), new String[] {"sku", "empty"});
        bad.put(row("X".repeat(65), 0), new String[] {"sku", "longer than 64"});
        bad.put(row("HAS SPACE", 0), new String[] {"sku", "whitespace"});
        bad.put(row("CTRL\u0007", 0), new String[] {"sku", "control"});
        bad.put(row("NONAME", 0).toBuilder().setName(" ").build(), new String[] {"name", "empty"});
        bad.put(row("LONGNAME", 0).toBuilder().setName("n".repeat(513)).build(), new String[] {"name", "longer than 512"
        });
        bad.put(row("NUL", 0).toBuilder().setDescription("a\0b").build(), new String[] {"description", "NUL"});
        bad.put(row("NEGPRICE", 0).toBuilder().setPriceMinor(-1).build(), new String[] {"price_minor", "negative"});
        bad.put(
                row("BADCUR", 0).toBuilder().setCurrency("XYZ").build(),
                new String[] {"currency", "not a known ISO 4217"});
        bad.put(row("LOWERCUR", 0).toBuilder().setCurrency("eur").build(), new String[] {"currency", "three upper-case"
        });
        bad.put(row("GOLD", 0).toBuilder().setCurrency("XAU").build(), new String[] {"currency", "no minor unit"});
        bad.put(row("NEGSTOCK", 0).toBuilder().setStock(-5).build(), new String[] {"stock", "negative"});
        bad.put(row("NOTIME", 0).toBuilder().clearUpdatedAt().build(), new String[] {"updated_at", "missing"});
        bad.put(
                row("NANOS", 0).toBuilder()
                        .setUpdatedAt(Timestamp.newBuilder().setSeconds(1).setNanos(1))
                        .build(),
                new String[] {"updated_at", "sub-microsecond"});
        bad.put(
                row("FARFUTURE", 0).toBuilder()
                        .setUpdatedAt(Timestamp.newBuilder().setSeconds(253_402_300_800L))
                        .build(),
                new String[] {"updated_at", "outside"});
        ProductRow.Builder many = row("MANYATTRS", 0).toBuilder();
        for (int i = 0; i < 65; i++) {
            many.putAttributes("k" + i, "v");
        }
        bad.put(many.build(), new String[] {"attributes", "more than 64"});
        bad.put(
                row("LONGATTR", 0).toBuilder()
                        .putAttributes("k", "v".repeat(1025))
                        .build(),
                new String[] {"attributes", "longer than 1024"});
        return bad;
    }

    @Test
    void eachRuleRejectsItsRowWithAReasonWhileValidRowsOfTheChunkLand() {
        Map<ProductRow, String[]> bad = badRows();
        List<ProductRow> chunk = new ArrayList<>();
        for (ProductRow b : bad.keySet()) {
            chunk.add(row("GOOD-" + chunk.size(), 0));
            chunk.add(b);
        }

        IngestSummary s = IngestCall.run(server.asyncStub(), List.of(header("rules"), chunk(0, chunk)))
                .summary();

        assertThat(s.getRejected()).isEqualTo(bad.size());
        assertThat(s.getInserted()).isEqualTo(bad.size());
        assertThat(s.getReceived()).isEqualTo(chunk.size());
        List<RowError> rejects = s.getFirstRejectsList();
        assertThat(rejects).hasSize(bad.size());
        int i = 0;
        for (String[] expected : bad.values()) {
            RowError e = rejects.get(i++);
            assertThat(e.getOffset()).isEqualTo(2L * i - 1);
            assertThat(e.getField()).as("offset %d", e.getOffset()).isEqualTo(expected[0]);
            assertThat(e.getReason()).as("offset %d", e.getOffset()).contains(expected[1]);
        }
        assertThat(ProductTable.read(server.jdbi()).keySet()).allMatch(sku -> sku.startsWith("GOOD-"));
        assertThat(ProductTable.count(server.jdbi(), "SELECT count(*) FROM ingest_rejects WHERE job_id = 'rules'"))
                .isEqualTo(bad.size());
    }

    @Test
    void rowsTheProducerCouldNotReadKeepTheirOffsetsAndAreStoredAsRejects() {
        IngestRequest chunk = IngestRequest.newBuilder()
                .setChunk(RowChunk.newBuilder()
                        .setFirstOffset(0)
                        .addRows(row("A", 0))
                        .addUnreadable(RowError.newBuilder()
                                .setOffset(1)
                                .setSku("B")
                                .setField("price")
                                .setReason("record 2: price 'abc' is not a decimal number"))
                        .addRows(row("C", 0)))
                .build();

        IngestSummary s = IngestCall.run(server.asyncStub(), List.of(header("unreadable"), chunk))
                .summary();

        assertThat(s.getReceived()).isEqualTo(3);
        assertThat(s.getInserted()).isEqualTo(2);
        assertThat(s.getRejected()).isEqualTo(1);
        assertThat(s.getFirstRejects(0))
                .isEqualTo(RowError.newBuilder()
                        .setOffset(1)
                        .setSku("B")
                        .setField("price")
                        .setReason("record 2: price 'abc' is not a decimal number")
                        .build());
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("A", "C");
    }

    @Test
    void theErrorBudgetStopsTheJobAndKeepsWhatWasCommitted() {
        List<ProductRow> rows = new ArrayList<>(catalog(1_500, 0));
        for (int i = 0; i < 3; i++) {
            rows.add(row("BAD " + i, 0));
        }
        rows.addAll(catalog(3_000, 0).subList(1_500, 3_000));

        IngestCall.Result result =
                IngestCall.run(server.asyncStub(), concat(header("budget", 2), IngestCall.chunks(0, rows, 500)));

        IngestSummary s = result.summary();
        assertThat(s.getState()).isEqualTo(JobState.FAILED);
        assertThat(s.getError()).contains("error budget exceeded").contains("max_rejected 2");
        assertThat(s.getRejected()).isEqualTo(3);
        assertThat(s.getInserted()).isEqualTo(1_500);
        assertThat(s.getCommittedOffset()).isEqualTo(1_503);
        assertThat(ProductTable.read(server.jdbi())).hasSize(1_500);
    }

    private static List<IngestRequest> concat(IngestRequest first, List<IngestRequest> rest) {
        List<IngestRequest> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
