package dev.productingest.server.health;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The health checks that watch the write path, made to fail for real: a transaction holds a lock on products, so the
 * batches of two loads wait behind it. One writer thread, and limits of a second, so the wait shows at once.
 */
class StalledWritesHealthIntegrationTest {
    private static final String INGEST = "productingest.v1.ProductIngest";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("ingest.writerThreads", "1"),
            ConfigOverride.config("ingest.writerWaitLimit", "1s"),
            ConfigOverride.config("ingest.batchWriteLimit", "1s"));

    @Test
    void aLockedProductsTableMakesBatchWritesAndTheWriterBacklogUnhealthyUntilItIsReleased() throws Exception {
        HealthGrpc.HealthBlockingStub grpcHealth = HealthGrpc.newBlockingStub(server.channel());
        Conditions.await(
                "the server starts healthy",
                () -> healthy("batch-writes")
                        && healthy("writer-backlog")
                        && status(grpcHealth) == ServingStatus.SERVING);

        List<CompletableFuture<IngestCall.Result>> loads;
        try (Handle lock = server.jdbi().open()) {
            lock.begin();
            lock.execute("LOCK TABLE products IN ACCESS EXCLUSIVE MODE");
            loads = List.of(
                    CompletableFuture.supplyAsync(() -> IngestCall.load(server.asyncStub(), "held-a", catalog(100, 0))),
                    CompletableFuture.supplyAsync(
                            () -> IngestCall.load(server.asyncStub(), "held-b", catalog(100, 1_000))));

            Conditions.await(
                    "the held batch and the work queued behind it are reported",
                    () -> !healthy("batch-writes") && !healthy("writer-backlog"));
            assertThat(check("batch-writes").path("message").asText())
                    .contains("PostgreSQL is slow or a lock holds it");
            assertThat(check("writer-backlog").path("message").asText()).contains("waited", "for a writer");
            Conditions.await("gRPC health follows", () -> status(grpcHealth) == ServingStatus.NOT_SERVING);
            lock.rollback();
        }

        for (CompletableFuture<IngestCall.Result> load : loads) {
            assertThat(load.get().ok())
                    .as("the loads go on once the lock is gone")
                    .isTrue();
        }
        Conditions.await(
                "healthy again",
                () -> healthy("batch-writes")
                        && healthy("writer-backlog")
                        && status(grpcHealth) == ServingStatus.SERVING);
    }

    private static boolean healthy(String name) {
        return check(name).path("healthy").asBoolean();
    }

    /** A check as /healthcheck on the admin port reports it (500 while any check fails, the same body). */
    private static JsonNode check(String name) {
        return Rest.get("http://localhost:" + server.adminPort() + "/healthcheck")
                .body()
                .path(name);
    }

    private static ServingStatus status(HealthGrpc.HealthBlockingStub health) {
        return health.check(HealthCheckRequest.newBuilder().setService(INGEST).build())
                .getStatus();
    }
}
