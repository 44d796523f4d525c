package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /live/jobs} over real sockets: a bounded number of viewers, a viewer who stops reading holds up no other
 * viewer and is dropped in the end, and a stopping server waits for none.
 */
class LiveJobsIntegrationTest {
    // Enough jobs that the events of a few rounds fill what the kernel buffers for a viewer (about
    // 2 MB on loopback), each carrying a long source.
    private static final int JOBS = 100;
    private static final String SOURCE = "s".repeat(1000);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("liveJobs.maxViewers", "2"),
            ConfigOverride.config("liveJobs.sendTimeout", "3s"),
            ConfigOverride.config("ingest.maxStreams", "128"),
            ConfigOverride.config("ingest.maxStreamsPerClient", "128"));

    @Test
    void aViewerBeyondTheLimitIsToldToRetryLater() throws Exception {
        try (TestServer small = TestServer.start(ConfigOverride.config("liveJobs.maxViewers", "2"));
                LiveViewer first = LiveViewer.open(small.httpPort());
                LiveViewer second = LiveViewer.open(small.httpPort())) {
            HttpResponse<String> third = LiveViewer.refused(small.http());

            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(third.body()).get("message").asText()).contains("retry later");
        }
    }

    @Test
    void aStoppingServerCutsItsViewersOffAtOnce() throws Exception {
        TestServer stopping = TestServer.start();
        try (LiveViewer viewer = LiveViewer.open(stopping.httpPort())) {
            long started = System.nanoTime();
            stopping.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("the stop, which waits up to 30 s for open requests")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(viewer.endsWithin(Duration.ofSeconds(5)))
                    .as("the feed ended")
                    .isTrue();
        }
    }

    @Test
    void aViewerWhoStopsReadingDelaysNoOtherAndIsDroppedInTheEnd() throws Exception {
        try (Socket stalled = stalledViewer()) {
            awaitViewers(1);
            try (LiveViewer live = LiveViewer.open(server.httpPort())) {
                awaitViewers(2);
                List<IngestCall> jobs = openJobs();
                Conditions.await(
                        "the live viewer sees every job open", () -> jobIds().allMatch(id -> live.offset(id) >= 0));
                int opened = live.changes().size();
                long started = System.nanoTime();
                for (int round = 0; viewers() > 1; round++) {
                    assertThat(Duration.ofNanos(System.nanoTime() - started))
                            .as("the stalled viewer is dropped")
                            .isLessThan(Duration.ofMinutes(2));
                    commitOneRowEach(jobs, round);
                    long offset = round + 1;
                    Conditions.await(
                            "the live viewer sees round " + round,
                            () -> jobIds().allMatch(id -> live.offset(id) >= offset));
                }
                jobs.forEach(IngestCall::finish);

                List<LiveViewer.Change> seen = List.copyOf(live.changes());
                List<LiveViewer.Change> commits = seen.subList(opened, seen.size());
                assertThat(commits)
                        .allSatisfy(change ->
                                assertThat(change.delay()).as("%s", change).isLessThan(Duration.ofSeconds(1)));
                assertThat(live.bytes())
                        .as("enough to fill the stalled viewer's buffers")
                        .isGreaterThan(2_000_000);
                assertThat(readToTheEnd(stalled))
                        .as("the server closed the stalled viewer's connection")
                        .isTrue();
                try (LiveViewer next = LiveViewer.open(server.httpPort())) {
                    awaitViewers(2);
                }
            }
        }
    }

    private static List<IngestCall> openJobs() {
        List<IngestCall> jobs = new ArrayList<>();
        jobIds().forEach(id -> jobs.add(IngestCall.open(server.asyncStub())
                .send(IngestRequest.newBuilder()
                        .setHeader(IngestHeader.newBuilder().setJobId(id).setSource(SOURCE))
                        .build())));
        return jobs;
    }

    private static void commitOneRowEach(List<IngestCall> jobs, int round) {
        for (int j = 0; j < jobs.size(); j++) {
            jobs.get(j).send(IngestCall.chunk(round, List.of(Products.row("live-" + j + "-" + round, 0))));
        }
    }

    private static Stream<String> jobIds() {
        return IntStream.range(0, JOBS).mapToObj(j -> "live-" + j);
    }

    /** A viewer that asks for the feed and never reads it, through a receive buffer of a few kilobytes. */
    private static Socket stalledViewer() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("localhost", server.httpPort()));
        socket.getOutputStream()
                .write("GET /live/jobs HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads what the server had sent until the connection ends: true when it was closed. */
    private static boolean readToTheEnd(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // what was in flight before the cut
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static int viewers() {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("gauges")
                .get("live.jobs.viewers")
                .get("value")
                .asInt();
    }

    private static void awaitViewers(int n) {
        Conditions.await(n + " viewers of /live/jobs", () -> viewers() == n);
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
