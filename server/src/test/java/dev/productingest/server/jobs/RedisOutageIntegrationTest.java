package dev.productingest.server.jobs;

import static dev.productingest.server.testing.IngestCall.chunks;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Kill;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.RedisCommands;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestRedis;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgreSQL is the truth: with Redis killed mid-ingest the job completes exactly, and progress returns with Redis. */
class RedisOutageIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(ConfigOverride.config("progress.unsentLimit", "1s"));

    @Test
    void redisKilledMidIngestAndRestartedLosesNothingAndProgressComesBack() throws Exception {
        EmbeddedRedisServer redis = TestRedis.server();
        List<ProductRow> rows = catalog(6_000, 0);
        IngestCall call = IngestCall.open(server.asyncStub());
        call.send(header("through-outage"));
        chunks(0, rows.subList(0, 2_000), 500).forEach(call::send);
        Conditions.await("the first 2000 rows commit", () -> committed("through-outage") >= 2_000);
        assertThat(redisProgress("through-outage")).contains("\"committedOffset\":2000");

        Kill.redisOnPort(redis.port());
        try {
            chunks(2_000, rows.subList(2_000, 6_000), 500).forEach(call::send);
            IngestSummary summary = call.finish().summary();

            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getReceived()).isEqualTo(6_000);
            assertThat(summary.getInserted()).isEqualTo(6_000);
            Map<String, ProductRow> table = ProductTable.read(server.jdbi());
            assertThat(table).hasSize(6_000);
            rows.forEach(r -> assertThat(table.get(r.getSku())).isEqualTo(r));
            Job fromPostgres = server.blockingStub()
                    .getJob(GetJobRequest.newBuilder()
                            .setJobId("through-outage")
                            .build());
            assertThat(fromPostgres.getSummary().getState()).isEqualTo(JobState.COMPLETED);
            assertThat(fromPostgres.getSummary().getCommittedOffset()).isEqualTo(6_000);

            // Operators see the progress Redis has not taken; the ingest port stays in rotation.
            Conditions.await(
                    "progress-redis reports what waits",
                    () -> !healthCheck("progress-redis").path("healthy").asBoolean());
            assertThat(healthCheck("progress-redis").path("message").asText()).contains("has waited", "for Redis");
            assertThat(HealthGrpc.newBlockingStub(server.channel())
                            .check(HealthCheckRequest.newBuilder()
                                    .setService("productingest.v1.ProductIngest")
                                    .build())
                            .getStatus())
                    .isEqualTo(ServingStatus.SERVING);
        } finally {
            redis.restart();
        }

        // Redis lost what it held since its last snapshot; the server sends what Redis missed.
        Conditions.await(
                "Redis learns the job completed",
                () -> redisProgress("through-outage").contains("\"state\":\"COMPLETED\""));
        assertThat(redisProgress("through-outage")).contains("\"committedOffset\":6000");
        IngestSummary after = IngestCall.load(server.asyncStub(), "after-outage", catalog(100, 1))
                .summary();
        assertThat(after.getUpdated()).isEqualTo(100);
        Conditions.await("a new job's progress reaches Redis", () -> redisProgress("after-outage") != null);
        Conditions.await(
                "progress-redis healthy again",
                () -> healthCheck("progress-redis").path("healthy").asBoolean());
    }

    private static JsonNode healthCheck(String name) {
        return Rest.get("http://localhost:" + server.adminPort() + "/healthcheck")
                .body()
                .path(name);
    }

    private long committed(String jobId) {
        try {
            return server.blockingStub()
                    .getJob(GetJobRequest.newBuilder().setJobId(jobId).build())
                    .getSummary()
                    .getCommittedOffset();
        } catch (StatusRuntimeException notYet) {
            return -1;
        }
    }

    private String redisProgress(String jobId) {
        return RedisCommands.get(TestRedis.server(), server.namespace() + ":job:" + jobId);
    }
}
