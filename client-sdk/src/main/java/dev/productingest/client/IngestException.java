package dev.productingest.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

    /** Waits for the future's value; its failure is thrown as the SDK reports it. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw of(e);
        }
    }

    /** The failure as the SDK reports it: a gRPC status keeps its code and description; anything else is UNKNOWN. */
    static IngestException of(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof IngestException ingest) {
            return ingest;
        }
        if (e instanceof StatusRuntimeException status) {
            String description = status.getStatus().getDescription();
            return new IngestException(
                    status.getStatus().getCode(),
                    status.getStatus().getCode() + ": " + (description == null ? "no description" : description),
                    status);
        }
        return new IngestException(Status.Code.UNKNOWN, e.getMessage(), e);
    }
}
