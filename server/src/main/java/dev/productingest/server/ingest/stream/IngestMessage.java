package dev.productingest.server.ingest.stream;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.productingest.v1.IngestRequest;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of an Ingest call as it came over the wire, not parsed yet: its stream reserves what it will cost in the
 * heap ({@link #heapCost()}) before {@link #parse()} makes its rows. Over Netty the bytes stay in the transport's
 * buffers, outside the heap, until then; whoever holds the message closes it.
 */
public final class IngestMessage implements AutoCloseable {
    private final List<ByteBuffer> buffers;
    private final long wireBytes;
    private final boolean inHeap;
    private final InputStream owner;

    private IngestMessage(List<ByteBuffer> buffers, long wireBytes, InputStream owner) {
        this.buffers = buffers;
        this.wireBytes = wireBytes;
        this.inHeap = buffers.stream().anyMatch(b -> !b.isDirect());
        this.owner = owner;
    }

    /**
     * Takes the bytes gRPC hands the marshaller: detached from gRPC's stream, which it closes once the message is
     * delivered, so that they outlive it. A stream that cannot be detached (the in-process transport's) is copied.
     */
    static IngestMessage of(InputStream stream) {
        try {
            if (stream instanceof Detachable detachable) {
                InputStream detached = detachable.detach();
                if (detached instanceof HasByteBuffer direct
                        && direct.byteBufferSupported()
                        && detached.markSupported()) {
                    long size = detached.available();
                    return new IngestMessage(buffersOf(detached, direct), size, detached);
                }
                stream = detached;
            }
            byte[] bytes =
                    stream instanceof KnownLength ? stream.readNBytes(stream.available()) : stream.readAllBytes();
            stream.close();
            return new IngestMessage(List.of(ByteBuffer.wrap(bytes)), bytes.length, null);
        } catch (IOException e) {
            throw new UncheckedIOException("an ingest message could not be taken from the transport", e);
        }
    }

    // The stream's buffers, each as it holds them: marked first, so that reading past one keeps it
    // (the stream would release it otherwise) until the stream is closed.
    private static List<ByteBuffer> buffersOf(InputStream stream, HasByteBuffer direct) throws IOException {
        stream.mark(Integer.MAX_VALUE);
        List<ByteBuffer> buffers = new ArrayList<>();
        for (ByteBuffer b = direct.getByteBuffer(); b != null && b.hasRemaining(); b = direct.getByteBuffer()) {
            buffers.add(b);
            stream.skip(b.remaining());
        }
        return buffers;
    }

    long wireBytes() {
        return wireBytes;
    }

    /**
     * What the message will cost in the heap once parsed and written, its bytes included while they are in the heap
     * themselves (a copied or decompressed message).
     *
     * @throws WireCursor.UnreadableMessage when the bytes are no IngestRequest
     */
    HeapCost heapCost() {
        HeapCost cost = HeapCost.of(buffers, wireBytes);
        return inHeap ? new HeapCost(cost.rows(), cost.parsed() + wireBytes, cost.stored(), cost.statements()) : cost;
    }

    /**
     * The request itself; {@link InvalidProtocolBufferException} when protobuf will not read it (text that is no UTF-8,
     * say).
     */
    IngestRequest parse() throws IOException {
        CodedInputStream in = buffers.size() == 1
                ? CodedInputStream.newInstance(buffers.get(0).duplicate())
                : CodedInputStream.newInstance(
                        buffers.stream().map(ByteBuffer::duplicate).toList());
        // gRPC has limited the message's size already; protobuf's own 64 MiB default would only get in the way.
        in.setSizeLimit(Integer.MAX_VALUE);
        return IngestRequest.parseFrom(in);
    }

    /** Gives the transport's buffers back. */
    @Override
    public void close() {
        if (owner != null) {
            try {
                owner.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
