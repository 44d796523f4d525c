package dev.productingest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.productingest.rules.RowValidator;
import dev.productingest.server.store.StoredProduct;
import io.dropwizard.jackson.Jackson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer to a lookup of SKUs: products in the order asked, the missing, and what did not fit the bound. */
class ProductLookupTest {
    private static final ObjectMapper JSON =
            Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void productsKeepTheOrderAskedBesideTheSkusWithNone() throws Exception {
        ProductLookup lookup = new ProductLookup(JSON.writer(), 3, 1 << 20);
        lookup.found("B", product("B", 10));
        lookup.missing("Z/\"");
        lookup.found("A", product("A", 10));

        JsonNode json = JSON.readTree(lookup.toJson());

        assertThat(json.get("products").findValuesAsText("sku")).containsExactly("B", "A");
        assertThat(json.get("missing")).extracting(JsonNode::asText).containsExactly("Z/\"");
        assertThat(json.get("unread")).isEmpty();
    }

    @Test
    void theProductThatWouldPassTheBoundAndEverySkuAfterItAreUnreadAndTheAnswerStaysUnderIt() throws Exception {
        int oneProduct = product("P0", 3000).length;
        int asked = 6;
        // Room for three products, the lists of SKUs at their longest, and no more.
        int bound = 3 * oneProduct + asked * (6 * RowValidator.MAX_SKU + 3) + 100;
        ProductLookup lookup = new ProductLookup(JSON.writer(), asked, bound);

        for (int i = 0; i < asked; i++) {
            if (lookup.hasRoom()) {
                lookup.found("P" + i, product("P" + i, 3000));
            } else {
                lookup.unread("P" + i);
            }
        }
        byte[] bytes = lookup.toJson();
        JsonNode json = JSON.readTree(bytes);

        assertThat(bytes.length).isLessThanOrEqualTo(bound);
        assertThat(json.get("products").findValuesAsText("sku")).containsExactly("P0", "P1", "P2");
        assertThat(json.get("unread")).extracting(JsonNode::asText).containsExactly("P3", "P4", "P5");
    }

    @Test
    void theFirstProductIsTakenWhateverItsSizeSoThatAskingAgainMovesOn() throws Exception {
        ProductLookup lookup = new ProductLookup(JSON.writer(), 2, 100);
        lookup.found("BIG", product("BIG", 5000));
        lookup.found("NEXT", product("NEXT", 1));

        JsonNode json = JSON.readTree(lookup.toJson());

        assertThat(json.get("products").findValuesAsText("sku")).containsExactly("BIG");
        assertThat(json.get("unread")).extracting(JsonNode::asText).containsExactly("NEXT");
    }

    @Test
    void eachProductIsCopiedAsThePathReadAnswersIt() throws Exception {
        ProductLookup lookup = new ProductLookup(JSON.writer(), 1, 1 << 20);
        byte[] product = product("A\"\u0001", 10);
        lookup.found("A\"\u0001", product);

        assertThat(new String(lookup.toJson(), StandardCharsets.UTF_8))
                .contains(new String(product, StandardCharsets.UTF_8));
    }

    private static byte[] product(String sku, int descriptionLength) throws Exception {
        return JSON.writeValueAsBytes(Product.of(new StoredProduct(
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
                Instant.parse("2024-05-01T12:00:00Z"))));
    }
}
