package dev.productingest.server.ingest.rpc;

import dev.productingest.server.ingest.stream.IngestStatus;
import dev.productingest.v1.RowError;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One ListRejects call: a job's rejected rows read a page at a time and sent only while the caller takes them
 * ({@code isReady}), so a slow reader of millions of rejects holds one page in the server, not all of them. Reads run
 * on the read pool, never on the gRPC callback threads.
 */
final class RejectListing implements LastingReads.Read {
    private static final int PAGE = 1000;

    /** A job's rejected rows after an offset, in offset order, at most {@code limit} of them. */
    @FunctionalInterface
    interface Pages {
        List<RowError> after(long offset, int limit);
    }

    private final ServerCallStreamObserver<RowError> call;
    private final Executor reads;
    private final Runnable jobMustExist;
    private final Pages pages;
    private final LastingReads lasting;
    private final Deque<RowError> page = new ArrayDeque<>();
    private long after;
    private boolean lastPageRead;
    // Nothing is sent before the job is known to exist, whenever gRPC first says the call is ready.
    private boolean jobFound;
    private boolean draining;
    private boolean ended;

    /** @param jobMustExist throws NOT_FOUND when there is no such job */
    RejectListing(
            ServerCallStreamObserver<RowError> call,
            Executor reads,
            Runnable jobMustExist,
            Pages pages,
            long afterOffset,
            LastingReads lasting) {
        this.call = call;
        this.reads = reads;
        this.jobMustExist = jobMustExist;
        this.pages = pages;
        this.after = afterOffset;
        this.lasting = lasting;
    }

    /** Called from the service method: handlers are set before it returns. */
    void start() {
        call.setOnReadyHandler(this::wake);
        call.setOnCancelHandler(this::cancelled);
        lasting.opened(this);
        try {
            reads.execute(() -> {
                try {
                    jobMustExist.run();
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                synchronized (this) {
                    jobFound = true;
                }
                drain();
            });
        } catch (RejectedExecutionException full) {
            fail(IngestStatus.readsFull());
        }
    }

    private void wake() {
        synchronized (this) {
            if (draining || ended) {
                return;
            }
            draining = true;
        }
        try {
            reads.execute(this::drainAgain);
        } catch (RejectedExecutionException full) {
            fail(IngestStatus.readsFull());
        }
    }

    private void drainAgain() {
        synchronized (this) {
            draining = false;
        }
        drain();
    }

    /** Sends while the caller takes; returns when it does not (the ready handler calls again) or all is sent. */
    private synchronized void drain() {
        try {
            while (jobFound && !ended && call.isReady()) {
                if (page.isEmpty()) {
                    if (lastPageRead) {
                        end();
                        call.onCompleted();
                        return;
                    }
                    page.addAll(pages.after(after, PAGE));
                    lastPageRead = page.size() < PAGE;
                    continue;
                }
                RowError reject = page.removeFirst();
                after = reject.getOffset();
                call.onNext(reject);
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public synchronized void serverStopping() {
        fail(Status.UNAVAILABLE
                .withDescription("this server is shutting down; list the rejects again, on another server"
                        + (after >= 0 ? ", after offset " + after : ""))
                .asRuntimeException());
    }

    private synchronized void fail(RuntimeException e) {
        if (!ended) {
            end();
            call.onError(IngestStatus.of(e));
        }
    }

    private synchronized void cancelled() {
        end();
        page.clear();
    }

    private void end() {
        ended = true;
        lasting.ended(this);
    }
}
