package dev.productingest.server.resources;

import dev.productingest.server.api.ApiError;
import dev.productingest.server.logging.ErrorId;
import dev.productingest.server.store.DatabaseOutage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every exception a resource throws, as a JSON answer. A refusal (4xx) keeps its status and its message, which says
 * what the caller got wrong; a database that cannot be reached is a 503 saying to retry; anything else is a 500 naming
 * only an error id, the exception logged whole under it, as gRPC answers do. Never a driver's message, a host or a
 * stack trace.
 */
public final class ErrorAnswers implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);
    // Dropwizard maps Throwable and IllegalStateException too, at the default priority (5000): a
    // lower number wins the tie, so its own error ids never reach a caller.
    private static final int AHEAD_OF_DROPWIZARD = 1;
    // A restarted PostgreSQL takes work again within seconds (docs/failures.md).
    private static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    @Override
    public boolean configure(FeatureContext context) {
        // Jersey finds the exception type a mapper takes from its class's type argument.
        context.register(new Mapper<Throwable>() {}, AHEAD_OF_DROPWIZARD);
        context.register(new Mapper<IllegalStateException>() {}, AHEAD_OF_DROPWIZARD);
        return true;
    }

    static Response answer(Throwable e) {
        if (e instanceof WebApplicationException refused) {
            Response response = refused.getResponse();
            Response.Status.Family family = response.getStatusInfo().getFamily();
            if (family == Response.Status.Family.REDIRECTION) {
                return response;
            }
            if (family != Response.Status.Family.SERVER_ERROR) {
                return Response.fromResponse(response)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ApiError(response.getStatus(), refused.getMessage(), null))
                        .build();
            }
        }
        if (DatabaseOutage.causedBy(e)) {
            // Passing, not a failure of the request: a client retries, a balancer may try another server.
            ErrorId id = ErrorId.logWarning(LOG, "a request found the database unavailable", e);
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(
                            503, "the database is unavailable (" + id + "); retry in a few seconds", id.value()))
                    .build();
        }
        ErrorId id = ErrorId.logError(LOG, "a request failed", e);
        return Response.serverError()
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(failure(id))
                .build();
    }

    /** A failure of the server's own as the caller sees it: the id its log names it by, nothing of it. */
    static ApiError failure(ErrorId id) {
        return new ApiError(
                500, "the server failed (" + id + "); retry, and report the id if it keeps failing", id.value());
    }

    private abstract static class Mapper<E extends Throwable> implements ExceptionMapper<E> {
        @Override
        public Response toResponse(E exception) {
            return answer(exception);
        }
    }
}
