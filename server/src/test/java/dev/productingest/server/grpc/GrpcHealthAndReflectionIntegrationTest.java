package dev.productingest.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.TestServer;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ingest port answers health probes and reflection, over a real socket, as grpc_health_probe and grpcurl ask. */
class GrpcHealthAndReflectionIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aHealthyServerIsServingForItselfAndTheIngestService() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(server.channel());

        Conditions.await("the first health checks have run", () -> status(health, "") == ServingStatus.SERVING);

        assertThat(status(health, "productingest.v1.ProductIngest")).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void reflectionListsTheServices() throws Exception {
        assertThat(services(server.channel())).contains("productingest.v1.ProductIngest", "grpc.health.v1.Health");
    }

    @Test
    void reflectionCanBeSwitchedOff() throws Exception {
        try (TestServer quiet = TestServer.start(ConfigOverride.config("grpc.reflection", "false"))) {
            assertThat(services(quiet.channel()))
                    .as("UNIMPLEMENTED: no reflection service")
                    .isNull();
        }
    }

    @Test
    void withATokenHealthAnswersEveryoneAndReflectionOnlyThoseWhoCarryIt() throws Exception {
        try (TestServer guarded = TestServer.start(ConfigOverride.config("auth.ingestToken", "s3cret-ingest-token"))) {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(guarded.channel());
            Conditions.await("the first health checks have run", () -> status(health, "") == ServingStatus.SERVING);

            assertThatThrownBy(() -> services(guarded.channel()))
                    .satisfies(
                            e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
    }

    /** The services reflection lists; null when the server does not offer reflection. */
    private static List<String> services(ManagedChannel channel) throws Exception {
        CompletableFuture<List<String>> listed = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        listed.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName)
                                .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        if (Status.fromThrowable(t).getCode() == Status.Code.UNIMPLEMENTED) {
                            listed.complete(null);
                        } else {
                            listed.completeExceptionally(t);
                        }
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> services = listed.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        return services;
    }

    private static ServingStatus status(HealthGrpc.HealthBlockingStub health, String service) {
        return health.check(HealthCheckRequest.newBuilder().setService(service).build())
                .getStatus();
    }
}
