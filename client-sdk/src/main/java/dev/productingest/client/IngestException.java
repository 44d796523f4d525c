package dev.productingest.client;

import io.grpc.Status;

/** A load that did not end with a summary: the server refused it or could not be reached. */
public final class IngestException extends RuntimeException {
    private final Status.Code code;

    public IngestException(Status.Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The gRPC status code, or UNKNOWN when the failure came from the source. */
    public Status.Code code() {
        return code;
    }
}
