package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.AcceptedSkus;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A SKU is written into a URI so that the URI's own reading gives the SKU back, as one segment or one value. */
class SkuEncodingTest {
    @Test
    void theNamedSkusAreWrittenWithTheirDelimitersAndDotSegmentsEncoded() {
        assertThat(SkuEncoding.pathSegment("A/B-1")).isEqualTo("A%2FB-1");
        assertThat(SkuEncoding.pathSegment("C%D")).isEqualTo("C%25D");
        assertThat(SkuEncoding.pathSegment("..")).isEqualTo("%2E%2E");
        assertThat(SkuEncoding.pathSegment(".")).isEqualTo("%2E");
        assertThat(SkuEncoding.pathSegment("x/../y")).isEqualTo("x%2F..%2Fy");
        assertThat(SkuEncoding.pathSegment("back\\slash")).isEqualTo("back%5Cslash");
        assertThat(SkuEncoding.pathSegment("É-ü")).isEqualTo("%C3%89-%C3%BC");
        assertThat(SkuEncoding.pathSegment("a+b")).isEqualTo("a%2Bb");
        assertThat(SkuEncoding.pathSegment("p;q")).isEqualTo("p%3Bq");
        assertThat(SkuEncoding.queryValue("..")).as("a query keeps its dots").isEqualTo("..");
        assertThat(SkuEncoding.queryValue("x?y#h&sku=z")).isEqualTo("x%3Fy%23h%26sku%3Dz");
    }

    @Test
    void anySkuTheRulesAcceptIsOnePathSegmentAndOneQueryValueThatDecodeToIt() {
        long seed = Long.getLong("skus.seed", System.nanoTime());
        for (String sku : AcceptedSkus.draw(seed, 2_000)) {
            String segment = SkuEncoding.pathSegment(sku);
            URI path = URI.create("http://localhost/products/" + segment);
            URI query = URI.create("http://localhost/products?sku=" + SkuEncoding.queryValue(sku));

            assertThat(segment)
                    .as("seed %d, %s", seed, AcceptedSkus.codePoints(sku))
                    .doesNotContain("/")
                    .isNotIn(".", "..");
            assertThat(path.getPath())
                    .as("seed %d, %s", seed, AcceptedSkus.codePoints(sku))
                    .isEqualTo("/products/" + sku);
            assertThat(query.getQuery())
                    .as("seed %d, %s", seed, AcceptedSkus.codePoints(sku))
                    .isEqualTo("sku=" + sku);
            assertThat(query.getRawQuery()).as("one parameter").doesNotContain("&", "#");
        }
    }
}
