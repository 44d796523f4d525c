package dev.productingest.server.resources;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Credentials;
import dev.productingest.server.auth.UnknownCredentialException;
import dev.productingest.server.cache.ProductCache;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a {@code GET /products/{sku}} whose product is in this server's near cache straight from the cached JSON,
 * before Jersey, whose routing, injection and filters were most of a cached read's time (perf/NOTES.md). It answers
 * only what Jersey would answer 200 with the same bytes and headers, and leaves everything else to Jersey untouched: a
 * miss, another method or route, a query, a SKU written other than in unreserved characters and {@code %XX} of UTF-8
 * ({@link SkuPaths#plainSku}), an {@code Accept} other than JSON's, and every caller that {@link CallerFilter} and
 * {@link RouteScopes} would refuse, by the same credentials and the same rule. Jetty's request log and its request
 * metrics see every answer as before; {@code http.products.cached-answers} times the ones given here, which Jersey no
 * longer sees.
 */
public final class CachedProductFilter implements Filter {
    // What Jersey sends a byte[] of up to its content-length buffer with (jersey.config.contentLength.buffer, 8 KiB):
    // beyond it Jersey commits without a length and Jetty decides, as it does here.
    private static final int JERSEY_CONTENT_LENGTH_BUFFER = 8192;
    private static final Set<String> JSON_ACCEPTS = Set.of("*/*", "application/json", "application/*");
    private static final String PRODUCTS = "/products/";

    private final ProductCache cache;
    private final Credentials credentials;
    private final RouteScopes.Rule rule;
    private final String prefix;
    private final Timer answers;

    /**
     * @param publicReads whether product reads are open to callers without a credential (as {@link RouteScopes} is
     *     told)
     * @param jerseyRoot the path Jersey's resources are under within the application context ({@code ""} for Jersey's
     *     default {@code /*})
     */
    public CachedProductFilter(
            ProductCache cache,
            Credentials credentials,
            boolean publicReads,
            String jerseyRoot,
            MetricRegistry metrics) {
        this.cache = cache;
        this.credentials = credentials;
        this.rule = productRule(publicReads);
        this.prefix = jerseyRoot + PRODUCTS;
        this.answers = metrics.timer(MetricRegistry.name("http", "products", "cached-answers"));
    }

    /** The rule Jersey applies to {@code GET /products/{sku}}, read from the resource method itself. */
    private static RouteScopes.Rule productRule(boolean publicReads) {
        try {
            return RouteScopes.rule(
                    ProductResource.class.getMethod("product", String.class), ProductResource.class, publicReads);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("ProductResource has no product(String) method to answer for", e);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<byte[]> cached = request instanceof HttpServletRequest http ? cachedAnswer(http) : Optional.empty();
        if (cached.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Timer.Context timing = answers.time();
        byte[] body = cached.get();
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setStatus(HttpServletResponse.SC_OK);
        answer.setContentType(MediaType.APPLICATION_JSON);
        if (body.length <= JERSEY_CONTENT_LENGTH_BUFFER) {
            answer.setContentLength(body.length);
        }
        // Counted before the body goes out: with its length known, the write completes the answer,
        // and whoever reads the metric after reading the answer must find it counted. Writing it is
        // Jetty's, timed by its request metrics.
        timing.stop();
        answer.getOutputStream().write(body);
    }

    /** The cached JSON this request is answered with, or empty when Jersey answers it. */
    private Optional<byte[]> cachedAnswer(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getQueryString() != null || !acceptsJson(request)) {
            return Optional.empty();
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(prefix) || path.indexOf('/', prefix.length()) >= 0) {
            return Optional.empty();
        }
        Optional<String> sku = SkuPaths.plainSku(path.substring(prefix.length()));
        if (sku.isEmpty() || !admitted(request)) {
            return Optional.empty();
        }
        return cache.cachedJson(sku.get());
    }

    private static boolean acceptsJson(HttpServletRequest request) {
        Enumeration<String> accepts = request.getHeaders(HttpHeaders.ACCEPT);
        if (!accepts.hasMoreElements()) {
            return true;
        }
        String accept = accepts.nextElement();
        return !accepts.hasMoreElements() && JSON_ACCEPTS.contains(accept.strip());
    }

    /**
     * Whether Jersey would let this caller read the product: named as {@link CallerFilter} names it (a token it does
     * not know is its 401), admitted by the route's rule.
     */
    private boolean admitted(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
        String authorization = headers.hasMoreElements() ? headers.nextElement() : null;
        if (headers.hasMoreElements()) {
            return false;
        }
        Optional<Caller> caller;
        try {
            caller = credentials.authenticate(authorization, true, null);
        } catch (UnknownCredentialException unknown) {
            return false;
        }
        return rule.admits(caller);
    }

    /**
     * The path Jersey serves under, within the application context, for its URL pattern ({@code /*}, {@code /api/*}).
     */
    public static String jerseyRoot(String urlPattern) {
        String root = urlPattern.endsWith("/*") ? urlPattern.substring(0, urlPattern.length() - 2) : urlPattern;
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }
}
