package dev.productingest.server.ingest.stream;

import dev.productingest.server.ingest.write.BatchUpserter;
import dev.productingest.server.logging.ErrorId;
import dev.productingest.server.store.DatabaseOutage;
import dev.productingest.server.store.JobFencedException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC status a client can act on for each way a stream or a job read can fail. A failure of the server's own (its
 * database away, contention it could not ride out, a bug) is logged whole under an error id, and the status names only
 * that id: never the driver's message, a host or a stack trace.
 */
public final class IngestStatus {
    private static final Logger LOG = LoggerFactory.getLogger(IngestStatus.class);

    private IngestStatus() {}

    public static StatusRuntimeException of(Throwable failure) {
        Throwable e =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof StatusException s) {
            return s.getStatus().asRuntimeException(s.getTrailers());
        }
        if (e instanceof JobFencedException) {
            // Its message is the server's own words about the job, nothing of the database's.
            return Status.ABORTED.withDescription(e.getMessage()).asRuntimeException();
        }
        if (BatchUpserter.isRetryable(e)) {
            ErrorId id = ErrorId.logWarning(LOG, "a batch kept meeting other writers of the same products", e);
            return Status.ABORTED
                    .withDescription("the batch kept meeting other writers of the same products (" + id
                            + "); retry, resuming the job from its committed offset")
                    .asRuntimeException();
        }
        if (DatabaseOutage.causedBy(e)) {
            ErrorId id = ErrorId.logWarning(LOG, "the database is unavailable", e);
            return Status.UNAVAILABLE
                    .withDescription("the database is unavailable (" + id
                            + "); retry, resuming the job from its committed offset")
                    .asRuntimeException();
        }
        ErrorId id = ErrorId.logError(LOG, "a call failed unexpectedly", e);
        return Status.INTERNAL
                .withDescription("the server failed (" + id + "); retry, and report the id if it keeps failing")
                .asRuntimeException();
    }

    /** A job read refused because the read pool's queue is full: retryable. */
    public static StatusRuntimeException readsFull() {
        return Status.RESOURCE_EXHAUSTED
                .withDescription("this server has as many job reads waiting as it takes; retry in a moment")
                .asRuntimeException();
    }

    /** No header came within the header timeout. */
    static StatusRuntimeException noHeader(IngestSettings settings) {
        return Status.UNAVAILABLE
                .withDescription(
                        "no header within " + settings.headerTimeout() + ": send an IngestHeader as the first message")
                .asRuntimeException();
    }

    /** No message came within the idle timeout after the server asked for one: the job stays resumable. */
    static StatusRuntimeException idle(IngestSettings settings, String jobId) {
        return Status.UNAVAILABLE
                .withDescription("no message for " + settings.idleTimeout() + " after the server asked for one; job "
                        + jobId + " stays RUNNING: resume from its committed offset")
                .asRuntimeException();
    }

    static StatusRuntimeException serverStopping(String jobId) {
        return Status.UNAVAILABLE
                .withDescription("this server is shutting down; resume job " + (jobId == null ? "" : jobId + " ")
                        + "from its committed offset on another server")
                .asRuntimeException();
    }

    public static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    /** A stream that sent {@code what} instead of beginning with its header. */
    static StatusRuntimeException headerMissing(String what) {
        return invalid(what + ": send an IngestHeader as the first message");
    }
}
