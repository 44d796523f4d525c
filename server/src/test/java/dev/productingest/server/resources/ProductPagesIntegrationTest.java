package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.rules.RowValidator;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.ProductRow;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /products} pages are bounded by bytes as well as rows, and paging still returns every product once. */
class ProductPagesIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PRODUCTS = 100;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void pagesOfTheLargestProductsStayUnderTheBoundAndPagingReturnsEachOnce() throws Exception {
        List<ProductRow> rows = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            // Every other product at the proto's limits, the rest ordinary.
            rows.add(i % 2 == 0 ? largest(Products.sku(i)) : Products.row(Products.sku(i), 0));
        }
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(IngestCall.header("largest"));
        requests.addAll(IngestCall.chunks(0, rows, 20));
        IngestCall.Result loaded = IngestCall.run(server.asyncStub(), requests);
        assertThat(loaded.ok()).isTrue();
        assertThat(loaded.summary().getInserted()).isEqualTo(PRODUCTS);

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String next = "";
        do {
            byte[] body = get("/products?limit=1000&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            assertThat(body.length).as("page %d", pages).isLessThanOrEqualTo(ProductResource.MAX_PAGE_BYTES);
            JsonNode page = JSON.readTree(body);
            page.get("products").forEach(p -> seen.add(p.get("sku").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null);

        assertThat(seen)
                .as("every product, once, in SKU order")
                .isEqualTo(rows.stream().map(ProductRow::getSku).toList());
        assertThat(pages).as("pages ended by the byte bound").isGreaterThan(3);
    }

    /** A product at the proto's limits: the longest description, and every attribute at its longest value. */
    private static ProductRow largest(String sku) {
        ProductRow.Builder row = Products.row(sku, 0).toBuilder()
                .setDescription("d".repeat(RowValidator.MAX_DESCRIPTION))
                .clearAttributes();
        for (int a = 0; a < RowValidator.MAX_ATTRIBUTES; a++) {
            row.putAttributes(String.format("attribute-%02d", a), "v".repeat(RowValidator.MAX_ATTRIBUTE_VALUE));
        }
        return row.build();
    }

    private static byte[] get(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }
}
