package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.testing.AcceptedSkus;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.ProductRow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every SKU the row rules accept is read back, by path and by lookup, exactly as it was loaded, whichever valid
 * percent-encoding the client chose; the encodings a SKU needs stay refused on every other route.
 */
class SkuReadsIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    // Well under the application port's 8 KiB request head, with room for the request line and headers.
    private static final int MAX_QUERY_CHARS = 6000;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void theNamedSkusReadBackExactlyByPathAndByLookup() throws Exception {
        assertReadBack(AcceptedSkus.NAMED, new Random(1));
    }

    /**
     * A property: for SKUs drawn across every class of character the rules accept, both forms return the product
     * loaded. {@code -Dskus.seed=N} runs one seed again; {@code -Dskus.count=N} draws more.
     */
    @Test
    void anySkuTheRulesAcceptReadsBackExactlyByPathAndByLookup() throws Exception {
        long seed = Long.getLong("skus.seed", System.nanoTime());
        List<String> skus = new ArrayList<>(AcceptedSkus.NAMED);
        AcceptedSkus.draw(seed, Integer.getInteger("skus.count", 400)).stream()
                .filter(s -> !skus.contains(s))
                .forEach(skus::add);
        try {
            assertReadBack(skus, new Random(seed));
        } catch (AssertionError e) {
            throw new AssertionError("with -Dskus.seed=" + seed + ": " + e.getMessage(), e);
        }
    }

    @Test
    void aLookupAnswersTheProductsFoundInTheOrderAskedAndNamesTheMissingOnce() throws Exception {
        IngestCall.load(server.asyncStub(), "lookup", List.of(Products.row("B/1", 0), Products.row("A%1", 0)));

        JsonNode answer = JSON.readTree(get("/products?sku=B%2F1&sku=nothing&sku=A%251&sku=B%2F1&sku=nothing")
                .body());

        assertThat(answer.get("products").findValuesAsText("sku")).containsExactly("B/1", "A%1");
        assertThat(answer.get("missing")).extracting(JsonNode::asText).containsExactly("nothing");
        assertThat(answer.get("unread")).isEmpty();
    }

    @Test
    void aLookupOfTooManySkusOrWithAPagesParametersIsABadRequestSayingSo() {
        String tooMany = IntStream.rangeClosed(0, RequestParameters.MAX_LOOKUP_SKUS)
                .mapToObj(i -> "sku=S" + i)
                .collect(Collectors.joining("&"));
        Rest.Response many = Rest.get(server.http() + "/products?" + tooMany);
        Rest.Response paged = Rest.get(server.http() + "/products?sku=A&limit=5");
        Rest.Response invalid = Rest.get(server.http() + "/products?sku=a+b");

        assertThat(many.status()).isEqualTo(400);
        assertThat(many.body().get("message").asText()).contains("at most 100 SKUs");
        assertThat(paged.status()).isEqualTo(400);
        assertThat(paged.body().get("message").asText()).contains("takes no category, active, after or limit");
        assertThat(invalid.status())
                .as("'+' in a query is a space: encoded as %2B it is a plus")
                .isEqualTo(400);
        assertThat(invalid.body().get("message").asText()).contains("sku is not a valid SKU");
    }

    @Test
    void theEncodingsASkuNeedsAreRefusedAsJsonOnEveryOtherRoute() throws Exception {
        for (String path : new String[] {
            "/jobs/a%2Fb",
            "/jobs/%2E%2E",
            "/jobs/a%25b/rejects",
            "/jobs/a%5Cb",
            "/stats%2F",
            "/live/jobs%2F..",
            "/products/%2E%2E/rejects",
            "/products/A%2FB/x"
        }) {
            HttpResponse<String> refused = get(path);

            assertThat(refused.statusCode()).as(path).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(JSON.readTree(refused.body()).get("message").asText())
                    .as(path)
                    .contains("taken only as a SKU, in /products/{sku}");
        }
        assertThat(get("/").statusCode()).as("the jobs page").isEqualTo(200);
        assertThat(get("/jobs/no-such-job").statusCode()).isEqualTo(404);
    }

    /** Loads a product for each SKU, then reads each by path and all of them by lookups, encoded at random. */
    private static void assertReadBack(List<String> skus, Random random) throws Exception {
        List<ProductRow> rows = skus.stream().map(sku -> Products.row(sku, 0)).toList();
        IngestCall.Result loaded = IngestCall.load(server.asyncStub(), "skus-" + random.nextInt(1_000_000), rows);
        assertThat(loaded.ok()).as("loaded: %s", loaded.status()).isTrue();
        assertThat(loaded.summary().getRejected())
                .as("rejected: %s", loaded.summary().getFirstRejectsList())
                .isZero();

        Map<String, String> byPath = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (String sku : skus) {
            String path = "/products/" + encode(sku, random);
            HttpResponse<String> read = get(path);
            if (read.statusCode() != 200
                    || !JSON.readTree(read.body()).get("sku").asText().equals(sku)) {
                wrong.add(AcceptedSkus.codePoints(sku) + " as " + path + ": " + read.statusCode() + " " + read.body());
            } else {
                byPath.put(sku, read.body());
            }
        }
        Map<String, String> byLookup = new LinkedHashMap<>();
        for (List<String> batch : lookups(skus, random)) {
            JsonNode answer = JSON.readTree(
                    get("/products?" + batch.stream().map(q -> "sku=" + q).collect(Collectors.joining("&")))
                            .body());
            answer.get("products").forEach(p -> byLookup.put(p.get("sku").asText(), p.toString()));
            answer.get("missing")
                    .forEach(m -> wrong.add("looked up " + AcceptedSkus.codePoints(m.asText()) + ": missing"));
        }
        for (String sku : skus) {
            if (byPath.containsKey(sku)
                    && !JSON.readTree(byPath.get(sku)).equals(JSON.readTree(byLookup.getOrDefault(sku, "{}")))) {
                wrong.add(AcceptedSkus.codePoints(sku) + " by lookup: " + byLookup.get(sku));
            }
        }
        assertThat(wrong).as("SKUs not read back exactly").isEmpty();
    }

    /** The SKUs, encoded, in lookups of at most 100 that keep the URI under the server's limit. */
    private static List<List<String>> lookups(List<String> skus, Random random) {
        List<List<String>> lookups = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        int chars = 0;
        for (String sku : skus) {
            String encoded = encode(sku, random);
            if (batch.size() == RequestParameters.MAX_LOOKUP_SKUS || chars + encoded.length() + 5 > MAX_QUERY_CHARS) {
                lookups.add(batch);
                batch = new ArrayList<>();
                chars = 0;
            }
            batch.add(encoded);
            chars += encoded.length() + 5;
        }
        lookups.add(batch);
        return lookups;
    }

    /**
     * The SKU percent-encoded as RFC 3986 lets any client do it: every byte of its UTF-8 outside the unreserved
     * characters encoded, each unreserved one as it is or encoded, hex digits in either case; a SKU of '.' or '..'
     * always encoded, since clients remove such segments.
     */
    private static String encode(String sku, Random random) {
        boolean dots = sku.equals(".") || sku.equals("..");
        StringBuilder out = new StringBuilder();
        for (byte b : sku.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean unreserved = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0);
            if (unreserved && !dots && random.nextInt(4) > 0) {
                out.append(c);
            } else {
                String hex = String.format("%%%02X", b & 0xFF);
                out.append(random.nextBoolean() ? hex : hex.toLowerCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
