package dev.productingest.client;

import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one load: the header, then chunks read from the source, only while the call is ready.
 * gRPC buffers a message only when the transport can take it, so the client holds one chunk at a
 * time whatever the size of the source.
 */
final class ChunkSender implements ClientResponseObserver<IngestRequest, IngestSummary> {
    private final IngestHeader header;
    private final RowSource source;
    private final int chunkRows;
    private final CompletableFuture<IngestSummary> result = new CompletableFuture<>();
    private ClientCallStreamObserver<IngestRequest> call;
    private long nextOffset;
    private boolean headerSent;
    private boolean sendingDone;

    ChunkSender(IngestHeader header, RowSource source, int chunkRows, long firstOffset) {
        this.header = header;
        this.source = source;
        this.chunkRows = chunkRows;
        this.nextOffset = firstOffset;
    }

    CompletableFuture<IngestSummary> result() {
        return result;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<IngestRequest> requestStream) {
        this.call = requestStream;
        requestStream.setOnReadyHandler(this::sendWhileReady);
    }

    private synchronized void sendWhileReady() {
        try {
            while (!sendingDone && !result.isDone() && call.isReady()) {
                if (!headerSent) {
                    call.onNext(IngestRequest.newBuilder().setHeader(header).build());
                    headerSent = true;
                } else if (source.hasNext()) {
                    call.onNext(IngestRequest.newBuilder().setChunk(nextChunk()).build());
                } else {
                    sendingDone = true;
                    call.onCompleted();
                }
            }
        } catch (RuntimeException e) {
            sendingDone = true;
            result.completeExceptionally(e);
            call.cancel("the source failed: " + e.getMessage(), e);
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
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        result.completeExceptionally(new IllegalStateException("the server closed the call without a summary"));
    }
}
