package dev.productingest.server.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * With a token, the job reads ({@code /jobs…}, {@code /live/jobs}, the jobs page) ask for it: job ids,
 * sources and rejected rows are producers' data. Product reads ({@code /products…}, {@code /stats})
 * ask for it too unless reads are public. The token comes as {@code Authorization: Bearer <token>},
 * or, from a browser, as HTTP Basic with the token as the password: a browser asks for it once and
 * sends it with the page's requests and its event stream, which cannot carry a header of its own.
 * Compared in constant time.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ReadAccessFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private final byte[] token;
    private final boolean publicReads;

    public ReadAccessFilter(String token, boolean publicReads) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.publicReads = publicReads;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean productRead = path.equals("products") || path.startsWith("products/") || path.equals("stats");
        if (productRead && publicReads) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!carriesToken(header)) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"product-ingest\", charset=\"UTF-8\"")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"product-ingest\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorMessage(401, header == null
                            ? "this server's reads need its token: Authorization: Bearer <token>, or any user name and the token as password"
                            : "the token is not this server's"))
                    .build());
        }
    }

    private boolean carriesToken(String header) {
        if (header == null) {
            return false;
        }
        if (header.startsWith(BEARER)) {
            return MessageDigest.isEqual(token, header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8));
        }
        if (header.startsWith(BASIC)) {
            String credentials;
            try {
                credentials = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            int colon = credentials.indexOf(':');
            return colon >= 0 && MessageDigest.isEqual(token, credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
        return false;
    }
}
