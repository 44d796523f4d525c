package dev.productingest.server.resources;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Credentials;
import dev.productingest.server.auth.Scope;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Names the caller of every application-port request and checks the scope its route needs: product
 * reads ({@code /products…}, {@code /stats}) need none while reads are public, else {@code read};
 * a job and its rejects need {@code read}, or {@code ingest} for the caller's own job (the resource
 * checks the owner); job lists, the live feed and the jobs page need {@code read}. A token comes as
 * {@code Authorization: Bearer <token>}, or, from a browser, as HTTP Basic with the token as the
 * password: a browser asks for it once and sends it with the page's requests and its event stream,
 * which cannot carry a header of its own. No credential, or one the server does not know: 401 with
 * both challenges; a credential without the scope: 403.
 */
@Priority(Priorities.AUTHENTICATION)
public final class CallerFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private final Credentials credentials;
    private final boolean publicReads;

    public CallerFilter(Credentials credentials, boolean publicReads) {
        this.credentials = credentials;
        this.publicReads = publicReads;
    }

    /** The caller of a request that passed this filter; absent for a public product read. */
    public static Optional<Caller> of(SecurityContext security) {
        return security != null && security.getUserPrincipal() instanceof CallerPrincipal principal
                ? Optional.of(principal.caller())
                : Optional.empty();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean productRead = path.equals("products") || path.startsWith("products/") || path.equals("stats");
        if (productRead && publicReads) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<Caller> caller = header == null
                ? (credentials.allowsAnonymous() ? Optional.of(Caller.anonymous()) : Optional.empty())
                : token(header).flatMap(credentials::byToken);
        if (caller.isEmpty()) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"product-ingest\", charset=\"UTF-8\"")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"product-ingest\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorMessage(401, header == null
                            ? "this server's reads need a credential: Authorization: Bearer <token>, or any user name and the token as password"
                            : "the token is not one of this server's credentials"))
                    .build());
            return;
        }
        Set<Scope> needed = path.startsWith("jobs/") ? Set.of(Scope.READ, Scope.INGEST) : Set.of(Scope.READ);
        if (needed.stream().noneMatch(caller.get()::has)) {
            request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorMessage(403, "credential '" + caller.get().name() + "' may not read /" + path
                            + ": that needs the read scope"))
                    .build());
            return;
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerSecurityContext(new CallerPrincipal(caller.get()), secure));
    }

    /** The token a Bearer or Basic header carries; empty for anything else. */
    private static Optional<String> token(String header) {
        if (header.startsWith(BEARER)) {
            return Optional.of(header.substring(BEARER.length()));
        }
        if (header.startsWith(BASIC)) {
            try {
                String credentials = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                return colon >= 0 ? Optional.of(credentials.substring(colon + 1)) : Optional.empty();
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private record CallerPrincipal(Caller caller) implements Principal {
        @Override
        public String getName() {
            return caller.name();
        }
    }

    private record CallerSecurityContext(CallerPrincipal principal, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String scope) {
            return Arrays.stream(Scope.values()).anyMatch(s -> s.configName().equals(scope) && principal.caller().has(s));
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
