package dev.productingest.server.ingest.rpc;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.JobWatch;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.Job;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WatchJob reads a job's first rejected rows again only when its rejected count moved, not at every commit and poll.
 */
class WatchJobRejectsIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aWatchReadsTheFirstRejectsAgainOnlyWhenTheRejectedCountMoves() throws Exception {
        IngestCall load = IngestCall.open(server.asyncStub()).send(header("watched"));
        load.send(chunk(0, List.of(row("A", 0), rejected("B"))));
        Conditions.await(
                "the first chunk is committed",
                () -> server.blockingStub()
                                .getJob(GetJobRequest.newBuilder()
                                        .setJobId("watched")
                                        .build())
                                .getSummary()
                                .getCommittedOffset()
                        == 2);
        JobWatch watch = JobWatch.start(server.asyncStub(), "watched");
        awaitCommitted(watch, 2);
        assertThat(firstRejectedSkus(watch.last())).containsExactly("B");

        // A stored reject the job's count does not include: a watch that read the rejects again would show it.
        server.jdbi()
                .useHandle(h -> h.execute("INSERT INTO ingest_rejects (job_id, row_offset, sku, field, reason) "
                        + "VALUES ('watched', 1000, 'UNCOUNTED', 'sku', 'stored by the test')"));
        load.send(chunk(2, List.of(row("C", 0))));
        awaitCommitted(watch, 3);
        assertThat(firstRejectedSkus(watch.last()))
                .as("the count did not move: the rejects as last sent")
                .containsExactly("B");

        load.send(chunk(3, List.of(rejected("D"))));
        awaitCommitted(watch, 4);
        assertThat(firstRejectedSkus(watch.last()))
                .as("the count moved: the rejects read again")
                .containsExactly("B", "D", "UNCOUNTED");

        load.finish();
    }

    private static ProductRow rejected(String sku) {
        return row(sku, 0).toBuilder().setPriceMinor(-1).build();
    }

    private static void awaitCommitted(JobWatch watch, long offset) {
        Conditions.await(
                "the watch sees offset " + offset,
                () -> watch.last() != null && watch.last().getSummary().getCommittedOffset() >= offset);
    }

    private static List<String> firstRejectedSkus(Job job) {
        return job.getSummary().getFirstRejectsList().stream()
                .map(RowError::getSku)
                .toList();
    }
}
