package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that takes the stream and then never reads from it nor answers (a wedged process) is not waited on forever:
 * the SDK ends the stream after its stall timeout, as UNAVAILABLE.
 */
class StalledStreamTest {

    /** Accepts every Ingest call and never asks for a message. */
    private static final class WedgedService extends ProductIngestGrpc.ProductIngestImplBase {
        @Override
        public StreamObserver<IngestRequest> ingest(StreamObserver<IngestSummary> responseObserver) {
            ((ServerCallStreamObserver<IngestSummary>) responseObserver).disableAutoRequest();
            return new StreamObserver<>() {
                @Override
                public void onNext(IngestRequest value) {}

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
            };
        }
    }

    @Test
    void aStreamThatMakesNoProgressIsEndedAsUnavailable() throws Exception {
        Server wedged = NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0))
                .addService(new WedgedService())
                .build()
                .start();
        try (IngestClient client = IngestClient.builder("localhost:" + wedged.getPort())
                .retry(RetryPolicy.none())
                .stallTimeout(Duration.ofSeconds(1))
                .build()) {
            // Enough rows to fill the transport's window, so the sender waits on the server.
            IngestException failure = catchThrowableOfType(
                    IngestException.class,
                    () -> client.load(
                            IngestOptions.defaults(),
                            RowSource.of(catalog(50_000, 0).iterator())));

            assertThat(failure.code()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(failure.getMessage()).contains("made no progress for 1 s");
        } finally {
            wedged.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
