package dev.productingest.server.resources;

import dev.productingest.server.api.ApiError;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * A viewer of {@code /live/jobs} beyond the limit. Answered 503 with a JSON body and Retry-After by its own mapper: a
 * full feed is the bound working, not a server error to log with a stack trace.
 */
public final class LiveJobsFull extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int RETRY_AFTER_SECONDS = 30;

    LiveJobsFull(int maxViewers) {
        super(
                "the live jobs feed has as many viewers as it serves (" + maxViewers
                        + "); retry later, or read GET /jobs?state=RUNNING",
                null,
                false,
                false);
    }

    /** Registered with Jersey beside the resource. */
    public static final class Mapper implements ExceptionMapper<LiveJobsFull> {
        @Override
        public Response toResponse(LiveJobsFull full) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(503, full.getMessage(), null))
                    .build();
        }
    }
}
