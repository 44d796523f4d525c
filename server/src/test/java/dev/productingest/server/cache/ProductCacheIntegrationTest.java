package dev.productingest.server.cache;

import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.ServerPair;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductRow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /products/{sku} through the near cache of server B while server A writes. */
class ProductCacheIntegrationTest {
    @RegisterExtension
    static final ServerPair servers = ServerPair.perClass();

    static final TestServer a = servers.a();
    static final TestServer b = servers.b();

    @Test
    void aBatchCommittedThroughAInvalidatesBsCachedCopyAsTheMessageReachesB() {
        ProductRow v1 = row("MUG-1", 10).toBuilder().setName("Mug, first").build();
        load("first", v1);
        assertThat(Rest.ok(b.http() + "/products/MUG-1").get("name").asText()).isEqualTo("Mug, first");
        long hitsBefore = hits(b);
        assertThat(Rest.ok(b.http() + "/products/MUG-1").get("name").asText()).isEqualTo("Mug, first");
        assertThat(hits(b)).as("the second read is served from B's near cache").isEqualTo(hitsBefore + 1);

        ProductRow v2 = row("MUG-1", 20).toBuilder()
                .setName("Mug, second")
                .setPriceMinor(1999)
                .build();
        IngestSummary summary = load("second", v2);

        assertThat(summary.getUpdated()).isEqualTo(1);
        // The summary waits for Redis to take the message, not for B to act on it: B drops its copy a
        // moment later, on its own subscriber thread.
        Conditions.await(
                "B reads the new version",
                () -> Rest.ok(b.http() + "/products/MUG-1").get("name").asText().equals("Mug, second"));
        JsonNode after = Rest.ok(b.http() + "/products/MUG-1");
        assertThat(after.get("name").asText()).isEqualTo("Mug, second");
        assertThat(after.get("price").asText()).isEqualTo("19.99");
        assertThat(after.get("priceMinor").asLong()).isEqualTo(1999);
        assertThat(after.get("updatedAt").asText()).startsWith("2024-01-01T00:00:20.000123");
    }

    @Test
    void theWritingServerDropsItsOwnCachedCopyToo() {
        load("own-1", row("OWN-1", 10).toBuilder().setName("Own, first").build());
        assertThat(Rest.ok(a.http() + "/products/OWN-1").get("name").asText()).isEqualTo("Own, first");
        long hitsBefore = hits(a);
        assertThat(Rest.ok(a.http() + "/products/OWN-1").get("name").asText()).isEqualTo("Own, first");
        assertThat(hits(a)).as("A serves the second read from its near cache").isEqualTo(hitsBefore + 1);

        load("own-2", row("OWN-1", 20).toBuilder().setName("Own, second").build());

        assertThat(Rest.ok(a.http() + "/products/OWN-1").get("name").asText()).isEqualTo("Own, second");
    }

    @Test
    void anUnknownSkuIsNotFoundAndBecomesVisibleOnceLoaded() {
        Rest.Response missing = Rest.get(b.http() + "/products/LATE-1");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("message").asText()).contains("no product with SKU 'LATE-1'");

        load("late", row("LATE-1", 0));

        assertThat(Rest.get(b.http() + "/products/LATE-1").status()).isEqualTo(200);
    }

    @Test
    void anUnchangedReloadKeepsTheCachedCopy() {
        ProductRow v1 = row("KEEP-1", 10);
        load("keep-1", v1);
        Rest.ok(b.http() + "/products/KEEP-1");
        long hitsBefore = hits(b);

        IngestSummary again = load("keep-2", v1);

        assertThat(again.getUnchanged()).isEqualTo(1);
        Rest.ok(b.http() + "/products/KEEP-1");
        assertThat(hits(b)).isEqualTo(hitsBefore + 1);
    }

    private static IngestSummary load(String jobId, ProductRow... rows) {
        IngestCall.Result result = IngestCall.load(a.asyncStub(), jobId, List.of(rows));
        assertThat(result.ok()).as("load %s: %s", jobId, result.status()).isTrue();
        return result.summary();
    }

    @Test
    void lookupsOfSkusThatDoNotExistAreNotCached() {
        long sizeBefore = cachedProducts(b);
        for (int i = 0; i < 50; i++) {
            assertThat(Rest.get(b.http() + "/products/NOPE-" + i).status()).isEqualTo(404);
        }
        long hitsBefore = hits(b);
        assertThat(Rest.get(b.http() + "/products/NOPE-1").status()).isEqualTo(404);

        assertThat(hits(b)).isEqualTo(hitsBefore);
        assertThat(cachedProducts(b)).isEqualTo(sizeBefore);
    }

    private static long cachedProducts(TestServer server) {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("gauges")
                .get(MetricRegistry.name("cache", "products", "size"))
                .get("value")
                .asLong();
    }

    private static long hits(TestServer server) {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("meters")
                .get(MetricRegistry.name("cache", "products", "hits"))
                .get("count")
                .asLong();
    }
}
