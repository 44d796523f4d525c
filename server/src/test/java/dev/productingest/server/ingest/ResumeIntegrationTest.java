package dev.productingest.server.ingest;

import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResumeIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static Job job(String id) {
        return server.blockingStub()
                .getJob(GetJobRequest.newBuilder().setJobId(id).build());
    }

    private static long committed(String id) {
        try {
            return job(id).getSummary().getCommittedOffset();
        } catch (io.grpc.StatusRuntimeException e) {
            return -1;
        }
    }

    /** Sends the first part of the rows, waits until some of them are committed, then drops the connection. */
    private static void loadPartlyAndBreak(String jobId, List<ProductRow> rows, int sendRows)
            throws InterruptedException {
        IngestCall call = IngestCall.open(server.asyncStub());
        call.send(header(jobId));
        IngestCall.chunks(0, rows.subList(0, sendRows), 500).forEach(call::send);
        Conditions.await("2,000 rows of job " + jobId + " commit", () -> committed(jobId) >= 2_000);
        call.breakOff();
    }

    @Test
    void aBrokenStreamResumedFromItsCommittedOffsetEndsWithExactCountsAndTable() throws Exception {
        List<ProductRow> rows = catalog(10_000, 0);
        loadPartlyAndBreak("resume", rows, 6_000);
        long committed = committed("resume");
        assertThat(committed).isBetween(2_000L, 6_000L);

        IngestCall.Result resumed = resumeWithRetry("resume", rows, committed);

        IngestSummary s = resumed.summary();
        assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(s.getReceived()).isEqualTo(10_000);
        assertThat(s.getInserted()).isEqualTo(10_000);
        assertThat(s.getUpdated() + s.getUnchanged() + s.getStale()).isZero();
        Map<String, ProductRow> table = ProductTable.read(server.jdbi());
        assertThat(table).hasSize(10_000);
        rows.forEach(r -> assertThat(table.get(r.getSku())).isEqualTo(r));
    }

    @Test
    void replayedOffsetsAreNotCountedTwice() throws Exception {
        List<ProductRow> rows = catalog(8_000, 0);
        loadPartlyAndBreak("replay", rows, 5_000);

        // Resend everything from offset 0: the server skips what is committed.
        IngestCall.Result resumed = resumeWithRetry("replay", rows, 0);

        IngestSummary s = resumed.summary();
        assertThat(s.getReceived()).isEqualTo(8_000);
        assertThat(s.getInserted()).isEqualTo(8_000);
        assertThat(s.getUnchanged()).isZero();
        assertThat(ProductTable.read(server.jdbi())).hasSize(8_000);
    }

    @Test
    void aSecondLiveStreamOnAJobIsRefused() throws Exception {
        IngestCall first = IngestCall.open(server.asyncStub());
        first.send(header("busy"));
        first.send(IngestCall.chunk(0, catalog(10, 0)));
        Conditions.await("the first stream opens the job", () -> committed("busy") >= 0);

        IngestCall.Result second = IngestCall.run(server.asyncStub(), List.of(header("busy")));

        assertThat(second.status().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(second.status().getDescription()).contains("being written by another live stream");
        IngestCall.Result firstResult = first.finish();
        assertThat(firstResult.status().isOk())
                .as(firstResult.status().toString())
                .isTrue();
        assertThat(firstResult.summary().getInserted()).isEqualTo(10);
    }

    private static IngestCall.Result resumeWithRetry(String jobId, List<ProductRow> rows, long fromOffset) {
        IngestCall.Result result = IngestCall.resume(server.asyncStub(), header(jobId), rows, fromOffset);
        assertThat(result.status().isOk()).as(result.status().toString()).isTrue();
        return result;
    }
}
