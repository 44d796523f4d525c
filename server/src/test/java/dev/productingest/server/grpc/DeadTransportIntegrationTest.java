package dev.productingest.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.productingest.server.auth.Credentials;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gRPC server whose transport stopped taking work (an event loop whose thread died, a callback pool that refuses
 * tasks: what an OutOfMemoryError leaves behind) says so, for its health checks, while its port is still open.
 */
class DeadTransportIntegrationTest {
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private GrpcServer server;

    @AfterEach
    void stop() throws InterruptedException {
        server.stop();
        callbacks.shutdownNow();
    }

    @Test
    void aServerWhoseEventLoopsStoppedSaysSo() throws Exception {
        server = started();
        assertThat(server.deadTransport()).as("a live transport").isEmpty();

        server.workers().shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);

        assertThat(server.isServing())
                .as("the server itself has not been stopped")
                .isTrue();
        assertThat(server.deadTransport())
                .hasValueSatisfying(why -> assertThat(why).contains("event loop"));
    }

    @Test
    void aServerWhoseCallbackPoolRefusesWorkSaysSo() throws Exception {
        server = started();

        callbacks.shutdown();

        assertThat(server.deadTransport())
                .hasValueSatisfying(why -> assertThat(why).contains("callback pool refuses work"));
    }

    private GrpcServer started() throws Exception {
        GrpcServerFactory factory = new GrpcServerFactory();
        factory.setPort(0);
        GrpcServer started = new GrpcServer(
                factory.settings("127.0.0.1"),
                Credentials.none(),
                callbacks,
                within -> {},
                new GrpcHealth(List.of(), 10),
                new GrpcCallMetrics(new MetricRegistry()));
        started.start();
        return started;
    }
}
