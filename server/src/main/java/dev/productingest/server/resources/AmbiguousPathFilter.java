package dev.productingest.server.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.productingest.server.api.ApiError;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Collections;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Refuses, with a JSON 400, the URI ambiguities the application connectors take for SKUs
 * ({@link SkuPaths#SKU_AMBIGUITIES}) on every path but {@code /products/{sku}}: there they are a SKU's characters,
 * anywhere else they are what Jetty's default compliance refuses them for, so the other routes ({@code /jobs/...}, the
 * page) see only the paths they saw before.
 */
public final class AmbiguousPathFilter implements Filter {
    private final ObjectWriter json;

    public AmbiguousPathFilter(ObjectMapper json) {
        this.json = json.writer();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
        if (jetty == null
                || Collections.disjoint(jetty.getHttpURI().getViolations(), SkuPaths.SKU_AMBIGUITIES)
                || SkuPaths.isProductPath(pathInContext((HttpServletRequest) request))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse refused = (HttpServletResponse) response;
        refused.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        refused.setContentType(MediaType.APPLICATION_JSON);
        json.writeValue(
                refused.getOutputStream(),
                new ApiError(
                        400,
                        "an encoded '/', '%', '\\' or dot segment is taken only as a SKU,"
                                + " in /products/{sku}; this path cannot hold one",
                        null));
    }

    /** The raw (still encoded) path after the application's context path. */
    private static String pathInContext(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
