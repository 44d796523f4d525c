package dev.productingest.server.resources;

import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The paginated REST reads and the cached stats. */
class ReadApiIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void productPagesFollowTheirNextCursorThroughACategoryAndEnd() {
        List<ProductRow> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(row(String.format("P-%03d", i), 0).toBuilder()
                    .setCategory(i % 2 == 0 ? "even" : "odd")
                    .setActive(i % 5 != 0)
                    .build());
        }
        load("catalog", rows);

        List<String> seen = new ArrayList<>();
        String next = "";
        int pages = 0;
        do {
            JsonNode page = Rest.ok(server.http() + "/products?category=even&limit=5&after=" + next);
            page.get("products").forEach(p -> seen.add(p.get("sku").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null);

        List<String> expected = IntStream.range(0, 25)
                .filter(i -> i % 2 == 0)
                .mapToObj(i -> String.format("P-%03d", i))
                .toList();
        assertThat(seen).isEqualTo(expected);
        assertThat(pages).isEqualTo(3);
        JsonNode inactive = Rest.ok(server.http() + "/products?active=false");
        assertThat(inactive.findValuesAsText("sku")).containsExactly("P-000", "P-005", "P-010", "P-015", "P-020");
        assertThat(inactive.get("next").isNull()).isTrue();
    }

    @Test
    void aLimitAboveTheCapOrABadFilterIsAClearError() {
        Rest.Response tooMany = Rest.get(server.http() + "/products?limit=5000");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("message").asText())
                .contains("limit 5000")
                .contains("1 to 1000");
        Rest.Response badActive = Rest.get(server.http() + "/products?active=maybe");
        assertThat(badActive.status()).isEqualTo(400);
        assertThat(badActive.body().get("message").asText()).contains("active 'maybe'");
    }

    @Test
    void aParameterThatCannotBeRightIsABadRequestSayingWhich() {
        String[][] cases = {
            {"/products?after=%00", "after is not a valid SKU"},
            {"/products?limit=abc", "limit is not a whole number"},
            {"/products?limit=99999999999999999999", "limit is not a whole number"},
            {"/products?category=a%00b", "category"},
            {"/products/a%20b", "sku is not a valid SKU"},
            {"/products/" + "x".repeat(65), "sku is not a valid SKU"},
            {"/jobs/a%20b", "id is not a job id"},
            {"/jobs?after=%00", "after is not a job id"},
            {"/jobs?limit=-1", "limit -1 is out of range"},
            {"/jobs/some-job/rejects?after=abc", "after is not a whole number"},
        };
        for (String[] c : cases) {
            Rest.Response response = Rest.get(server.http() + c[0]);
            assertThat(response.status()).as(c[0]).isEqualTo(400);
            assertThat(response.body().get("message").asText()).as(c[0]).contains(c[1]);
        }
        // A NUL in the path never reaches the application: the HTTP server refuses it as a bad request, in JSON too.
        Rest.Response nul = Rest.get(server.http() + "/products/a%00b");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body().get("code").asInt()).isEqualTo(400);
    }

    @Test
    void aJobIdThatBreaksTheRuleIsABadRequestNamingTheRuleNotTheId() {
        String id = "job-" + "x".repeat(5_000) + "%3Cscript%3E";
        for (String path : new String[] {"/jobs/" + id, "/jobs/" + id + "/rejects", "/jobs/" + id + "/rejects.csv"}) {
            Rest.Response response = Rest.get(server.http() + path);

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.body().get("message").asText())
                    .as(path)
                    .isEqualTo("id is not a job id: 1..128 characters of letters, digits, '.', '_', ':' or '-'");
        }
    }

    @Test
    void everyRejectedRowOfAJobIsListedInPages() {
        List<ProductRow> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ProductRow r = row(String.format("R-%03d", i), 0);
            rows.add(i % 3 == 0 ? r.toBuilder().setCurrency("XX").build() : r);
        }
        load("with-rejects", rows);

        List<Long> offsets = new ArrayList<>();
        String after = "-1";
        while (after != null) {
            JsonNode page = Rest.ok(server.http() + "/jobs/with-rejects/rejects?limit=4&after=" + after);
            page.get("rejects").forEach(r -> {
                offsets.add(r.get("offset").asLong());
                assertThat(r.get("field").asText()).isEqualTo("currency");
                assertThat(r.get("sku").asText()).startsWith("R-");
            });
            after = page.get("next").isNull() ? null : page.get("next").asText();
        }
        assertThat(offsets).containsExactly(0L, 3L, 6L, 9L, 12L, 15L, 18L, 21L, 24L, 27L);
        assertThat(Rest.get(server.http() + "/jobs/nobody/rejects").status()).isEqualTo(404);
    }

    @Test
    void theRejectsCsvStartsEveryCellASpreadsheetWouldReadAsAFormulaWithAnApostrophe() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example/\",\"click\")";
        RowChunk chunk = RowChunk.newBuilder()
                .setFirstOffset(0)
                .addRows(row(formula, 0).toBuilder().setCurrency("XX").build())
                .addRows(row("SAFE-1", 0).toBuilder().setCurrency("XX").build())
                // The producer names the field and reason of a row it could not read.
                .addUnreadable(RowError.newBuilder()
                        .setOffset(2)
                        .setSku("@SUM(A1)")
                        .setField("+price")
                        .setReason("-1+cmd|' /C calc'!A0"))
                .build();
        assertThat(IngestCall.run(
                                server.asyncStub(),
                                List.of(
                                        IngestCall.header("formulas"),
                                        IngestRequest.newBuilder()
                                                .setChunk(chunk)
                                                .build()))
                        .ok())
                .isTrue();

        HttpResponse<String> csv = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.http() + "/jobs/formulas/rejects.csv"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(csv.statusCode()).isEqualTo(200);
        List<List<String>> records = CsvReader.builder().ofCsvRecord(csv.body()).stream()
                .map(CsvRecord::getFields)
                .toList();
        assertThat(records.get(0)).containsExactly("offset", "sku", "field", "reason");
        assertThat(records.get(1)).startsWith("0", "'" + formula, "currency");
        assertThat(records.get(2)).startsWith("1", "SAFE-1", "currency");
        assertThat(records.get(3)).containsExactly("2", "'@SUM(A1)", "'+price", "'-1+cmd|' /C calc'!A0");
    }

    @Test
    void statsAreComputedOnceForFiftyConcurrentReadersAndDroppedWhenAJobCompletes() throws Exception {
        load(
                "stats-1",
                List.of(row("S-1", 0).toBuilder()
                        .setCategory("tea")
                        .setActive(true)
                        .build()));

        ExecutorService readers = Executors.newFixedThreadPool(50);
        try {
            long loadsBefore = statsLoads();
            List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> Rest.ok(server.http() + "/stats"), readers));
            }
            for (CompletableFuture<JsonNode> answer : answers) {
                JsonNode stats = answer.join();
                assertThat(stats.get("products").asLong()).isEqualTo(1);
                assertThat(stats.get("byCategory").get("tea").asLong()).isEqualTo(1);
            }
            assertThat(statsLoads()).isEqualTo(loadsBefore + 1);
        } finally {
            readers.shutdownNow();
        }

        load(
                "stats-2",
                List.of(
                        row("S-2", 0).toBuilder()
                                .setCategory("tea")
                                .setActive(true)
                                .build(),
                        row("S-3", 0).toBuilder()
                                .setCategory("coffee")
                                .setActive(false)
                                .build()));

        JsonNode after = Rest.ok(server.http() + "/stats");
        assertThat(after.get("products").asLong()).isEqualTo(3);
        assertThat(after.get("active").asLong()).isEqualTo(2);
        assertThat(after.get("byCategory").get("tea").asLong()).isEqualTo(2);
    }

    @Test
    void statsShowTheCatalogAndNothingOfTheJobsThatLoadedIt() {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(IngestRequest.newBuilder()
                .setHeader(IngestCall.header("supplier-x-2024").getHeader().toBuilder()
                        .setSource("sftp://supplier-x/private/catalog.csv"))
                .build());
        requests.addAll(IngestCall.chunks(
                0,
                List.of(
                        row("T-1", 0),
                        row("T-2", 0).toBuilder().setCurrency("XX").build()),
                10));
        assertThat(IngestCall.run(server.asyncStub(), requests).ok()).isTrue();

        JsonNode stats = Rest.ok(server.http() + "/stats");

        List<String> fields = new ArrayList<>();
        stats.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("products", "active", "byCategory", "computedAt");
        assertThat(stats.toString()).doesNotContain("supplier-x", "sftp", "XX");
    }

    private static void load(String jobId, List<ProductRow> rows) {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(IngestCall.header(jobId));
        requests.addAll(IngestCall.chunks(0, rows, 10));
        assertThat(IngestCall.run(server.asyncStub(), requests).ok()).isTrue();
    }

    private static long statsLoads() {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("timers")
                .get(MetricRegistry.name("cache", "stats", "load"))
                .get("count")
                .asLong();
    }
}
