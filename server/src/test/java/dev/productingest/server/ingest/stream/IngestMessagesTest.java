package dev.productingest.server.ingest.stream;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.v1.IngestRequest;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class IngestMessagesTest {
    /** As gRPC hands a message to the marshaller: a stream that knows its length. */
    private static final class WireMessage extends ByteArrayInputStream implements KnownLength {
        WireMessage(byte[] bytes) {
            super(bytes);
        }
    }

    @Test
    void aMessageArrivesUnparsedWithItsWireSizeAndParsesToWhatWasSent() throws Exception {
        IngestRequest sent = chunk(0, catalog(50, 0));
        byte[] wire = sent.toByteArray();

        try (IngestMessage message = IngestMessages.MARSHALLER.parse(new WireMessage(wire))) {
            assertThat(message.wireBytes()).isEqualTo(wire.length);
            assertThat(message.heapCost().rows()).isEqualTo(50);
            assertThat(message.parse()).isEqualTo(sent);
        }
    }

    @Test
    void aMessageCopiedIntoTheHeapCountsItsOwnBytesToo() {
        byte[] wire = chunk(0, catalog(50, 0)).toByteArray();
        HeapCost rowsAlone = HeapCost.of(
                java.util.List.of(java.nio.ByteBuffer.allocateDirect(wire.length)
                        .put(wire)
                        .flip()),
                wire.length);

        HeapCost copied = IngestMessages.MARSHALLER.parse(new WireMessage(wire)).heapCost();

        assertThat(copied.heapBytes()).isEqualTo(rowsAlone.heapBytes() + wire.length);
    }

    @Test
    void bytesThatAreNoIngestRequestAreFoundUnreadableBeforeTheyAreParsed() {
        IngestMessage message =
                IngestMessages.MARSHALLER.parse(new WireMessage(new byte[] {0x12, (byte) 0xff, (byte) 0xff, 1}));

        assertThatThrownBy(message::heapCost).isInstanceOf(WireCursor.UnreadableMessage.class);
    }
}
