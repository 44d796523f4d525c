package dev.productingest.server.ingest;

import dev.productingest.server.store.JobFencedException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.ConnectionException;

/** The gRPC status a client can act on for each way a stream can fail. */
final class IngestStatus {
    private IngestStatus() {
    }

    static StatusRuntimeException of(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof StatusException s) {
            return s.getStatus().asRuntimeException(s.getTrailers());
        }
        if (e instanceof JobFencedException) {
            return Status.ABORTED.withDescription(e.getMessage()).asRuntimeException();
        }
        if (BatchUpserter.isRetryable(e)) {
            return Status.ABORTED
                    .withDescription("the batch kept meeting other writers of the same products (" + rootMessage(e)
                            + "); retry, resuming the job from its committed offset")
                    .asRuntimeException();
        }
        if (isDatabaseUnavailable(e)) {
            return Status.UNAVAILABLE
                    .withDescription("the database is unavailable (" + rootMessage(e) + "); retry, resuming the job from its committed offset")
                    .withCause(e)
                    .asRuntimeException();
        }
        return Status.INTERNAL.withDescription("ingest failed: " + rootMessage(e)).withCause(e).asRuntimeException();
    }

    /** A job read refused because the read pool's queue is full: retryable. */
    static StatusRuntimeException readsFull() {
        return Status.RESOURCE_EXHAUSTED.withDescription("this server has as many job reads waiting as it takes; retry in a moment")
                .asRuntimeException();
    }

    /** A job another credential owns, asked for by a caller who may read only its own. */
    static StatusRuntimeException notYours(String jobId) {
        return Status.PERMISSION_DENIED.withDescription("job " + jobId + " belongs to another credential; reading other"
                + " credentials' jobs needs the read scope").asRuntimeException();
    }

    static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    private static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof ConnectException) {
                return true;
            }
            // Class 08: connection exceptions; 57P01..57P03: the server is shutting down or starting.
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
