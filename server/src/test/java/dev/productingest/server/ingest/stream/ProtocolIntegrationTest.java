package dev.productingest.server.ingest.stream;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestRequest;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Protocol misuse is answered with INVALID_ARGUMENT and a description that says what was wrong. */
class ProtocolIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static Status run(IngestRequest... requests) {
        return IngestCall.run(server.asyncStub(), List.of(requests)).status();
    }

    @Test
    void aChunkBeforeTheHeaderIsRefused() {
        Status status = run(chunk(0, catalog(3, 0)));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("chunk before the header");
    }

    @Test
    void aSecondHeaderIsRefused() {
        Status status = run(header("two-headers"), header("two-headers"));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("second header");
    }

    @Test
    void offsetsThatGoBackAreRefused() {
        Status status = run(header("back"), chunk(0, catalog(10, 0)), chunk(5, catalog(10, 0)));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription())
                .contains("first_offset 5 goes back")
                .contains("next offset of job back is 10");
    }

    @Test
    void offsetsThatSkipAreRefused() {
        Status status = run(header("skip"), chunk(0, catalog(10, 0)), chunk(11, catalog(10, 0)));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("first_offset 11 skips rows");
    }

    @Test
    void aFirstChunkBeyondTheCommittedOffsetIsRefused() {
        Status status = run(header("ahead"), chunk(7, catalog(10, 0)));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("committed up to offset 0");
    }

    @Test
    void aStreamWithoutAHeaderIsRefused() {
        Status status = run();

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("without a header");
    }

    @Test
    void aMalformedJobIdIsRefused() {
        Status status = run(header("has space"));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription())
                .contains("header job_id must be 1..128 characters")
                .doesNotContain("has space");
    }

    @Test
    void anUnknownJobIsNotFound() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.grpc.StatusRuntimeException.class,
                () -> server.blockingStub()
                        .getJob(dev.productingest.v1.GetJobRequest.newBuilder()
                                .setJobId("nope")
                                .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }
}
