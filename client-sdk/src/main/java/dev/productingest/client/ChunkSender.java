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
 * Sends one load: the header, then chunks read from the source, only while the call is ready. gRPC buffers a message
 * only when the transport can take it, so the client holds one chunk at a time whatever the size of the source. The
 * source is read on a thread of the client's own, never in a gRPC callback: a source that blocks (a slow pipe, say)
 * must not hold up the call's other events, such as the server going away.
 */
final class ChunkSender implements ClientResponseObserver<IngestRequest, IngestSummary>, StallWatch.Stream {
    private static final long READY_POLL_MS = 100;

    private final IngestHeader header;
    private final RowSource source;
    private final int chunkRows;
    private final long chunkBytes;
    private final long maxRowBytes;
    private final CompletableFuture<IngestSummary> result = new CompletableFuture<>();
    private final Object readiness = new Object();
    private ClientCallStreamObserver<IngestRequest> call;
    private long nextOffset;
    // nextOffset as of the last chunk, for the progress thread: one volatile write per chunk, not per row.
    private volatile long rowsSent;
    // True while the sender waits for the server (for the call to take a message, or for the summary), not for the
    // source.
    private volatile boolean waitingOnServer;

    /**
     * @param chunkBytes a chunk is closed once its rows reach this many encoded bytes
     * @param maxMessageBytes the server's message limit: a row that cannot fit is sent as unreadable
     */
    ChunkSender(
            IngestHeader header,
            RowSource source,
            int chunkRows,
            long chunkBytes,
            long maxMessageBytes,
            long firstOffset) {
        this.header = header;
        this.source = source;
        this.chunkRows = chunkRows;
        this.chunkBytes = chunkBytes;
        // Room for the chunk's own fields and the row's length prefix.
        this.maxRowBytes = maxMessageBytes - 64;
        this.nextOffset = firstOffset;
        this.rowsSent = firstOffset;
    }

    CompletableFuture<IngestSummary> result() {
        return result;
    }

    /** Ends the stream from this side; the server keeps the job for a resume, or a CancelJob. */
    void cancel(String why) {
        abandon(Status.CANCELLED.withDescription(why));
    }

    /** Ends the stream from this side, the load failing with this status (which decides whether it retries). */
    @Override
    public void abandon(Status status) {
        if (result.completeExceptionally(status.asRuntimeException())) {
            call.cancel(status.getDescription(), null);
        }
        wakeSender();
    }

    /** Whether the load now waits for the server rather than for its own source. */
    @Override
    public boolean waitingOnServer() {
        return waitingOnServer;
    }

    /** Every row below this offset has been handed to gRPC. */
    @Override
    public long rowsSent() {
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
                    waitingOnServer = true;
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
        waitingOnServer = true;
        try {
            return awaitCall();
        } finally {
            waitingOnServer = false;
        }
    }

    private boolean awaitCall() {
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

    /**
     * The next rows, up to chunkRows of them and closed once they reach chunkBytes, so a chunk of rich rows stays far
     * below the server's message limit. A row too large for any message is sent as unreadable, keeping its offset: the
     * server stores it as rejected, and the load goes on.
     */
    private RowChunk nextChunk() {
        RowChunk.Builder chunk = RowChunk.newBuilder().setFirstOffset(nextOffset);
        long bytes = 0;
        for (int i = 0; i < chunkRows && bytes < chunkBytes && source.hasNext(); i++) {
            SourceRow row = source.next();
            int rowBytes = row.isReadable() ? row.row().getSerializedSize() : 0;
            if (row.isReadable() && rowBytes <= maxRowBytes) {
                chunk.addRows(row.row());
                bytes += rowBytes;
            } else if (row.isReadable()) {
                String sku = row.sku().length() > 256 ? row.sku().substring(0, 256) : row.sku();
                chunk.addUnreadable(RowError.newBuilder()
                        .setOffset(nextOffset)
                        .setSku(sku)
                        .setField("row")
                        .setReason("the row is " + rowBytes + " bytes encoded, more than fits in one message ("
                                + (maxRowBytes + 64) + " bytes)"));
            } else {
                chunk.addUnreadable(RowError.newBuilder()
                        .setOffset(nextOffset)
                        .setSku(row.sku())
                        .setField(row.unreadable().field())
                        .setReason(row.unreadable().reason()));
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
