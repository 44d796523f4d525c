package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.access.jetty.RequestLogImpl;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cached {@code GET /products/{sku}} is answered before Jersey with the status, headers and bytes Jersey answers it
 * with, logged as every request is, never to a caller Jersey would refuse, never with a version a commit replaced; what
 * it does not answer reaches Jersey as before.
 */
class CachedProductFilterIntegrationTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aHitIsAnsweredWithTheStatusHeadersAndBytesOfJerseysAnswer() throws Exception {
        List<Map<String, String>> requests =
                List.of(Map.of(), Map.of("Accept", "application/json"), Map.of("Accept-Encoding", "gzip"));
        List<ProductRow> rows = new ArrayList<>(List.of(Products.row("..", 0)));
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            rows.addAll(List.of(
                    Products.row("PLAIN-" + i, 0),
                    Products.row("S/M/L-" + i, 0),
                    Products.row("É-ü-" + i, 0),
                    Products.row("%2E%2E-" + i, 0),
                    sized("OVER-JERSEYS-BUFFER-" + i, 12_000),
                    sized("OVER-JETTYS-BUFFER-" + i, 60_000)));
        }
        load("equal", rows);

        assertSameAnswers("/products/%2E%2E", Map.of());
        for (int i = 0; i < requests.size(); i++) {
            for (String path : List.of(
                    "/products/PLAIN-",
                    "/products/S%2FM%2FL-",
                    "/products/%C3%89-%c3%bc-",
                    "/products/%252E%252E-",
                    "/products/OVER-JERSEYS-BUFFER-",
                    "/products/OVER-JETTYS-BUFFER-")) {
                assertSameAnswers(path + i, requests.get(i));
            }
        }
    }

    /** Jersey's answer to a miss, then the filter's to the hit that follows it. */
    private static void assertSameAnswers(String path, Map<String, String> headers) throws Exception {
        long before = cachedAnswers();
        HttpResponse<byte[]> byJersey = get(path, headers);
        assertThat(cachedAnswers())
                .as("%s %s: a miss is Jersey's", path, headers)
                .isEqualTo(before);

        // The load's own commit message can reach the near cache after the miss filled it, and drop the
        // product once more: ask until the cache answers (its hits are counted before the answer is written).
        AtomicReference<HttpResponse<byte[]>> answered = new AtomicReference<>();
        Conditions.await(path + " " + headers + " answered from the near cache", () -> {
            long hits = cacheHits();
            answered.set(getUnchecked(path, headers));
            return cacheHits() > hits;
        });
        HttpResponse<byte[]> byFilter = answered.get();
        assertThat(cachedAnswers())
                .as("%s %s: a hit is the filter's", path, headers)
                .isEqualTo(before + 1);
        assertThat(byFilter.statusCode()).as(path).isEqualTo(200).isEqualTo(byJersey.statusCode());
        assertThat(withoutDate(byFilter.headers()))
                .as("%s %s", path, headers)
                .isEqualTo(withoutDate(byJersey.headers()));
        assertThat(byFilter.body()).as("%s %s", path, headers).isEqualTo(byJersey.body());
    }

    @Test
    void aHitAfterACommitServesTheNewVersion() throws Exception {
        load("first", List.of(Products.row("CHANGING", 0)));
        get("/products/CHANGING", Map.of());
        long before = cachedAnswers();
        assertThat(body("/products/CHANGING")).contains("\"name\":\"Product CHANGING\"");
        assertThat(cachedAnswers()).as("served from the cache").isEqualTo(before + 1);

        load(
                "second",
                List.of(Products.row("CHANGING", 10).toBuilder()
                        .setName("Renamed")
                        .build()));

        assertThat(body("/products/CHANGING")).contains("\"name\":\"Renamed\"");
        assertThat(body("/products/CHANGING")).contains("\"name\":\"Renamed\"");
        assertThat(cachedAnswers()).as("the new version, cached again").isEqualTo(before + 2);
    }

    @Test
    void whatTheFilterDoesNotAnswerReachesJerseyAsBefore() throws Exception {
        load("through", List.of(Products.row("THROUGH", 0)));
        get("/products/THROUGH", Map.of());
        long before = cachedAnswers();

        assertThat(get("/products/THROUGH?x=1", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/products/THROUGH", Map.of("Accept", "text/html")).statusCode())
                .as("Jersey's answer to a type it cannot produce")
                .isEqualTo(406);
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(URI.create(server.http() + "/products/THROUGH"))
                                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/products/THR%4FUGH%00", Map.of()).statusCode())
                .as("a SKU the rules refuse")
                .isEqualTo(400);
        assertThat(get("/products/THROUGH;v=1", Map.of()).statusCode()).isIn(200, 404);
        assertThat(get("/products/NOTHING", Map.of()).statusCode()).isEqualTo(404);
        assertThat(cachedAnswers()).as("none of them answered before Jersey").isEqualTo(before);
    }

    @Test
    void aHitIsInTheRequestLog() throws Exception {
        load("logged", List.of(Products.row("LOGGED-HIT", 0)));
        Queue<IAccessEvent> logged = new ConcurrentLinkedQueue<>();
        AppenderBase<IAccessEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(IAccessEvent event) {
                event.prepareForDeferredProcessing();
                logged.add(event);
            }
        };
        RequestLogImpl requestLog = (RequestLogImpl) server.jetty().getRequestLog();
        appender.setContext(requestLog);
        appender.start();
        requestLog.addAppender(appender);
        try {
            byte[] miss = get("/products/LOGGED-HIT", Map.of()).body();
            long before = cachedAnswers();
            get("/products/LOGGED-HIT", Map.of());
            assertThat(cachedAnswers()).isEqualTo(before + 1);

            Conditions.await(
                    "the miss's and the hit's lines in the request log",
                    () -> logged.stream()
                                    .filter(e -> e.getRequestURI().equals("/products/LOGGED-HIT"))
                                    .count()
                            == 2);
            assertThat(logged)
                    .filteredOn(e -> e.getRequestURI().equals("/products/LOGGED-HIT"))
                    .allSatisfy(e -> {
                        assertThat(e.getRequestURL()).isEqualTo("GET /products/LOGGED-HIT HTTP/1.1");
                        assertThat(e.getStatusCode()).isEqualTo(200);
                        assertThat(e.getContentLength()).isEqualTo(miss.length);
                    });
        } finally {
            requestLog.detachAppender(appender);
            appender.stop();
        }
    }

    @Test
    void theFilterRefusesNoOneJerseyWouldAnswerAndAnswersNoOneItWouldRefuse() throws Exception {
        try (TestServer guarded = TestServer.start(
                ConfigOverride.config("auth.ingestToken", "producer-s3cret-token"),
                ConfigOverride.config("auth.readToken", "reader-s3cret-token"),
                ConfigOverride.config("http.publicReads", "false"))) {
            IngestCall.Result loaded = IngestCall.load(
                    guarded.asyncStub("producer-s3cret-token"), "guarded", List.of(Products.row("GUARDED", 0)));
            assertThat(loaded.ok()).as("loaded: %s", loaded.status()).isTrue();
            String url = guarded.http() + "/products/GUARDED";
            assertThat(Rest.get(url, "reader-s3cret-token").status()).isEqualTo(200);
            long before = cachedAnswers(guarded);

            assertThat(Rest.get(url, "reader-s3cret-token").status()).isEqualTo(200);
            assertThat(cachedAnswers(guarded)).as("the reader's hit").isEqualTo(before + 1);
            Rest.Response anonymous = Rest.get(url);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.body().get("message").asText()).contains("needs a credential");
            assertThat(Rest.get(url, "guess-s3cret-token").status()).isEqualTo(401);
            Rest.Response producer = Rest.get(url, "producer-s3cret-token");
            assertThat(producer.status()).isEqualTo(403);
            assertThat(producer.body().get("message").asText()).contains("read scope");
            assertThat(cachedAnswers(guarded)).as("no refusal answered early").isEqualTo(before + 1);
        }
        load("public", List.of(Products.row("PUBLIC", 0)));
        get("/products/PUBLIC", Map.of());
        long before = cachedAnswers();
        assertThat(Rest.get(server.http() + "/products/PUBLIC", "an-unknown-token")
                        .status())
                .as("a token no server knows is refused even where reads are public")
                .isEqualTo(401);
        assertThat(cachedAnswers()).isEqualTo(before);
    }

    @Test
    void withTheFilterOffJerseyAnswersEveryReadWithTheSameBytes() throws Exception {
        load("off", List.of(Products.row("BOTH-WAYS", 0), sized("LARGE-BOTH-WAYS", 20_000)));
        try (TestServer jerseyOnly =
                server.startAnother(ConfigOverride.config("cache.productHitsBeforeJersey", "false"))) {
            for (String sku : List.of("BOTH-WAYS", "LARGE-BOTH-WAYS")) {
                get("/products/" + sku, Map.of());
                HttpResponse<byte[]> early = get("/products/" + sku, Map.of());
                HttpRequest request = HttpRequest.newBuilder(URI.create(jerseyOnly.http() + "/products/" + sku))
                        .build();
                HttpResponse<byte[]> jersey = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                HttpResponse<byte[]> jerseyHit = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());

                assertThat(withoutDate(early.headers())).isEqualTo(withoutDate(jerseyHit.headers()));
                assertThat(early.body()).isEqualTo(jersey.body()).isEqualTo(jerseyHit.body());
                assertThat(cachedAnswers(jerseyOnly)).isZero();
            }
        }
    }

    /** A product whose JSON is about {@code bytes} long. */
    private static ProductRow sized(String sku, int bytes) {
        ProductRow.Builder row = Products.row(sku, 0).toBuilder().setDescription("d".repeat(Math.min(bytes, 8000)));
        for (int i = 0; (i + 1) * 1000 < bytes - 8000; i++) {
            row.putAttributes("a" + i, "v".repeat(1000));
        }
        return row.build();
    }

    private static void load(String jobId, List<ProductRow> rows) {
        IngestCall.Result loaded = IngestCall.load(server.asyncStub(), jobId, rows);
        assertThat(loaded.ok()).as("loaded: %s", loaded.status()).isTrue();
        assertThat(loaded.summary().getRejected()).isZero();
    }

    private static HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.http() + path));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> getUnchecked(String path, Map<String, String> headers) {
        try {
            return get(path, headers);
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }

    private static String body(String path) throws Exception {
        HttpResponse<byte[]> answer = get(path, Map.of());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> withoutDate(HttpHeaders headers) {
        Map<String, List<String>> all = new TreeMap<>(headers.map());
        all.remove("date");
        return all;
    }

    private static long cachedAnswers() {
        return cachedAnswers(server);
    }

    private static long cacheHits() {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("meters")
                .get("cache.products.hits")
                .get("count")
                .asLong();
    }

    private static long cachedAnswers(TestServer on) {
        JsonNode timer = Rest.ok("http://localhost:" + on.adminPort() + "/metrics")
                .get("timers")
                .get("http.products.cached-answers");
        return timer == null ? 0 : timer.get("count").asLong();
    }
}
