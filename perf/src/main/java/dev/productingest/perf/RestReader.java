package dev.productingest.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A reader of the application port, as a shop front would be: product GETs of SKUs the loads write, a page of the whole
 * catalog every tenth read (walking it by its cursor), the stats every twentieth. Answers are counted by their status;
 * one that takes longer than a minute is a read that hung, and fails the soak.
 */
final class RestReader implements Runnable {
    private static final Duration HUNG = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final List<String> skuPrefixes;
    private final int skusEach;
    private final SoakTally tally;
    private final long pauseMillis;

    RestReader(int httpPort, List<String> skuPrefixes, int skusEach, SoakTally tally, long pauseMillis) {
        this.base = "http://127.0.0.1:" + httpPort;
        this.skuPrefixes = skuPrefixes;
        this.skusEach = skusEach;
        this.tally = tally;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public void run() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String after = null;
        try {
            for (long n = 0; tally.running(); n++) {
                if (n % 20 == 19) {
                    get(http, "stats", "/stats");
                } else if (n % 10 == 9) {
                    HttpResponse<String> page = get(
                            http, "pages", "/products?limit=200" + (after == null ? "" : "&after=" + encode(after)));
                    if (page != null && page.statusCode() == 200) {
                        JsonNode next = JSON.readTree(page.body()).path("next");
                        after = next.isTextual() ? next.asText() : null;
                    }
                } else {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    String sku = SoakLoadPlans.sku(
                            skuPrefixes.get(random.nextInt(skuPrefixes.size())), random.nextInt(skusEach));
                    get(http, "product GETs", "/products/" + encode(sku));
                }
                tally.pause(pauseMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            tally.fail("a reader stopped: " + e);
        }
    }

    private HttpResponse<String> get(HttpClient http, String what, String path) throws Exception {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(HUNG)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            tally.count(what + " " + response.statusCode());
            return response;
        } catch (HttpTimeoutException hung) {
            tally.fail(what + ": " + path + " had no answer within " + HUNG.toSeconds() + " s");
        } catch (java.io.IOException refused) {
            tally.count(what + " unanswered");
        }
        return null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
