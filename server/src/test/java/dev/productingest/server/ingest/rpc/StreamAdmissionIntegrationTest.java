package dev.productingest.server.ingest.rpc;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streams that send nothing are ended in time, and no one client holds every slot. */
class StreamAdmissionIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("ingest.headerTimeout", "1s"),
            ConfigOverride.config("ingest.idleTimeout", "3s"),
            ConfigOverride.config("ingest.maxStreams", "6"),
            ConfigOverride.config("ingest.maxStreamsPerClient", "3"));

    @Test
    void aStreamWithoutAHeaderIsEndedAfterTheHeaderTimeout() {
        Status status = IngestCall.open(server.asyncStub()).await().status();

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).contains("no header within 1 second");
    }

    @Test
    void anIdleStreamIsEndedAndItsJobStaysResumable() {
        IngestCall idle =
                IngestCall.open(server.asyncStub()).send(header("idle")).send(chunk(0, catalog(10, 0)));

        Status status = idle.await().status();
        IngestSummary resumed = IngestCall.run(server.asyncStub(), List.of(header("idle"), chunk(0, catalog(20, 0))))
                .summary();

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).contains("no message for 3 seconds").contains("stays RUNNING");
        assertThat(resumed.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(resumed.getReceived()).isEqualTo(20);
        assertThat(resumed.getInserted()).isEqualTo(20);
    }

    @Test
    void oneClientGetsNoMoreThanItsShareOfTheStreams() throws InterruptedException {
        List<IngestCall> held = List.of(
                IngestCall.open(server.asyncStub()).send(header("held-1")),
                IngestCall.open(server.asyncStub()).send(header("held-2")),
                IngestCall.open(server.asyncStub()).send(header("held-3")));
        server.awaitAdmittedStreams(3);

        Status refused = IngestCall.run(server.asyncStub(), List.of(header("one-too-many"), chunk(0, catalog(5, 0))))
                .status();

        assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getDescription()).contains("already runs 3 ingest streams on this server");
        // The held streams go idle and are ended; their slots come back.
        held.forEach(call -> assertThat(call.await().status().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        IngestSummary admitted = IngestCall.run(
                        server.asyncStub(), List.of(header("admitted"), chunk(0, catalog(5, 0))))
                .summary();
        assertThat(admitted.getInserted()).isEqualTo(5);
    }
}
