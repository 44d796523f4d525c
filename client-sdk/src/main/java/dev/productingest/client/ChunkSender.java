package dev.productingest.client;

import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one load: the header, then chunks read from the source, only while the call is ready.
 * gRPC buffers a message only when the transport can take it, so the client holds one chunk at a
 * time whatever the size of the source. The source is read on a thread of the client's own, never
 * in a gRPC callback: a source that blocks (a slow pipe, say) must not hold up the call's other
 * events, such as the server going away.
 */
final class ChunkSender implements ClientResponseObserver<IngestRequest, IngestSummary> {
    private static final long READY_POLL_MS = 100;

    private final IngestHeader header;
    private final RowSource source;
    private final int chunkRows;
    private final CompletableFuture<IngestSummary> result = new CompletableFuture<>();
    private final Object readiness = new Object();
    private ClientCallStreamObserver<IngestRequest> call;
    private long nextOffset;
    // nextOffset as of the last chunk, for the progress thread: one volatile write per chunk, not per row.
    private volatile long rowsSent;

    ChunkSender(IngestHeader header, RowSource source, int chunkRows, long firstOffset) {
        this.header = header;
        this.source = source;
        this.chunkRows = chunkRows;
        this.nextOffset = firstOffset;
        this.rowsSent = firstOffset;
    }

    CompletableFuture<IngestSummary> result() {
        return result;
    }

    /** Ends the stream from this side; the server keeps the job for a resume, or a CancelJob. */
    void cancel(String why) {
        if (result.completeExceptionally(Status.CANCELLED.withDescription(why).asRuntimeException())) {
            call.cancel(why, null);
        }
        wakeSender();
    }

    /** Every row below this offset has been handed to gRPC. */
    long rowsSent() {
        return rowsSent;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<IngestRequest> requestStream) {
        this.call = requestStream;
        requestStream.setOnReadyHandler(this::wakeSender);
    }

    /** Sends the whole load on the calling thread; returns when every row is sent or the call has ended. */
    void sendAll() {
        try {
            if (!awaitReady()) {
                return;
            }
            call.onNext(IngestRequest.newBuilder().setHeader(header).build());
            while (awaitReady()) {
                if (!source.hasNext()) {
                    call.onCompleted();
                    return;
                }
                call.onNext(IngestRequest.newBuilder().setChunk(nextChunk()).build());
                rowsSent = nextOffset;
            }
        } catch (RuntimeException e) {
            if (result.completeExceptionally(e)) {
                call.cancel("the source failed: " + e.getMessage(), e);
            }
        }
    }

    /** Waits until the call can take a message; false once the call has ended. */
    private boolean awaitReady() {
        synchronized (readiness) {
            while (!result.isDone() && !call.isReady()) {
                try {
                    // Woken by onReady or the call's end; the timeout only guards against a missed wake-up.
                    readiness.wait(READY_POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while sending", e);
                }
            }
            return !result.isDone();
        }
    }

    private void wakeSender() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    private RowChunk nextChunk() {
        RowChunk.Builder chunk = RowChunk.newBuilder().setFirstOffset(nextOffset);
        for (int i = 0; i < chunkRows && source.hasNext(); i++) {
            SourceRow row = source.next();
            if (row.isReadable()) {
                chunk.addRows(row.row());
            } else {
                chunk.addUnreadable(RowError.newBuilder().setOffset(nextOffset).setSku(row.sku())
                        .setField(row.unreadable().field()).setReason(row.unreadable().reason()));
            }
            nextOffset++;
        }
        return chunk.build();
    }

    @Override
    public void onNext(IngestSummary summary) {
        result.complete(summary);
        wakeSender();
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
        wakeSender();
    }

    @Override
    public void onCompleted() {
        result.completeExceptionally(new IllegalStateException("the server closed the call without a summary"));
        wakeSender();
    }
}
