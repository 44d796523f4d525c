package dev.productingest.client;

import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.rules.RowValidator;
import dev.productingest.server.testing.AcceptedSkus;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK reads back what it loaded, one SKU at a time and by lookups, exactly as it was loaded, whatever the SKU. */
class ProductReadsIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void theNamedSkusReadBackAsTheRowsLoaded() throws Exception {
        assertReadBack(AcceptedSkus.NAMED, "named");
    }

    /**
     * A property: SKUs drawn across every class of character the rules accept read back, by {@code product} and by
     * {@code products}, equal to the rows loaded. {@code -Dskus.seed=N} runs one seed again; {@code -Dskus.count=N}
     * draws more.
     */
    @Test
    void anySkuTheRulesAcceptReadsBackAsTheRowLoaded() throws Exception {
        long seed = Long.getLong("skus.seed", System.nanoTime());
        List<String> skus = new ArrayList<>(AcceptedSkus.NAMED);
        AcceptedSkus.draw(seed, Integer.getInteger("skus.count", 400)).stream()
                .filter(s -> !skus.contains(s))
                .forEach(skus::add);
        try {
            assertReadBack(skus, "drawn");
        } catch (AssertionError e) {
            throw new AssertionError("with -Dskus.seed=" + seed + ": " + e.getMessage(), e);
        }
    }

    @Test
    void aSkuWithNoProductIsEmptyByItselfAndLeftOutOfALookup() throws Exception {
        try (IngestClient client = client().build()) {
            load(client, List.of(row("HERE/1", 0)), "one");

            assertThat(client.product("GONE/1")).isEmpty();
            assertThat(client.products(List.of("GONE/1", "HERE/1", "GONE/2"))).containsOnlyKeys("HERE/1");
            assertThatThrownBy(() -> client.product("has space"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("whitespace");
        }
    }

    @Test
    void aLookupLargerThanOneAnswerIsReadInSeveralInTheOrderAsked() throws Exception {
        // Products at the proto's limits: a dozen fill an answer's MiB, so most of each lookup is left unread and asked
        // again.
        List<ProductRow> rows = IntStream.range(0, 150)
                .mapToObj(i -> largest(String.format("BIG/%03d", 149 - i)))
                .toList();
        try (IngestClient client = client().build()) {
            load(client, rows, "largest");

            Map<String, ProductRow> read =
                    client.products(rows.stream().map(ProductRow::getSku).toList());

            assertThat(read.keySet())
                    .containsExactlyElementsOf(
                            rows.stream().map(ProductRow::getSku).toList());
            assertThat(read.values()).containsExactlyElementsOf(rows);
        }
    }

    @Test
    void readsCarryTheBearerTokenAndARefusalIsAnIngestExceptionWithItsCode() throws Exception {
        try (TestServer guarded = TestServer.start(
                        ConfigOverride.config("auth.ingestToken", "producer-s3cret-token"),
                        ConfigOverride.config("auth.readToken", "reader-s3cret-token"),
                        ConfigOverride.config("http.publicReads", "false"));
                IngestClient producer = IngestClient.builder(guarded.target())
                        .restUrl(guarded.http())
                        .bearerToken("producer-s3cret-token")
                        .build();
                IngestClient reader = IngestClient.builder(guarded.target())
                        .restUrl(guarded.http())
                        .bearerToken("reader-s3cret-token")
                        .build();
                IngestClient nobody = IngestClient.builder(guarded.target())
                        .restUrl(guarded.http())
                        .build()) {
            load(producer, List.of(row("S/M/L", 0)), "guarded");

            assertThat(reader.product("S/M/L")).contains(row("S/M/L", 0));
            assertThat(reader.products(List.of("S/M/L"))).containsEntry("S/M/L", row("S/M/L", 0));
            assertThatThrownBy(() -> nobody.product("S/M/L"))
                    .isInstanceOfSatisfying(
                            IngestException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> producer.products(List.of("S/M/L")))
                    .isInstanceOfSatisfying(
                            IngestException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
    }

    @Test
    void aClientWithNoRestUrlSaysHowToGiveOne() throws Exception {
        try (IngestClient client = IngestClient.builder(server.target()).build()) {
            assertThatThrownBy(() -> client.product("A"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("restUrl(");
        }
        assertThatThrownBy(() -> IngestClient.builder(server.target()).restUrl("localhost:8080"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertReadBack(List<String> skus, String jobId) throws Exception {
        List<ProductRow> rows = skus.stream().map(sku -> row(sku, 0)).toList();
        try (IngestClient client = client().build()) {
            load(client, rows, jobId);

            Map<String, ProductRow> loaded = rows.stream()
                    .collect(
                            Collectors.toMap(ProductRow::getSku, Function.identity(), (a, b) -> a, LinkedHashMap::new));
            List<String> wrong = new ArrayList<>();
            for (ProductRow expected : rows) {
                ProductRow read = client.product(expected.getSku()).orElse(null);
                if (!expected.equals(read)) {
                    wrong.add(AcceptedSkus.codePoints(expected.getSku()) + " read as " + read);
                }
            }
            Map<String, ProductRow> lookedUp = client.products(skus);

            assertThat(wrong).as("SKUs not read back by product()").isEmpty();
            assertThat(lookedUp).as("what products() read back").isEqualTo(loaded);
        }
    }

    private static void load(IngestClient client, List<ProductRow> rows, String jobId) {
        IngestSummary summary = client.load(IngestOptions.defaults().withJobId(jobId), RowSource.of(rows.iterator()));
        assertThat(summary.getRejected())
                .as("rejected: %s", summary.getFirstRejectsList())
                .isZero();
        assertThat(summary.getInserted()).isEqualTo(rows.size());
    }

    private static IngestClient.Builder client() {
        return IngestClient.builder(server.target()).restUrl(server.http());
    }

    /** A product at the proto's limits: the longest description, and every attribute at its longest value. */
    private static ProductRow largest(String sku) {
        ProductRow.Builder row = row(sku, 0).toBuilder()
                .setDescription("d".repeat(RowValidator.MAX_DESCRIPTION))
                .clearAttributes();
        for (int a = 0; a < RowValidator.MAX_ATTRIBUTES; a++) {
            row.putAttributes(String.format("attribute-%02d", a), "v".repeat(RowValidator.MAX_ATTRIBUTE_VALUE));
        }
        return row.build();
    }
}
