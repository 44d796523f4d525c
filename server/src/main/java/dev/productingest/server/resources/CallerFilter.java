package dev.productingest.server.resources;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Credentials;
import dev.productingest.server.auth.Scope;
import dev.productingest.server.auth.UnknownCredentialException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Arrays;
import java.util.Optional;

/**
 * Names the caller of every application-port request, by the rule {@link Credentials#authenticate} holds for both
 * ports; a browser sends its token as HTTP Basic's password, the one way the page's requests and its event stream can
 * carry it. A token the server does not know is refused (401); a request with none goes on without a caller, and each
 * route's own scopes decide ({@link RouteScopes}).
 */
@Priority(Priorities.AUTHENTICATION)
public final class CallerFilter implements ContainerRequestFilter {
    private final Credentials credentials;

    public CallerFilter(Credentials credentials) {
        this.credentials = credentials;
    }

    /** The caller of a request that named one. */
    public static Optional<Caller> of(SecurityContext security) {
        return security != null && security.getUserPrincipal() instanceof CallerPrincipal principal
                ? Optional.of(principal.caller())
                : Optional.empty();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<Caller> caller;
        try {
            caller = credentials.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION), true, null);
        } catch (UnknownCredentialException unknown) {
            request.abortWith(RouteScopes.unauthorized(unknown.getMessage()));
            return;
        }
        if (caller.isPresent()) {
            boolean secure = request.getSecurityContext() != null
                    && request.getSecurityContext().isSecure();
            request.setSecurityContext(new CallerSecurityContext(new CallerPrincipal(caller.get()), secure));
        }
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
            return Arrays.stream(Scope.values())
                    .anyMatch(s ->
                            s.configName().equals(scope) && principal.caller().has(s));
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
