package dev.productingest.server.jobs;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.JobWatch;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestRedis;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * A RUNNING job no producer comes back to ends as FAILED after {@code retention.abandonAfter}, saying why, announced as
 * every end is (the completion event, its watchers, its reads), with a snapshot's carried SKUs forgotten and the rows
 * it committed kept; a resume is refused, and retention purges it later with the other ended jobs. A job a live stream
 * holds is left alone.
 */
class AbandonedJobsIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("retention.abandonAfter", "2s"),
            ConfigOverride.config("retention.interval", "100ms"),
            // Short, so that only a live stream's renewals keep a job from being abandoned.
            ConfigOverride.config("ingest.lease", "1s"));

    @Test
    void aBrokenLoadNoProducerResumesEndsAsFailedIsAnnouncedAndIsPurgedLikeOtherEndedJobs() throws Exception {
        RedissonClient redis = redis();
        try {
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            redis.getTopic(server.namespace() + ":jobs-completed", StringCodec.INSTANCE)
                    .addListener(String.class, (channel, message) -> events.add(read(message)));
            List<ProductRow> rows = catalog(1_500, 0);
            IngestCall.commitThenBreak(
                    server.asyncStub(), server.blockingStub(), "left-behind", rows.subList(0, 1_000));
            JobWatch watch = JobWatch.start(server.asyncStub(), "left-behind");

            JsonNode event = eventOf("left-behind", events);
            assertThat(event.get("state").asText()).isEqualTo("FAILED");
            assertThat(event.get("error").asText()).startsWith("abandoned: no producer resumed it within 2 seconds");
            assertThat(event.get("inserted").asLong()).isEqualTo(1_000);
            assertThat(watch.ended()).as("the watch ends with the job").isEqualTo(Status.OK);
            assertThat(watch.last().getSummary().getState()).isEqualTo(JobState.FAILED);
            Job read = server.blockingStub()
                    .getJob(GetJobRequest.newBuilder().setJobId("left-behind").build());
            assertThat(read.getSummary().getState()).isEqualTo(JobState.FAILED);
            assertThat(read.getSummary().getError()).startsWith("abandoned");

            IngestCall.Result resumed = IngestCall.run(
                    server.asyncStub(),
                    List.of(IngestCall.header("left-behind"), IngestCall.chunk(1_000, rows.subList(1_000, 1_500))));
            assertThat(resumed.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(resumed.status().getDescription()).contains("FAILED", "abandoned", "start a new job");
            assertThat(ProductTable.read(server.jdbi()))
                    .as("the rows committed before are kept")
                    .hasSize(1_000);
        } finally {
            redis.shutdown();
        }

        Conditions.await(
                "the event is delivered",
                () -> count("SELECT count(*) FROM ingest_jobs WHERE job_id = 'left-behind'"
                                + " AND event_published_at IS NOT NULL AND event_posted_at IS NOT NULL")
                        == 1);
        server.jdbi()
                .useHandle(h -> h.execute("UPDATE ingest_jobs SET finished_at = now() - interval '31 days'"
                        + " WHERE job_id = 'left-behind'"));
        Conditions.await(
                "retention purges it once it ended longer ago than retention.jobs",
                () -> count("SELECT count(*) FROM ingest_jobs") == 0);
    }

    @Test
    void anAbandonedSnapshotForgetsTheSkusItCarriedAndRetiresNothing() {
        server.jdbi()
                .useHandle(
                        h -> h.execute(
                                "INSERT INTO products (sku, name, description, category, price_minor, currency, stock,"
                                        + " active, attributes, updated_at) VALUES ('NOT-CARRIED', 'n', '', '', 1, 'EUR', 1, true, '{}', '2000-01-01Z')"));
        IngestCall call = IngestCall.open(server.asyncStub())
                .send(IngestRequest.newBuilder()
                        .setHeader(IngestHeader.newBuilder()
                                .setJobId("snapshot-left-behind")
                                .setSource("test")
                                .setMode(LoadMode.SNAPSHOT))
                        .build())
                .send(IngestCall.chunk(0, catalog(500, 0)));
        Conditions.await(
                "the snapshot's first rows commit with the SKUs they carried",
                () -> count("SELECT count(*) FROM snapshot_skus WHERE job_id = 'snapshot-left-behind'") == 500);
        call.breakOff();

        Conditions.await("the snapshot is abandoned", () -> state("snapshot-left-behind") == JobState.FAILED);

        assertThat(count("SELECT count(*) FROM snapshot_skus")).isZero();
        assertThat(count("SELECT count(*) FROM products WHERE deleted_at IS NULL"))
                .as("nothing retired")
                .isEqualTo(501);
    }

    @Test
    void aJobALiveStreamHoldsIsNotAbandonedHoweverLongItWaitsForRows() {
        List<ProductRow> rows = catalog(200, 0);
        IngestCall held = IngestCall.open(server.asyncStub())
                .send(IngestCall.header("held"))
                .send(IngestCall.chunk(0, rows.subList(0, 100)));
        Conditions.await("the held job's first rows commit", () -> committed("held") == 100);
        // Broken after the held job last committed: once it is abandoned, the held job has waited longer.
        IngestCall.commitThenBreak(server.asyncStub(), server.blockingStub(), "broken-later", catalog(10, 1));

        Conditions.await("the broken job is abandoned", () -> state("broken-later") == JobState.FAILED);

        assertThat(state("held")).isEqualTo(JobState.RUNNING);
        IngestCall.Result finished =
                held.send(IngestCall.chunk(100, rows.subList(100, 200))).finish();
        assertThat(finished.ok()).as(finished.status().toString()).isTrue();
        assertThat(finished.summary().getState()).isEqualTo(JobState.COMPLETED);
        assertThat(finished.summary().getReceived()).isEqualTo(200);
    }

    /** The completion event of the job, waiting up to 30 s for it; another test's late events are passed over. */
    private static JsonNode eventOf(String jobId, BlockingQueue<JsonNode> events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (JsonNode event; (event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (event.get("jobId").asText().equals(jobId)) {
                return event;
            }
        }
        throw new AssertionError("no completion event of job " + jobId + " within 30 s");
    }

    private static JobState state(String jobId) {
        return server.blockingStub()
                .getJob(GetJobRequest.newBuilder().setJobId(jobId).build())
                .getSummary()
                .getState();
    }

    private static long committed(String jobId) {
        return server.blockingStub()
                .getJob(GetJobRequest.newBuilder().setJobId(jobId).build())
                .getSummary()
                .getCommittedOffset();
    }

    private static long count(String sql) {
        return ProductTable.count(server.jdbi(), sql);
    }

    private static RedissonClient redis() {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.server().url());
        return Redisson.create(config);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
