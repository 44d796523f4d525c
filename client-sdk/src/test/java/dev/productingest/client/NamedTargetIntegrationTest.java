package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductIngestGrpc;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gRPC name that stands for a fleet: the client spreads its calls over every server the name resolves to, round
 * robin, and leaves out one whose gRPC health is not SERVING. The name is resolved by a resolver of this test's own (as
 * DNS would for a headless service), to two real servers and a third that answers health with NOT_SERVING and counts
 * any other call it gets.
 */
class NamedTargetIntegrationTest {
    private static final String SCHEME = "test-fleet";
    private static final AtomicInteger callsToTheUnhealthyOne = new AtomicInteger();
    private static volatile List<InetSocketAddress> fleet = List.of();
    private static Server unhealthy;

    @RegisterExtension
    static final TestServer a = TestServer.perClass(ConfigOverride.config("ingest.instanceId", "server-a"));

    @BeforeAll
    static void registerTheName() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(ProductIngestGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
        unhealthy = NettyServerBuilder.forPort(0)
                .addService(health.getHealthService())
                .addService(new ProductIngestGrpc.ProductIngestImplBase() {
                    // Counted, then answered UNIMPLEMENTED as the generated base does: no call should come here at all.
                    @Override
                    public StreamObserver<IngestRequest> ingest(StreamObserver<IngestSummary> responses) {
                        callsToTheUnhealthyOne.incrementAndGet();
                        return super.ingest(responses);
                    }

                    @Override
                    public void getJob(GetJobRequest request, StreamObserver<Job> responses) {
                        callsToTheUnhealthyOne.incrementAndGet();
                        super.getJob(request, responses);
                    }
                })
                .build()
                .start();
        NameResolverRegistry.getDefaultRegistry().register(new FleetResolverProvider());
    }

    @AfterAll
    static void stopTheUnhealthyOne() {
        unhealthy.shutdownNow();
    }

    @Test
    void loadsGoToEveryServingServerBehindTheNameAndNeverToOneThatIsNotServing() throws Exception {
        try (TestServer b = a.startAnother(ConfigOverride.config("ingest.instanceId", "server-b"))) {
            fleet = List.of(
                    new InetSocketAddress("127.0.0.1", a.grpcPort()),
                    new InetSocketAddress("127.0.0.1", b.grpcPort()),
                    new InetSocketAddress("127.0.0.1", unhealthy.getPort()));
            try (IngestClient client =
                    IngestClient.builder(SCHEME + ":///ingest").build()) {
                for (int i = 0; i < 6; i++) {
                    IngestSummary summary = client.load(
                            IngestOptions.defaults().withJobId("named-" + i),
                            RowSource.of(catalog(100, i).iterator()));
                    assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
                }
                assertThat(ingestCalls(a)).as("calls to server A").isPositive();
                assertThat(ingestCalls(b)).as("calls to server B").isPositive();
                assertThat(callsToTheUnhealthyOne)
                        .as("calls to the server that is not serving")
                        .hasValue(0);
            }
        }
    }

    /** Every ProductIngest call a server took, by its gRPC call metrics. */
    private static long ingestCalls(TestServer server) {
        JsonNode meters =
                Rest.ok("http://localhost:" + server.adminPort() + "/metrics").path("meters");
        long calls = 0;
        for (var names = meters.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("grpc.server.started.ProductIngest.")) {
                calls += meters.path(name).path("count").asLong();
            }
        }
        return calls;
    }

    /** Resolves test-fleet:///anything to the addresses the test set. */
    private static final class FleetResolverProvider extends NameResolverProvider {
        @Override
        public NameResolver newNameResolver(URI target, NameResolver.Args args) {
            if (!SCHEME.equals(target.getScheme())) {
                return null;
            }
            return new NameResolver() {
                @Override
                public String getServiceAuthority() {
                    return "fleet";
                }

                @Override
                public void start(Listener2 listener) {
                    listener.onResult(ResolutionResult.newBuilder()
                            .setAddresses(fleet.stream()
                                    .map(EquivalentAddressGroup::new)
                                    .toList())
                            .build());
                }

                @Override
                public void shutdown() {}
            };
        }

        @Override
        public String getDefaultScheme() {
            return SCHEME;
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            return 5;
        }
    }
}
