package dev.productingest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.productingest.server.store.StoredProduct;
import io.dropwizard.jackson.Jackson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A page of products bounded by rows and by bytes of JSON, and where the next page starts. */
class ProductPageTest {
    private static final ObjectMapper JSON =
            Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aPageFullOfRowsNamesItsLastSkuAsNext() throws Exception {
        ProductPage page = new ProductPage(JSON.writer(), 2, 1 << 20);

        assertThat(page.add(product("A", 10))).isTrue();
        assertThat(page.add(product("B", 10))).isTrue();
        assertThat(page.add(product("C", 10))).isFalse();

        JsonNode json = JSON.readTree(page.toJson());
        assertThat(json.get("products").findValuesAsText("sku")).containsExactly("A", "B");
        assertThat(json.get("next").asText()).isEqualTo("B");
    }

    @Test
    void aPageEndsBeforeTheProductThatWouldPassTheBoundAndStaysUnderIt() throws Exception {
        int oneProduct = JSON.writeValueAsBytes(Product.of(product("P000", 3000))).length;
        int bound = 3 * oneProduct + 1000; // three and the page's own few hundred bytes, not four
        ProductPage page = new ProductPage(JSON.writer(), 1000, bound);

        int taken = 0;
        while (page.add(product(String.format("P%03d", taken), 3000))) {
            taken++;
        }

        byte[] bytes = page.toJson();
        JsonNode json = JSON.readTree(bytes);
        assertThat(bytes.length).isLessThanOrEqualTo(bound);
        assertThat(taken).isEqualTo(3);
        assertThat(json.get("products")).hasSize(taken);
        assertThat(json.get("next").asText())
                .as("the next page starts at the product left out")
                .isEqualTo("P002");
    }

    @Test
    void theFirstProductIsTakenWhateverItsSizeSoThatPagingMovesOn() throws Exception {
        ProductPage page = new ProductPage(JSON.writer(), 1000, 100);

        assertThat(page.add(product("BIG", 5000))).isTrue();
        assertThat(page.add(product("NEXT", 1))).isFalse();

        assertThat(JSON.readTree(page.toJson()).get("next").asText()).isEqualTo("BIG");
    }

    @Test
    void theLastPageHasNoNext() throws Exception {
        ProductPage page = new ProductPage(JSON.writer(), 10, 1 << 20);
        page.add(product("A", 10));

        JsonNode json = JSON.readTree(page.toJson());
        assertThat(json.get("products")).hasSize(1);
        assertThat(json.get("next").isNull()).isTrue();
        assertThat(JSON.readTree(new ProductPage(JSON.writer(), 10, 1 << 20).toJson())
                        .get("products"))
                .isEmpty();
    }

    @Test
    void eachProductIsWrittenAsTheProductApiWritesIt() throws Exception {
        ProductPage page = new ProductPage(JSON.writer(), 10, 1 << 20);
        StoredProduct stored = product("A\"\u0001", 10);
        page.add(stored);

        assertThat(new String(page.toJson(), StandardCharsets.UTF_8))
                .contains(JSON.writeValueAsString(Product.of(stored)));
    }

    private static StoredProduct product(String sku, int descriptionLength) {
        return new StoredProduct(
                sku,
                "Product " + sku,
                "d".repeat(descriptionLength),
                "c",
                1234,
                "EUR",
                5,
                true,
                Map.of("colour", "red"),
                Instant.parse("2024-05-01T12:00:00Z"),
                Instant.parse("2024-05-01T12:00:00Z"),
                Instant.parse("2024-05-01T12:00:00Z"));
    }
}
