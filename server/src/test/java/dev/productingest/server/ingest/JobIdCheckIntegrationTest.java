package dev.productingest.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.productingest.server.testing.CapturedLog;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.ListRejectsRequest;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * Every job read checks its job_id as the header does: an id that breaks the rule is refused, never echoed, looked up
 * or logged.
 */
class JobIdCheckIntegrationTest {
    // Long, with a line break and a tag a careless page would render.
    private static final String BAD_ID = "job\r\n<script>" + "x".repeat(10_000);

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void everyJobReadRefusesAnIdThatBreaksTheRuleNamingTheRuleNotTheId() {
        try (CapturedLog log = CapturedLog.start()) {
            for (Map.Entry<String, Executable> read : reads(BAD_ID).entrySet()) {
                Status status = assertThrows(StatusRuntimeException.class, read.getValue(), read.getKey())
                        .getStatus();

                assertThat(status.getCode()).as(read.getKey()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(status.getDescription())
                        .as(read.getKey())
                        .isEqualTo("job_id must be 1..128 characters of letters, digits, " + "'.', '_', ':' or '-'");
            }
            assertThat(log.text()).doesNotContain("<script>");
        }
    }

    @Test
    void aValidIdOfNoJobIsStillNotFound() {
        for (Map.Entry<String, Executable> read : reads("no-such-job").entrySet()) {
            Status status = assertThrows(StatusRuntimeException.class, read.getValue(), read.getKey())
                    .getStatus();

            assertThat(status.getCode()).as(read.getKey()).isEqualTo(Status.Code.NOT_FOUND);
        }
    }

    private static Map<String, Executable> reads(String jobId) {
        ProductIngestGrpc.ProductIngestBlockingStub stub = server.blockingStub();
        GetJobRequest job = GetJobRequest.newBuilder().setJobId(jobId).build();
        Map<String, Executable> reads = new LinkedHashMap<>();
        reads.put("GetJob", () -> stub.getJob(job));
        reads.put("CancelJob", () -> stub.cancelJob(job));
        reads.put("WatchJob", () -> stub.watchJob(job).hasNext());
        reads.put(
                "ListRejects",
                () -> stub.listRejects(
                                ListRejectsRequest.newBuilder().setJobId(jobId).build())
                        .hasNext());
        return reads;
    }
}
