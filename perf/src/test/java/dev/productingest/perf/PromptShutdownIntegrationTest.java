package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RowSource;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.JobWatch;
import dev.productingest.server.testing.PacedRows;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ListRejectsRequest;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowError;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM to a server JVM with each kind of connection open: the JVM exits within {@code grpc.shutdownGrace} + 2 s
 * whatever is connected, and within 3 s when nothing is left to finish: idle, or with readers only, whom a stopping
 * server tells to go elsewhere at once. An orchestrator kills a process that outlives its grace period (Kubernetes: 30
 * s), and a rolling restart waits for every server's stop in turn. The readers here take nothing once connected, as a
 * stalled browser or a client that went away without closing would.
 */
class PromptShutdownIntegrationTest {
    private static final Duration IDLE_STOP = Duration.ofSeconds(3);
    private static final String REJECTS_JOB = "many-rejects";
    // As CSV, 30 MB: more than the sockets between a reader and the server buffer, and a download
    // that lasts beyond the grace at the pace of a steady reader.
    private static final int REJECTS = 600_000;

    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    private static Duration connectedStop;
    private static int servers;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void aJobWithManyRejects() throws Exception {
        connectedStop = ServerSettings.shutdownGrace(Bench.repoRoot()).plusSeconds(2);
        try (ServerProcess server = start();
                IngestClient client = IngestClient.builder(server.target()).build()) {
            IngestSummary loaded = client.load(
                    IngestOptions.defaults().withJobId(REJECTS_JOB),
                    RowSource.of(new CatalogGenerator(CatalogSpec.of(REJECTS, 5).withInvalid(1.0))));
            assertThat(loaded.getRejected()).isEqualTo(REJECTS);
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void anIdleServerStopsWithinThreeSeconds() throws Exception {
        ServerProcess server = server();
        assertThat(stop(server)).isLessThan(IDLE_STOP);
    }

    @Test
    void aJobsPageViewerDoesNotHoldTheStop() throws Exception {
        ServerProcess server = server();
        viewer(server);
        assertThat(stop(server)).isLessThan(IDLE_STOP);
    }

    @Test
    void aWatcherDoesNotHoldTheStop() throws Exception {
        ServerProcess server = server();
        JobWatch watch = watcher(server, "watched");
        Duration stop = stop(server);
        assertThat(stop).isLessThan(IDLE_STOP);
        assertThat(watch.ended().getCode())
                .as("the watcher is told to watch again elsewhere")
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aRejectsReaderWhoTakesNothingDoesNotHoldTheStop() throws Exception {
        ServerProcess server = server();
        RejectsReader reader = rejectsReader(server);
        Duration stop = stop(server);
        assertThat(stop).isLessThan(IDLE_STOP);
        // Its last words wait behind the rejects it does not take: its call is cut off instead.
        assertThat(reader.status().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
    }

    @Test
    void aRestReaderWhoTakesNothingDoesNotHoldTheStop() throws Exception {
        ServerProcess server = server();
        restReader(server);
        assertThat(stop(server)).isLessThan(connectedStop);
    }

    @Test
    void aSteadyDownloadGetsTheGraceAndNoMore() throws Exception {
        ServerProcess server = server();
        Download download = download(server);
        assertThat(stop(server)).isLessThan(connectedStop);
        assertThat(download.ended.get(10, TimeUnit.SECONDS))
                .as("bytes read when the download was cut off")
                .isPositive();
        assertThat(download.complete)
                .as("the download was cut off, not finished")
                .isFalse();
    }

    @Test
    void aStreamingProducerDoesNotHoldTheStop() throws Exception {
        ServerProcess server = server();
        producer(server, "streaming");
        assertThat(stop(server)).isLessThan(connectedStop);
    }

    /**
     * PostgreSQL frozen behind a partition while a batch is being written: the batch waits for an answer for
     * socketTimeout (30 s), and closing the pool's connections to it for minutes; the stop ends at its deadline all the
     * same.
     */
    @Test
    void aDatabaseThatAnswersNothingDoesNotHoldTheStop() throws Exception {
        ServerProcess server = server();
        producer(server, "streaming-into-a-frozen-database");
        Duration stop;
        try (FrozenProcesses frozen =
                FrozenProcesses.freeze(CpuUse.postmasterPid(stores.postgres().dataDirectory()))) {
            stop = stop(server);
        }
        assertThat(stop).isLessThan(connectedStop);
        assertThat(Files.readString(server.log())).as("the server's last words").contains("did not finish stopping");
    }

    @Test
    void everyKindAtOnceDoesNotHoldTheStop() throws Exception {
        ServerProcess server = server();
        producer(server, "streaming-beside-the-others");
        viewer(server);
        watcher(server, "watched-beside-the-others");
        rejectsReader(server);
        restReader(server);
        download(server);
        assertThat(stop(server)).isLessThan(connectedStop);
    }

    /** SIGTERM, and how long the JVM took to exit (killed after a minute). */
    private static Duration stop(ServerProcess server) throws InterruptedException {
        Duration took = server.terminate(Duration.ofSeconds(60));
        Bench.log("the server stopped in %d ms", took.toMillis());
        return took;
    }

    /** A server of the test's own, killed after it if the test did not stop it. */
    private ServerProcess server() throws Exception {
        ServerProcess server = start();
        opened.add(server);
        return server;
    }

    private static ServerProcess start() throws Exception {
        return ServerProcess.start(
                Bench.repoRoot(),
                stores.url(),
                stores.redisUrl(),
                stores.dir().resolve("server-" + servers++ + ".log"),
                "256m");
    }

    /** A jobs page open on /live/jobs, its feed admitted and then not read. */
    private void viewer(ServerProcess server) throws IOException {
        Socket socket = new Socket();
        opened.add(socket);
        socket.connect(new InetSocketAddress("localhost", server.httpPort()));
        socket.getOutputStream()
                .write("GET /live/jobs HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
        assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 200");
    }

    /** The rejects of a large job as CSV, asked for over a socket that reads the status line and nothing more. */
    private void restReader(ServerProcess server) throws IOException {
        Socket socket = new Socket();
        opened.add(socket);
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", server.httpPort()));
        socket.getOutputStream()
                .write(("GET /jobs/" + REJECTS_JOB + "/rejects.csv HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 200");
    }

    /**
     * The rejects of the large job as CSV, read at a steady pace, about 1.5 MB/s: a download over a slow link, which
     * keeps its connection busy to the end.
     */
    private Download download(ServerProcess server) throws IOException {
        Socket socket = new Socket();
        opened.add(socket);
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new InetSocketAddress("localhost", server.httpPort()));
        socket.getOutputStream()
                .write(("GET /jobs/" + REJECTS_JOB + "/rejects.csv HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 200");
        Download download = new Download();
        Thread reader = new Thread(() -> download.read(socket), "download");
        reader.setDaemon(true);
        reader.start();
        return download;
    }

    private static final class Download {
        private final CompletableFuture<Long> ended = new CompletableFuture<>();
        private volatile boolean complete;

        void read(Socket socket) {
            byte[] buffer = new byte[16 * 1024];
            long bytes = 0;
            try (InputStream in = socket.getInputStream()) {
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    bytes += n;
                    // The chunked body's last chunk: the whole CSV arrived.
                    complete = n >= 5 && new String(buffer, n - 5, 5, StandardCharsets.US_ASCII).equals("0\r\n\r\n");
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException cut) {
                // the server closed the connection
            }
            ended.complete(bytes);
        }
    }

    /** A WatchJob call on a job that no stream holds (its producer went away): it would never end by itself. */
    private JobWatch watcher(ServerProcess server, String jobId) throws InterruptedException {
        ManagedChannel channel = channel(server);
        List<ProductRow> rows = new ArrayList<>();
        new CatalogGenerator(CatalogSpec.of(100, 9)).forEachRemaining(rows::add);
        IngestCall.commitThenBreak(
                ProductIngestGrpc.newStub(channel), ProductIngestGrpc.newBlockingStub(channel), jobId, rows);
        JobWatch watch = JobWatch.start(ProductIngestGrpc.newStub(channel), jobId);
        assertThat(watch.next()).as("the job as it stands").isNotNull();
        return watch;
    }

    /**
     * A ListRejects call of the large job that takes its first reject and asks for no more, over a connection whose
     * window holds a small part of them: the server cannot finish it.
     */
    private RejectsReader rejectsReader(ServerProcess server) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(server.target())
                .usePlaintext()
                .flowControlWindow(64 * 1024)
                .build();
        opened.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        RejectsReader reader = new RejectsReader();
        ProductIngestGrpc.newStub(channel)
                .listRejects(
                        ListRejectsRequest.newBuilder().setJobId(REJECTS_JOB).build(), reader);
        assertThat(reader.first.join().getOffset()).isZero();
        return reader;
    }

    private static final class RejectsReader implements ClientResponseObserver<ListRejectsRequest, RowError> {
        private final CompletableFuture<RowError> first = new CompletableFuture<>();
        private final CompletableFuture<Status> ended = new CompletableFuture<>();
        private final AtomicLong received = new AtomicLong();
        private volatile ClientCallStreamObserver<ListRejectsRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<ListRejectsRequest> call) {
            this.call = call;
            call.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(RowError reject) {
            received.incrementAndGet();
            first.complete(reject);
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            ended.complete(Status.OK);
        }

        /** How the call ended, once every reject it had buffered is read: gRPC tells the end after them. */
        Status status() throws Exception {
            call.request(Integer.MAX_VALUE);
            Status status = ended.get(10, TimeUnit.SECONDS);
            assertThat(received.get()).as("rejects received before the end").isLessThan(REJECTS);
            return status;
        }
    }

    /** A load streaming a row every few milliseconds, part of it committed. */
    private void producer(ServerProcess server, String jobId) {
        IngestClient client = IngestClient.builder(server.target()).build();
        opened.add(client);
        client.loadAsync(
                IngestOptions.defaults().withJobId(jobId),
                () -> RowSource.of(new PacedRows(new CatalogGenerator(CatalogSpec.of(1_000_000, 13)), 1_000, 20)));
        Jdbi jdbi = Jdbi.create(stores.url());
        Conditions.await(
                "a part of the load commits",
                Duration.ofMinutes(1),
                () -> jdbi.withHandle(h -> h.createQuery("SELECT committed_offset FROM ingest_jobs WHERE job_id = :id")
                                .bind("id", jobId)
                                .mapTo(Long.class)
                                .findOne()
                                .orElse(0L))
                        > 0);
    }

    private ManagedChannel channel(ServerProcess server) {
        ManagedChannel channel =
                ManagedChannelBuilder.forTarget(server.target()).usePlaintext().build();
        opened.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return channel;
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }
}
