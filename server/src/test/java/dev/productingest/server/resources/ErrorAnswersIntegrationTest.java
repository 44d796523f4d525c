package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.redis.RedisKeys;
import dev.productingest.server.testing.CapturedLog;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestRedis;
import dev.productingest.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * What a REST caller gets when the server fails, and when it refuses a request, in a resource or before one: JSON,
 * never an HTML page or the server's internals.
 */
class ErrorAnswersIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aFailureOfTheServerAnswersJsonWithAnErrorIdThatTheLogNamesItBy() {
        RedissonClient redis = redis();
        String key = new RedisKeys(server.namespace()).stats();
        try (CapturedLog log = CapturedLog.start()) {
            // Stats that are not stats: reading them fails inside the server.
            redis.getBucket(key, StringCodec.INSTANCE).set("not-stats from db-7.internal.example:5432");

            Rest.Response response = Rest.get(server.http() + "/stats");

            assertThat(response.status()).isEqualTo(500);
            String id = response.body().get("errorId").asText();
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(response.body().get("code").asInt()).isEqualTo(500);
            assertThat(response.body().get("message").asText())
                    .contains("the server failed", "error id " + id)
                    .doesNotContain("db-7", "Redis", "CatalogStats", "Exception");
            assertThat(log.events())
                    .filteredOn(event -> event.contains("error id " + id))
                    .singleElement()
                    .asString()
                    .contains("not-stats from db-7.internal.example:5432", "IllegalStateException");
        } finally {
            redis.getBucket(key).delete();
            redis.shutdown();
        }
    }

    @Test
    void aRefusedRequestSaysWhatIsWrongWithNoErrorId() {
        Rest.Response refused = Rest.get(server.http() + "/products?limit=5000");
        Rest.Response unknown = Rest.get(server.http() + "/no-such-resource");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asInt()).isEqualTo(400);
        assertThat(refused.body().get("message").asText()).contains("limit 5000 is out of range");
        assertThat(refused.body().has("errorId")).isFalse();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("code").asInt()).isEqualTo(404);
    }

    @Test
    void whatTheWebServerRefusesBeforeAnyResourceIsJsonOnTheApplicationPort() throws Exception {
        String app = server.http();
        List<Refusal> refusals = List.of(
                new Refusal("a NUL in the path", 400, HttpRequest.newBuilder(URI.create(app + "/products/a%00b"))),
                new Refusal("a path above the root", 400, HttpRequest.newBuilder(URI.create(app + "/%2E%2E/stats"))),
                new Refusal(
                        "a URI past the request head's size",
                        414,
                        HttpRequest.newBuilder(URI.create(app + "/products/" + "x".repeat(20_000)))),
                new Refusal(
                        "headers past the request head's size",
                        431,
                        HttpRequest.newBuilder(URI.create(app + "/products")).header("X-Padding", "y".repeat(20_000))),
                new Refusal(
                        "a method Dropwizard allows on no route",
                        405,
                        HttpRequest.newBuilder(URI.create(app + "/products"))
                                .method("TRACE", HttpRequest.BodyPublishers.noBody())),
                new Refusal(
                        "a method the route does not take",
                        405,
                        HttpRequest.newBuilder(URI.create(app + "/products"))
                                .PUT(HttpRequest.BodyPublishers.ofString("x"))
                                .header("Content-Type", "text/plain")));

        for (Refusal refusal : refusals) {
            HttpResponse<String> answer = HTTP.send(refusal.request().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(refusal.what()).isEqualTo(refusal.status());
            assertThat(answer.headers().firstValue("Content-Type"))
                    .as(refusal.what())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.get("code").asInt()).as(refusal.what()).isEqualTo(refusal.status());
            assertThat(error.get("message").asText()).as(refusal.what()).isNotBlank();
            assertThat(error.has("errorId")).as(refusal.what()).isFalse();
        }
    }

    private record Refusal(String what, int status, HttpRequest.Builder request) {}

    @Test
    void theAdminPortKeepsItsOwnPages() throws Exception {
        HttpResponse<String> missing =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.adminPort() + "/no-such-page")));
        HttpResponse<String> ambiguous =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.adminPort() + "/metrics%2Fx")));

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(ambiguous.statusCode())
                .as("the admin port takes no encoded slash")
                .isEqualTo(400);
        assertThat(ambiguous.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RedissonClient redis() {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.server().url());
        return Redisson.create(config);
    }
}
