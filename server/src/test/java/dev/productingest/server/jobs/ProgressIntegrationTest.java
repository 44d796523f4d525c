package dev.productingest.server.jobs;

import static dev.productingest.server.testing.IngestCall.chunks;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.JobWatch;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.ServerPair;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two servers over one PostgreSQL and one Redis: a job written through A, read and watched through B. */
class ProgressIntegrationTest {
    @RegisterExtension
    static final ServerPair servers = ServerPair.perClass();

    static final TestServer a = servers.a();
    static final TestServer b = servers.b();

    @Test
    void aRunningJobOnAIsReadFromBOverGrpcAndRest() throws Exception {
        List<ProductRow> rows = catalog(5_000, 0);
        IngestCall call = IngestCall.open(a.asyncStub());
        call.send(header("half-way"));
        chunks(0, rows.subList(0, 3_000), 500).forEach(call::send);
        Job running = awaitCommitted(b, "half-way", 3_000);

        assertThat(running.getSummary().getState()).isEqualTo(JobState.RUNNING);
        assertThat(running.getServer()).isEqualTo("server-a");
        assertThat(running.getSummary().getInserted()).isEqualTo(3_000);
        JsonNode rest = Rest.ok(b.http() + "/jobs/half-way");
        assertThat(rest.get("state").asText()).isEqualTo("RUNNING");
        assertThat(rest.get("committedOffset").asLong()).isEqualTo(3_000);
        assertThat(rest.get("server").asText()).isEqualTo("server-a");
        assertThat(rest.get("owner").asText())
                .as("no credential: an anonymous caller on loopback")
                .isEqualTo("anonymous");
        assertThat(Rest.ok(b.http() + "/jobs?state=RUNNING").findValuesAsText("jobId"))
                .contains("half-way");

        chunks(3_000, rows.subList(3_000, 5_000), 500).forEach(call::send);
        IngestSummary done = call.finish().summary();

        Job ended = b.blockingStub()
                .getJob(GetJobRequest.newBuilder().setJobId("half-way").build());
        assertThat(ended.getSummary().getState()).isEqualTo(JobState.COMPLETED);
        assertThat(ended.getSummary().getReceived())
                .isEqualTo(done.getReceived())
                .isEqualTo(5_000);
        assertThat(Rest.ok(b.http() + "/jobs?state=RUNNING").findValuesAsText("jobId"))
                .doesNotContain("half-way");
        assertThat(Rest.ok(b.http() + "/jobs?state=COMPLETED").findValuesAsText("jobId"))
                .contains("half-way");
    }

    @Test
    void watchOnBSeesEachCommitOfAJobWrittenThroughAAndEndsWithIt() throws Exception {
        IngestCall call = IngestCall.open(a.asyncStub());
        call.send(header("watched"));
        List<ProductRow> rows = catalog(4_000, 0);
        chunks(0, rows.subList(0, 1_000), 1_000).forEach(call::send);
        awaitCommitted(b, "watched", 1_000);

        JobWatch watch = JobWatch.start(b.asyncStub(), "watched");
        assertThat(watch.next().getSummary().getCommittedOffset()).isEqualTo(1_000);

        // Each further batch of A reaches the watcher on B while the job is still running.
        for (int batch = 1; batch < 4; batch++) {
            chunks(batch * 1_000L, rows.subList(batch * 1_000, (batch + 1) * 1_000), 1_000)
                    .forEach(call::send);
            Job next = watch.next();
            assertThat(next).as("update after batch %d", batch).isNotNull();
            assertThat(next.getSummary().getState()).isEqualTo(JobState.RUNNING);
            assertThat(next.getSummary().getCommittedOffset()).isEqualTo((batch + 1) * 1_000L);
        }
        call.finish();

        assertThat(watch.ended()).isEqualTo(Status.OK);
        assertThat(watch.last().getSummary().getState()).isEqualTo(JobState.COMPLETED);
        assertThat(watch.last().getSummary().getInserted()).isEqualTo(4_000);
    }

    @Test
    void unknownJobsAreNotFoundEverywhere() {
        StatusRuntimeException grpc = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> b.blockingStub()
                        .getJob(GetJobRequest.newBuilder().setJobId("nobody").build()));
        assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        Rest.Response rest = Rest.get(b.http() + "/jobs/nobody");
        assertThat(rest.status()).isEqualTo(404);
        assertThat(rest.body().get("message").asText()).contains("no job 'nobody'");
        Rest.Response badState = Rest.get(b.http() + "/jobs?state=SLEEPING");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.body().get("message").asText()).contains("SLEEPING");
    }

    /** The job once it has committed {@code offset} rows; NOT_FOUND counts as "not yet", before the stream opens it. */
    private static Job awaitCommitted(TestServer server, String jobId, long offset) {
        AtomicReference<Job> job = new AtomicReference<>();
        Conditions.await("job " + jobId + " reaches offset " + offset, () -> {
            job.set(server.blockingStub()
                    .getJob(GetJobRequest.newBuilder().setJobId(jobId).build()));
            return job.get().getSummary().getCommittedOffset() >= offset;
        });
        return job.get();
    }
}
