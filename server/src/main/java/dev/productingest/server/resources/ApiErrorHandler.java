package dev.productingest.server.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.productingest.server.api.ApiError;
import dev.productingest.server.logging.ErrorId;
import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application port's errors that never reach Jersey, answered in the API's JSON shape ({@link ApiError}) instead of
 * Jetty's HTML page: a URI or headers Jetty cannot take (400, 414, 431), a method no route allows (405), a server
 * stopping (503), a failure outside a resource (500, under an error id, as {@link ErrorAnswers} answers one inside).
 * Set on the server, for what fails before a request reaches a context, and on the application context, for what fails
 * inside it. Requests of the admin port ({@value #ADMIN_CONNECTOR} connectors) get {@code adminPages}, the admin
 * servlets' own HTML.
 */
public final class ApiErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandler.class);
    /** The name Dropwizard gives its admin connectors. */
    static final String ADMIN_CONNECTOR = "admin";

    private final ObjectWriter json;
    private final Request.Handler adminPages;

    public ApiErrorHandler(ObjectMapper json, Request.Handler adminPages) {
        this.json = json.writer();
        this.adminPages = adminPages;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connector connector = request.getConnectionMetaData().getConnector();
        if (connector != null && ADMIN_CONNECTOR.equals(connector.getName())) {
            return adminPages.handle(request, response, callback);
        }
        return super.handle(request, response, callback);
    }

    /** Every method's error has a body: a client that sent PUT or DELETE reads why as well. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** Whatever the request accepts: a client of the API reads JSON errors, and a browser shows them as text. */
    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());
        response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(error(request, code, cause))), callback);
    }

    private static ApiError error(Request request, int code, Throwable cause) {
        // 503 (stopping) and 505 (an HTTP version no server speaks) are answers, not failures.
        if (code == HttpStatus.INTERNAL_SERVER_ERROR_500) {
            Throwable failure = cause != null ? cause : servletFailure(request);
            ErrorId id = ErrorId.logError(
                    LOG,
                    "a request failed outside the API's resources (HTTP " + code + ")",
                    failure != null ? failure : new IllegalStateException("HTTP " + code + " with no exception"));
            return ErrorAnswers.failure(id);
        }
        return new ApiError(code, message(code), null);
    }

    /** What the caller can do about it; never Jetty's own text, which may quote the request. */
    private static String message(int code) {
        return switch (code) {
            case HttpStatus.BAD_REQUEST_400 ->
                "the request cannot be read: percent-encode the URI as RFC 3986 has it (UTF-8, no NUL or"
                        + " control characters) and send well-formed headers";
            case HttpStatus.NOT_FOUND_404 -> "nothing is served at this path";
            case HttpStatus.METHOD_NOT_ALLOWED_405 -> "this method is not allowed here: the API is read with GET";
            case HttpStatus.URI_TOO_LONG_414 -> "the URI is too long: ask for fewer SKUs at once";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "the request's headers are too large";
            case HttpStatus.SERVICE_UNAVAILABLE_503 ->
                "the server cannot take requests now (it may be stopping): retry, on another"
                        + " server if there is one";
            default -> HttpStatus.getMessage(code);
        };
    }

    /** What a servlet or filter threw: the servlet layer keeps it under its own attribute. */
    private static Throwable servletFailure(Request request) {
        return request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
    }
}
