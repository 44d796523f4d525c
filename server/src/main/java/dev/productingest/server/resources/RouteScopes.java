package dev.productingest.server.resources;

import dev.productingest.server.api.ApiError;
import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Scope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scopes each route needs, read from its resource method's (or class's) {@code @RolesAllowed}: any one of them.
 * {@link #PUBLIC_READ} among them opens the route to callers without a credential while product reads are public. A
 * route that names no scopes is closed to everyone, so a new route must say who may call it. Rules finer than a route
 * (a producer reads only its own jobs) are the resource's. No caller: 401 with the challenges a browser answers; a
 * caller without the scope: 403 naming it.
 */
public final class RouteScopes implements DynamicFeature {
    /** The role of a route anyone may read while product reads are public. */
    public static final String PUBLIC_READ = "public-read";

    private final boolean publicReads;

    public RouteScopes(boolean publicReads) {
        this.publicReads = publicReads;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Rule rule = rule(resource.getResourceMethod(), resource.getResourceClass(), publicReads);
        context.register(
                (ContainerRequestFilter) request -> {
                    if (rule.open()) {
                        return;
                    }
                    Optional<Caller> caller = CallerFilter.of(request.getSecurityContext());
                    if (caller.isEmpty()) {
                        request.abortWith(unauthorized(
                                "this read needs a credential: Authorization: Bearer <token>, or any user name and the"
                                        + " token as password"));
                    } else if (!rule.admits(caller)) {
                        request.abortWith(Response.status(Response.Status.FORBIDDEN)
                                .type(MediaType.APPLICATION_JSON_TYPE)
                                .entity(new ApiError(
                                        403,
                                        rule.scopes().isEmpty()
                                                ? "no credential may read /"
                                                        + request.getUriInfo().getPath()
                                                : "credential '" + caller.get().name() + "' may not read /"
                                                        + request.getUriInfo().getPath()
                                                        + ": that needs the "
                                                        + rule.scopes().stream()
                                                                .map(Scope::configName)
                                                                .collect(Collectors.joining(" or "))
                                                        + " scope",
                                        null))
                                .build());
                    }
                },
                Priorities.AUTHORIZATION);
    }

    /**
     * Who may call a route: anyone when it is open, else a caller with one of its scopes. What answers a route before
     * Jersey ({@link CachedProductFilter}) asks the same rule.
     */
    record Rule(boolean open, List<Scope> scopes) {
        boolean admits(Optional<Caller> caller) {
            return open || caller.filter(c -> scopes.stream().anyMatch(c::has)).isPresent();
        }
    }

    /** The rule of the resource method, from its {@code @RolesAllowed}, else its class's. */
    static Rule rule(Method method, Class<?> resourceClass, boolean publicReads) {
        List<String> roles = rolesOf(method).or(() -> rolesOf(resourceClass)).orElse(List.of());
        return new Rule(
                publicReads && roles.contains(PUBLIC_READ),
                roles.stream()
                        .filter(role -> !role.equals(PUBLIC_READ))
                        .map(Scope::of)
                        .toList());
    }

    /**
     * 401, with the challenges a browser answers by asking for the token (as a password) and a client by sending a
     * bearer token.
     */
    static Response unauthorized(String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"product-ingest\", charset=\"UTF-8\"")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"product-ingest\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(401, message, null))
                .build();
    }

    private static Optional<List<String>> rolesOf(Method method) {
        return Optional.ofNullable(method == null ? null : method.getAnnotation(RolesAllowed.class))
                .map(r -> Arrays.asList(r.value()));
    }

    private static Optional<List<String>> rolesOf(Class<?> type) {
        return Optional.ofNullable(type == null ? null : type.getAnnotation(RolesAllowed.class))
                .map(r -> Arrays.asList(r.value()));
    }
}
