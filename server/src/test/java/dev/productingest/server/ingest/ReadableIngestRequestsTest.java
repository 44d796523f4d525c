package dev.productingest.server.ingest;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.v1.IngestRequest;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class ReadableIngestRequestsTest {
    /** As gRPC hands a message to the marshaller: a stream that knows its length. */
    private static final class WireMessage extends ByteArrayInputStream implements KnownLength {
        WireMessage(byte[] bytes) {
            super(bytes);
        }
    }

    @Test
    void aChunkIsCountedByItsSizeOnTheWire() {
        IngestRequest sent = chunk(0, catalog(50, 0));
        byte[] wire = sent.toByteArray();

        IngestRequest parsed = ReadableIngestRequests.MARSHALLER.parse(new WireMessage(wire));

        assertThat(parsed).isEqualTo(sent);
        assertThat(ReadableIngestRequests.wireSize(parsed)).isEqualTo(wire.length);
    }

    @Test
    void withoutAWireSizeTheEncodedSizeIsComputed() {
        IngestRequest built = chunk(0, catalog(5, 0));

        assertThat(ReadableIngestRequests.wireSize(built)).isEqualTo(built.getSerializedSize());
    }

    @Test
    void bytesThatAreNoIngestRequestComeMarkedWithTheReason() {
        IngestRequest parsed = ReadableIngestRequests.MARSHALLER.parse(new WireMessage(new byte[] {0x12, (byte) 0xff, (byte) 0xff, 1}));

        assertThat(ReadableIngestRequests.parseFailure(parsed)).hasValueSatisfying(why -> assertThat(why).contains("not a readable IngestRequest"));
    }
}
