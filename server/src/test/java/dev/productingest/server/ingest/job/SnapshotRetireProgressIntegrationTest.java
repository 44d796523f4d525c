package dev.productingest.server.ingest.job;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.JobWatch;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A watcher of a snapshot sees its retire phase: the job still RUNNING, its retired count rising. */
class SnapshotRetireProgressIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("snapshot.retireBatch", "10"),
            ConfigOverride.config("snapshot.maxRetiredShare", "0.5"));

    @Test
    void watchJobShowsTheRetiredCountRiseBeforeTheJobCompletes() {
        List<ProductRow> stored = catalog(2_000, 0);
        assertThat(IngestCall.load(server.asyncStub(), "stored", stored).ok()).isTrue();
        IngestCall snapshot = IngestCall.open(server.asyncStub());
        snapshot.send(IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder().setJobId("nightly").setMode(LoadMode.SNAPSHOT))
                .build());
        List<ProductRow> sent = stored.subList(0, 1_500);
        IngestCall.chunks(0, sent, 500).forEach(snapshot::send);
        Conditions.await("the snapshot's rows commit", () -> committed() == 1_500);
        JobWatch watch = JobWatch.start(server.asyncStub(), "nightly");
        Conditions.await("the watch has begun", () -> watch.last() != null);

        IngestSummary summary = snapshot.finish().summary();

        assertThat(summary.getRetired()).isEqualTo(500);
        Conditions.await(
                "the watch sees the job end", () -> watch.last().getSummary().getState() == JobState.COMPLETED);
        assertThat(watch.seen()).as("progress while retiring").anySatisfy(job -> {
            assertThat(job.getSummary().getState()).isEqualTo(JobState.RUNNING);
            assertThat(job.getSummary().getRetired()).isBetween(1L, 500L);
        });
    }

    private static long committed() {
        return server.blockingStub()
                .getJob(GetJobRequest.newBuilder().setJobId("nightly").build())
                .getSummary()
                .getCommittedOffset();
    }
}
