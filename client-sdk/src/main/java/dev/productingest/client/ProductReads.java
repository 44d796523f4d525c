package dev.productingest.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.productingest.rules.RowValidator;
import dev.productingest.v1.ProductRow;
import io.grpc.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Product reads over the server's application port: {@code GET /products/{sku}} for one SKU, and lookups ({@code GET
 * /products?sku=...}) for many, each SKU encoded by {@link SkuEncoding}. A product arrives as the API's JSON and is
 * returned as a {@link ProductRow}, the type it was loaded as, so that what was loaded and what is read compare equal.
 */
final class ProductReads {
    // The server's bound on one lookup (RequestParameters.MAX_LOOKUP_SKUS).
    private static final int MAX_LOOKUP_SKUS = 100;
    // The application port reads at most 8 KiB of request line and headers (Dropwizard's
    // maxRequestHeaderSize); a lookup's query stays well under it, beside the token and the rest.
    private static final int MAX_QUERY_CHARS = 6000;
    private static final JsonFormat.Parser PRODUCT = JsonFormat.parser().ignoringUnknownFields();

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    /**
     * @param baseUrl the application port, {@code http://host:8080} (and its context path, if any)
     * @param bearerToken sent as {@code Authorization: Bearer <token>}; null: none
     * @param trust the authorities an HTTPS server's certificate may come from; null: the JVM's
     * @param timeout how long one request may take; null: no limit
     */
    ProductReads(URI baseUrl, String bearerToken, KeyStore trust, Duration timeout) {
        HttpClient.Builder client = HttpClient.newBuilder();
        if (trust != null) {
            client.sslContext(trusting(trust));
        }
        this.http = client.build();
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = bearerToken == null ? null : "Bearer " + bearerToken;
        this.timeout = timeout;
    }

    /** Why a client given no application port cannot read products, and how to give it one. */
    static IllegalStateException notConfigured() {
        return new IllegalStateException("product reads go to the server's application port: give its URL to"
                + " IngestClient.builder(...).restUrl(\"http://host:8080\")");
    }

    Optional<ProductRow> product(String sku) {
        check(sku);
        HttpResponse<String> answer = get("/products/" + SkuEncoding.pathSegment(sku));
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(row(ok(answer).getAsJsonObject()));
    }

    Map<String, ProductRow> products(Collection<String> skus) {
        skus.forEach(ProductReads::check);
        Map<String, ProductRow> found = new LinkedHashMap<>();
        Deque<String> pending = new ArrayDeque<>(new LinkedHashSet<>(skus));
        while (!pending.isEmpty()) {
            List<String> lookup = next(pending);
            JsonObject answer = ok(get("/products?"
                            + lookup.stream()
                                    .map(sku -> "sku=" + SkuEncoding.queryValue(sku))
                                    .collect(Collectors.joining("&"))))
                    .getAsJsonObject();
            answer.getAsJsonArray("products").forEach(product -> {
                ProductRow row = row(product.getAsJsonObject());
                found.put(row.getSku(), row);
            });
            List<String> unread = new ArrayList<>();
            answer.getAsJsonArray("unread").forEach(sku -> unread.add(sku.getAsString()));
            if (unread.size() == lookup.size()) {
                throw new IngestException(
                        Status.Code.INTERNAL,
                        "the server answered a lookup of " + lookup.size() + " SKUs with none of them read",
                        null);
            }
            // What did not fit the answer is asked for first in the next lookup, keeping the order asked.
            for (int i = unread.size() - 1; i >= 0; i--) {
                pending.addFirst(unread.get(i));
            }
        }
        return found;
    }

    /** The next lookup's SKUs: as many as the server takes in one query that stays short enough. */
    private static List<String> next(Deque<String> pending) {
        List<String> lookup = new ArrayList<>();
        int chars = 0;
        while (!pending.isEmpty() && lookup.size() < MAX_LOOKUP_SKUS) {
            int more = "&sku=".length()
                    + SkuEncoding.queryValue(pending.peekFirst()).length();
            if (!lookup.isEmpty() && chars + more > MAX_QUERY_CHARS) {
                break;
            }
            lookup.add(pending.removeFirst());
            chars += more;
        }
        return lookup;
    }

    private static void check(String sku) {
        RowValidator.validateSku(sku).ifPresent(v -> {
            throw new IllegalArgumentException("'" + sku + "' is not a SKU: " + v.reason());
        });
    }

    private HttpResponse<String> get(String pathAndQuery) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (timeout != null) {
            request.timeout(timeout);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IngestException(Status.Code.UNAVAILABLE, "the server at " + base + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(Status.Code.CANCELLED, "interrupted while reading from " + base, e);
        }
    }

    /** The answer's JSON when the server answered 200; else the server's refusal as an {@link IngestException}. */
    private static JsonElement ok(HttpResponse<String> answer) {
        int status = answer.statusCode();
        try {
            JsonElement body = JsonParser.parseString(answer.body());
            if (status == 200) {
                return body;
            }
            String message = body.isJsonObject() && body.getAsJsonObject().has("message")
                    ? body.getAsJsonObject().get("message").getAsString()
                    : "no message";
            throw new IngestException(code(status), "HTTP " + status + ": " + message, null);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IngestException(code(status), "HTTP " + status + " with an answer that is not the API's JSON", e);
        }
    }

    /**
     * The gRPC code that says the same as an HTTP status, so that a caller handles a failed read as it handles a failed
     * load (retrying UNAVAILABLE, say). gRPC's own mapping is internal to it, and made for its transport, where a 400
     * is the server's fault.
     */
    private static Status.Code code(int status) {
        return switch (status) {
            case 400, 414, 431 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 429 -> Status.Code.RESOURCE_EXHAUSTED;
            case 502, 503, 504 -> Status.Code.UNAVAILABLE;
            default -> status >= 500 ? Status.Code.INTERNAL : Status.Code.UNKNOWN;
        };
    }

    private static ProductRow row(JsonObject product) {
        ProductRow.Builder row = ProductRow.newBuilder();
        try {
            PRODUCT.merge(product.toString(), row);
        } catch (InvalidProtocolBufferException e) {
            throw new IngestException(
                    Status.Code.INTERNAL, "the server answered a product that is not one: " + e.getMessage(), e);
        }
        return row.build();
    }

    private static SSLContext trusting(KeyStore trust) {
        try {
            TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trusted.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trusted.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the trust store cannot be used for HTTPS: " + e.getMessage(), e);
        }
    }
}
